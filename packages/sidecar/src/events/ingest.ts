/**
 * Event ingestion (docs/sidecar.md "Events"): validate the whole batch, then
 *  - configuration events: move the tenant configuration version, reload catalogs, and
 *    mark every subscription stale (rare; when in doubt, correctness first);
 *  - issue events: find candidate subscriptions in the tenant index by the indexed values
 *    before and after, keep those whose metadata the issue can satisfy (precise
 *    invalidation) and whose committed result has not already seen the writer's
 *    transaction (one whose first populate is still running is always kept; one that saw
 *    it still moves its version for the answers computed before), then patch
 *    the member set from a full snapshot (no database query; an issue that stays a member
 *    still moves the version, as Stage 2 reads more than membership) or mark it stale;
 *    with a snapshot that tells whose personal answers can move (personal.ts), only those
 *    users' personal versions move with it;
 *  - and count issue events per project for the report refresh policy (reports/activity.ts).
 */
import type { IssueSnapshot } from "@subq/jql";
import { snapshotIncludes } from "../db/execute/index.js";
import type { EngineContext } from "../engine/context.js";
import { redisCall } from "../engine/failures.js";
import type { TenantView } from "../engine/tenant.js";
import type { IngestResult } from "../engine/types.js";
import { noteConfigVersion, STAGE2_ONLY_ID } from "../engine/versions.js";
import { viewOf } from "../engine/view.js";
import {
  bumpConfigVersion,
  bumpVersion,
  type DecodedMetadata,
  decodeMetadata,
  dropFromIndex,
  eventMatches,
  isStoreError,
  lookupCandidates,
  type MembershipPatch,
  markStaleMany,
  readMatchStates,
  scanSubscriptions,
  setMembershipMany,
  snapshotOf,
} from "../redis/index.js";
import { countChanges } from "../reports/policy/activity.js";
import { type EventSides, needsCurrentRow, sidesOf } from "./indexed-values.js";
import { satisfiesStage1 } from "./patch.js";
import { personalEntriesOf } from "./personal.js";
import { type ConfigEventInput, type IssueEventInput, parseEvents } from "./schema.js";
import { changedFieldsOf, mayMove } from "./touched.js";

interface Candidate {
  /** Null while the first populate runs (nothing committed yet). */
  readonly metadata: DecodedMetadata | null;
  readonly stage1: string | null;
  readonly snapshot: string | null;
  /** The fields its queries' Stage 2 reads (registerReads); null when not recorded. */
  readonly reads: ReadonlySet<string> | null;
}

export async function ingestEvents(
  ctx: EngineContext,
  tenant: string,
  events: readonly unknown[],
): Promise<IngestResult> {
  const parsed = parseEvents(events);
  const view = await viewOf(ctx, tenant);
  const config = parsed.config.length ? await applyConfigEvents(ctx, view, parsed.config) : { matched: 0 };
  const issues = parsed.issues.length
    ? await applyIssueEvents(ctx, view, parsed.issues)
    : { matched: 0, patched: 0, staled: 0 };
  ctx.metrics.events(
    events.length,
    config.matched + issues.matched,
    issues.patched,
    config.matched + issues.staled,
  );
  return { accepted: events.length, matched: config.matched + issues.matched, patched: issues.patched };
}

async function applyConfigEvents(ctx: EngineContext, view: TenantView, events: readonly ConfigEventInput[]) {
  ctx.logger.info({ tenant: view.tenant, events: events.map((e) => e.type) }, "configuration changed");
  const version = await redisCall(ctx.redisBreaker, () => bumpConfigVersion(ctx.store, view.tenant));
  noteConfigVersion(ctx, view.tenant, version);
  ctx.tenants.get(view.tenant).invalidate();
  const ids = await redisCall(ctx.redisBreaker, () => scanSubscriptions(ctx.store, view.tenant));
  let matched = 0;
  for (let i = 0; i < ids.length; i += 500) {
    const batch = ids.slice(i, i + 500);
    const results = await redisCall(ctx.redisBreaker, () => markStaleMany(ctx.store, view.tenant, batch));
    matched += results.filter((r) => r.outcome === "marked").length;
  }
  return { matched };
}

async function applyIssueEvents(ctx: EngineContext, view: TenantView, events: readonly IssueEventInput[]) {
  const rows = await view.database.indexedValues(events.filter(needsCurrentRow).map((e) => e.issueId));
  const sides = events.map((event) => sidesOf(event, rows.get(event.issueId)));
  // Best effort, alongside the rest: a lost count only delays a report's refresh.
  const counted = countChanges(ctx.store.client, view.tenant, sides.map(projectsOf)).catch((error: unknown) =>
    ctx.logger.warn({ err: error, tenant: view.tenant }, "could not count change events for reports"),
  );
  const lookups = await redisCall(ctx.redisBreaker, () =>
    Promise.all(sides.map((side) => lookupCandidates(ctx.store, view.tenant, side))),
  );
  const candidates = await readCandidates(ctx, view.tenant, [...new Set(lookups.flatMap((l) => l.ids))]);

  const stale = new Set<string>();
  const patches = new Map<string, MembershipPatch>();
  /** Patches after which the version must move even if the issue stays a member. */
  const moving = new Set<string>();
  /** Subscriptions whose member set saw the change already, with whose answers it moves. */
  const seen = new Map<string, readonly string[] | undefined>();
  events.forEach((event, index) => {
    const personal = personalEntriesOf(event);
    const changed = changedFieldsOf(event, view.catalog);
    for (const id of lookups[index]!.ids) {
      const candidate = candidates.get(id);
      if (!candidate) continue;
      const affected = affects(candidate, sides[index]!, event);
      if (affected === "no") continue;
      if (affected === "seen") {
        // The member set already reflects the change, but answers computed before it at
        // this version do not (a refresh that changed no membership moved no version).
        if (mayMove(candidate.reads, changed)) bumpAlso(seen, id, personal);
        continue;
      }
      const patch = id !== STAGE2_ONLY_ID ? patchOf(ctx, view, candidate, event) : undefined;
      if (patch === undefined) {
        stale.add(id);
        continue;
      }
      // Of several events for one issue the last says where it is; all say whose answers moved.
      const key = `${id} ${event.issueId}`;
      if (mayMove(candidate.reads, changed)) moving.add(key);
      const earlier = patches.get(key);
      const entries = earlier ? unionOf(earlier.personal, personal) : personal;
      patches.set(key, { id, issueId: event.issueId, member: patch, personal: entries });
    }
  });
  for (const key of patches.keys()) if (stale.has(key.split(" ")[0]!)) patches.delete(key);

  const patchList = [...patches.values()];
  const patched = await redisCall(ctx.redisBreaker, () =>
    setMembershipMany(ctx.store, view.tenant, patchList),
  );
  const missing = new Set<string>();
  for (const result of patched) {
    if (result.outcome === "tooLarge") stale.add(result.id);
    if (result.outcome === "missing") missing.add(result.id);
    else ctx.hub.advance(view.tenant, result.id, result.version);
  }
  // An issue that stays a member still changed: Stage 2 (its clauses, permissions, order)
  // may answer differently, so the version moves, as it does for the same event without a
  // snapshot; otherwise Stage 2 answers cached at the old version would still be served.
  // Unless the event names every field it changed and no query of the subscription reads
  // any of them (touched.ts).
  const kept = new Map<string, readonly string[] | undefined>();
  for (const [id, personal] of seen) if (!stale.has(id)) bumpAlso(kept, id, personal);
  patched.forEach((r, k) => {
    const patch = patchList[k]!;
    if (r.outcome !== "unchanged" || !patch.member || stale.has(r.id)) return;
    if (!moving.has(`${r.id} ${patch.issueId}`)) return;
    bumpAlso(kept, r.id, patch.personal);
  });
  await redisCall(ctx.redisBreaker, () =>
    Promise.all(
      [...kept].map(([id, personal]) =>
        bumpVersion(ctx.store, { tenant: view.tenant, id }, personal).then(
          (version) => ctx.hub.advance(view.tenant, id, version),
          (error: unknown) => {
            if (!isStoreError(error, "E_SUBSCRIPTION_MISSING")) throw error;
          },
        ),
      ),
    ),
  );
  const marked = await redisCall(ctx.redisBreaker, () => markStaleMany(ctx.store, view.tenant, [...stale]));
  for (const result of marked) {
    if (result.outcome === "missing") missing.add(result.id);
    // This process's own version polls see the change at once; others via the channel.
    else ctx.hub.remember(view.tenant, result.id, result.version, "stale");
  }
  if (missing.size) {
    const keys = [...new Set(lookups.flatMap((l) => l.keys))];
    await redisCall(ctx.redisBreaker, () => dropFromIndex(ctx.store, view.tenant, keys, [...missing]));
  }
  const patchedCount = patched.filter((r) => r.outcome === "changed" || r.outcome === "unchanged").length;
  await counted;
  return { matched: stale.size + patchList.length, patched: patchedCount, staled: stale.size };
}

/** Adds a version move of subscription `id` for `personal`'s users (undefined: anyone's). */
function bumpAlso(
  moves: Map<string, readonly string[] | undefined>,
  id: string,
  personal: readonly string[] | undefined,
): void {
  moves.set(id, moves.has(id) ? unionOf(moves.get(id), personal) : personal);
}

/** Whose personal answers two changes move together; undefined (anyone's) wins. */
function unionOf(
  a: readonly string[] | undefined,
  b: readonly string[] | undefined,
): readonly string[] | undefined {
  return a === undefined || b === undefined ? undefined : [...new Set([...a, ...b])];
}

/** The projects an event touched: before and after (an issue may move), when known. */
function projectsOf(sides: EventSides): number[] {
  const ids = [...(sides.before?.project ?? []), ...(sides.after?.project ?? [])].map(Number);
  return ids.filter((id) => Number.isSafeInteger(id));
}

/** The metadata, Stage 1 text and snapshot of each candidate, in one batch of reads. */
async function readCandidates(ctx: EngineContext, tenant: string, ids: readonly string[]) {
  const states = await redisCall(ctx.redisBreaker, () => readMatchStates(ctx.store, tenant, ids));
  const candidates = new Map<string, Candidate>();
  states.forEach((state, index) => {
    if (state === null) return; // expired
    // A pending meta (its populate registered, then started Stage 1) is dirtied like any
    // other, so that the commit of a result read before this change stays stale.
    const committed = state.stage1 !== null;
    candidates.set(ids[index]!, {
      metadata: committed ? decodeMetadata(state.metadataText ?? "") : null,
      stage1: state.stage1,
      snapshot: state.position ? snapshotOf(state.position) : null,
      reads: state.reads.length > 0 ? new Set(state.reads) : null,
    });
  });
  return candidates;
}

/**
 * Can the event change this subscription's results ("no": its metadata rules the issue
 * out), and has its committed member set not seen the change yet ("seen": it has)?
 */
function affects(candidate: Candidate, sides: EventSides, event: IssueEventInput): "no" | "seen" | "yes" {
  if (candidate.metadata === null) return "yes";
  if (!eventMatches(candidate.metadata, sides)) return "no";
  if (
    event.txid !== undefined &&
    candidate.snapshot !== null &&
    snapshotIncludes(candidate.snapshot, event.txid)
  ) {
    return "seen";
  }
  return "yes";
}

/** Membership after the event from a full snapshot (or deletion); undefined: mark stale. */
function patchOf(
  ctx: EngineContext,
  view: TenantView,
  candidate: Candidate,
  event: IssueEventInput,
): boolean | undefined {
  if (candidate.stage1 === null) return undefined;
  if (event.type === "issue_deleted") return false;
  if (!event.snapshot) return undefined;
  try {
    return satisfiesStage1(ctx, view, candidate.stage1, event.snapshot as IssueSnapshot);
  } catch (error) {
    ctx.logger.warn(
      { err: error, tenant: view.tenant },
      "could not evaluate Stage 1 on a snapshot; marking stale",
    );
    return undefined;
  }
}
