/**
 * What a batch of issue events does to its candidate subscriptions, decided before any
 * write: mark stale, patch the member set from a full snapshot (patch.ts), or, for a
 * member set that already saw the change, only move the version for the answers computed
 * before it. No Redis or database call (evaluating Stage 1 on a snapshot is in memory).
 */
import type { EngineContext } from "../engine/context.js";
import type { TenantView } from "../engine/tenant.js";
import { STAGE2_ONLY_ID } from "../engine/versions.js";
import type { Candidates } from "../redis/index.js";
import { affects, type Candidate } from "./candidates.js";
import type { EventSides } from "./indexed-values.js";
import { membershipAfter } from "./patch.js";
import { PatchBook, VersionMoves } from "./pending-writes.js";
import { personalEntriesOf } from "./personal.js";
import type { IssueEventInput } from "./schema.js";
import { changedFieldsOf, mayMove } from "./touched.js";

/** One issue event, where the issue was and is, and the subscriptions the index names. */
export interface LocatedEvent {
  readonly event: IssueEventInput;
  readonly sides: EventSides;
  readonly lookup: Candidates;
}

export interface IssueEffects {
  /** Subscriptions to mark stale: a patch was not possible for some event. */
  readonly stale: Set<string>;
  readonly patches: PatchBook;
  /** Subscriptions whose member set already saw the change, with whose answers it moves. */
  readonly seen: VersionMoves;
}

export function effectsOf(
  ctx: EngineContext,
  view: TenantView,
  located: readonly LocatedEvent[],
  candidates: ReadonlyMap<string, Candidate>,
): IssueEffects {
  const effects: IssueEffects = { stale: new Set(), patches: new PatchBook(), seen: new VersionMoves() };
  for (const one of located) addEffects(ctx, view, one, candidates, effects);
  return effects;
}

function addEffects(
  ctx: EngineContext,
  view: TenantView,
  { event, sides, lookup }: LocatedEvent,
  candidates: ReadonlyMap<string, Candidate>,
  effects: IssueEffects,
): void {
  const personal = personalEntriesOf(event);
  const changed = changedFieldsOf(event, view.catalog);
  for (const id of lookup.ids) {
    const candidate = candidates.get(id);
    if (!candidate) continue;
    const affected = affects(candidate, sides, event);
    if (affected === "no") continue;
    const moves = mayMove(candidate.reads, changed);
    // "seen": the member set reflects the change, but answers computed before it at this
    // version do not (a refresh that changed no membership moved no version).
    if (affected === "seen") {
      if (moves) effects.seen.add(id, personal);
      continue;
    }
    const member = id !== STAGE2_ONLY_ID ? membershipAfter(ctx, view, candidate.stage1, event) : undefined;
    if (member === undefined) effects.stale.add(id);
    else effects.patches.add({ id, issueId: event.issueId, member, personal }, moves);
  }
}
