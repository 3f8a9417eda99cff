/**
 * The subscriptions an issue event may affect: those the tenant index names for its
 * indexed values before and after, read in one batch (redis/match-state.ts), then kept
 * when their metadata lets the issue in and their committed result has not seen the
 * writer's transaction.
 */
import { snapshotIncludes } from "../db/execute/index.js";
import type { EngineContext } from "../engine/context.js";
import { redisCall } from "../engine/failures.js";
import {
  type DecodedMetadata,
  decodeMetadata,
  eventMatches,
  readMatchStates,
  snapshotOf,
} from "../redis/index.js";
import type { EventSides } from "./indexed-values.js";
import type { IssueEventInput } from "./schema.js";

export interface Candidate {
  /** Null while the first populate runs (nothing committed yet). */
  readonly metadata: DecodedMetadata | null;
  readonly stage1: string | null;
  readonly snapshot: string | null;
  /** The fields its queries' Stage 2 reads (registerReads); null when not recorded. */
  readonly reads: ReadonlySet<string> | null;
}

/** The metadata, Stage 1 text and snapshot of each candidate, in one batch of reads. */
export async function readCandidates(
  ctx: EngineContext,
  tenant: string,
  ids: readonly string[],
): Promise<Map<string, Candidate>> {
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
export function affects(
  candidate: Candidate,
  sides: EventSides,
  event: IssueEventInput,
): "no" | "seen" | "yes" {
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
