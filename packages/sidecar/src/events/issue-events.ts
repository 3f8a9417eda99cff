/**
 * Issue events (docs/sidecar.md "Events"), in steps: locate each event's issue before and
 * after, find the candidate subscriptions in the tenant index, decide the effects
 * (effects.ts), then write them: patches, the version moves they and the "seen" subscriptions
 * need, stale marks, and the index entries of subscriptions gone from Redis. Issue events
 * are also counted per project for the report refresh policy (reports/policy/activity.ts).
 */
import type { EngineContext } from "../engine/context.js";
import { redisCall } from "../engine/failures.js";
import type { TenantView } from "../engine/tenant.js";
import {
  bumpVersion,
  dropFromIndex,
  isStoreError,
  lookupCandidates,
  type MembershipResult,
  markStaleMany,
  setMembershipMany,
} from "../redis/index.js";
import { countChanges } from "../reports/policy/activity.js";
import { readCandidates } from "./candidates.js";
import { effectsOf, type LocatedEvent } from "./effects.js";
import { type EventSides, needsCurrentRow, sidesOf } from "./indexed-values.js";
import { type PendingPatch, VersionMoves } from "./pending-writes.js";
import type { IssueEventInput } from "./schema.js";

export interface IssueEventsOutcome {
  readonly matched: number;
  readonly patched: number;
  readonly staled: number;
}

export async function applyIssueEvents(
  ctx: EngineContext,
  view: TenantView,
  events: readonly IssueEventInput[],
): Promise<IssueEventsOutcome> {
  const sides = await sidesOfEvents(view, events);
  const counted = countProjects(ctx, view.tenant, sides);
  const located = await locate(ctx, view.tenant, events, sides);
  const candidates = await readCandidates(ctx, view.tenant, [
    ...new Set(located.flatMap((l) => l.lookup.ids)),
  ]);
  const effects = effectsOf(ctx, view, located, candidates);
  const patches = effects.patches.without(effects.stale);
  const written = await writePatches(ctx, view.tenant, patches);
  const stale = new Set([...effects.stale, ...idsWith(written, "tooLarge")]);
  await moveVersions(ctx, view.tenant, versionMovesOf(effects.seen, patches, written, stale));
  const missing = new Set([...idsWith(written, "missing"), ...(await markStale(ctx, view.tenant, stale))]);
  await dropMissing(ctx, view.tenant, located, missing);
  await counted;
  const patched = written.filter((r) => r.outcome === "changed" || r.outcome === "unchanged").length;
  return { matched: stale.size + patches.length, patched, staled: stale.size };
}

/** Indexed values before and after each event, with one batched read for those missing. */
async function sidesOfEvents(view: TenantView, events: readonly IssueEventInput[]): Promise<EventSides[]> {
  const rows = await view.database.indexedValues(events.filter(needsCurrentRow).map((e) => e.issueId));
  return events.map((event) => sidesOf(event, rows.get(event.issueId)));
}

/** Best effort, alongside the rest: a lost count only delays a report's refresh. */
function countProjects(ctx: EngineContext, tenant: string, sides: readonly EventSides[]): Promise<unknown> {
  return countChanges(ctx.store.client, tenant, sides.map(projectsOf)).catch((error: unknown) =>
    ctx.logger.warn({ err: error, tenant }, "could not count change events for reports"),
  );
}

/** The projects an event touched: before and after (an issue may move), when known. */
function projectsOf(sides: EventSides): number[] {
  const ids = [...(sides.before?.project ?? []), ...(sides.after?.project ?? [])].map(Number);
  return ids.filter((id) => Number.isSafeInteger(id));
}

async function locate(
  ctx: EngineContext,
  tenant: string,
  events: readonly IssueEventInput[],
  sides: readonly EventSides[],
): Promise<LocatedEvent[]> {
  const lookups = await redisCall(ctx.redisBreaker, () =>
    Promise.all(sides.map((side) => lookupCandidates(ctx.store, tenant, side))),
  );
  return events.map((event, index) => ({ event, sides: sides[index]!, lookup: lookups[index]! }));
}

async function writePatches(
  ctx: EngineContext,
  tenant: string,
  patches: readonly PendingPatch[],
): Promise<MembershipResult[]> {
  const list = patches.map(({ patch }) => patch);
  const written = await redisCall(ctx.redisBreaker, () => setMembershipMany(ctx.store, tenant, list));
  for (const result of written)
    if (result.outcome !== "missing") ctx.hub.advance(tenant, result.id, result.version);
  return written;
}

function idsWith(written: readonly MembershipResult[], outcome: MembershipResult["outcome"]): string[] {
  return written.filter((result) => result.outcome === outcome).map((result) => result.id);
}

/**
 * An issue that stays a member still changed: Stage 2 (its clauses, permissions, order)
 * may answer differently, so the version moves, as it does for the same event without a
 * snapshot; otherwise Stage 2 answers cached at the old version would still be served.
 * Unless the event names every field it changed and no query of the subscription reads
 * any of them (touched.ts). Stale subscriptions move anyway.
 */
function versionMovesOf(
  seen: VersionMoves,
  patches: readonly PendingPatch[],
  written: readonly MembershipResult[],
  stale: ReadonlySet<string>,
): VersionMoves {
  const moves = new VersionMoves();
  for (const [id, personal] of seen) if (!stale.has(id)) moves.add(id, personal);
  written.forEach((result, index) => {
    const { patch, moves: mayMove } = patches[index]!;
    if (result.outcome === "unchanged" && patch.member && mayMove && !stale.has(result.id)) {
      moves.add(result.id, patch.personal);
    }
  });
  return moves;
}

async function moveVersions(ctx: EngineContext, tenant: string, moves: VersionMoves): Promise<void> {
  await redisCall(ctx.redisBreaker, () =>
    Promise.all(
      [...moves].map(([id, personal]) =>
        bumpVersion(ctx.store, { tenant, id }, personal).then(
          (version) => ctx.hub.advance(tenant, id, version),
          (error: unknown) => {
            if (!isStoreError(error, "E_SUBSCRIPTION_MISSING")) throw error;
          },
        ),
      ),
    ),
  );
}

/** Marks `stale` stale; returns the ids found missing. */
async function markStale(ctx: EngineContext, tenant: string, stale: ReadonlySet<string>): Promise<string[]> {
  const marked = await redisCall(ctx.redisBreaker, () => markStaleMany(ctx.store, tenant, [...stale]));
  const missing: string[] = [];
  for (const result of marked) {
    if (result.outcome === "missing") missing.push(result.id);
    // This process's own version polls see the change at once; others via the channel.
    else ctx.hub.remember(tenant, result.id, result.version, "stale");
  }
  return missing;
}

/** Subscriptions gone from Redis leave the index sets their events were looked up in. */
async function dropMissing(
  ctx: EngineContext,
  tenant: string,
  located: readonly LocatedEvent[],
  missing: ReadonlySet<string>,
): Promise<void> {
  if (missing.size === 0) return;
  const keys = [...new Set(located.flatMap((l) => l.lookup.keys))];
  await redisCall(ctx.redisBreaker, () => dropFromIndex(ctx.store, tenant, keys, [...missing]));
}
