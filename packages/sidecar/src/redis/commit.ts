/**
 * Committing the Stage 1 result of a populate or refresh (script commitResult): members,
 * metadata and flags in one atomic step; the version moves only when the set changed; the
 * stale flag clears only when no event arrived since the lease was taken.
 */
import { invalidArgument } from "./errors.js";
import { checkRef, subscriptionKeys, versionChannel } from "./keys.js";
import type { Lease } from "./lock.js";
import { checkToken } from "./lock.js";
import { encodeMetadata, type SubscriptionMetadata } from "./metadata.js";
import { asArray, asInteger, oneOf } from "./replies.js";
import { callScript } from "./script-client.js";
import { now, type Store } from "./store.js";
import { checkCounter, checkPosition, checkTimestamp, type IssueIdInput, toIssueIds } from "./values.js";

export interface CommitInput {
  /** The Stage 1 result. Duplicates are fine; more than maxMembers makes it too large, so the
   * query may stop at maxMembers + 1 rows. */
  readonly members: readonly IssueIdInput[];
  /**
   * When the data was read, ms: take it before registering the subscription in the event
   * index and before the query starts. Freshness (the staleness bound) counts from it.
   */
  readonly refreshedAt: number;
  /** The WAL position the query saw (e.g. pg_current_wal_lsn() in its transaction). */
  readonly position?: string;
  /** The normalized Stage 1 JQL (kept for refresh jobs and debugging). */
  readonly stage1: string;
  /** The event-matching value sets. */
  readonly metadata: SubscriptionMetadata;
}

export type CommitState = "fresh" | "stale" | "tooLarge";

export interface CommitResult {
  readonly version: number;
  /** stale: an event arrived during the refresh (or a patch could not be replayed); refresh again. */
  readonly state: CommitState;
  /** The member set (or the too-large verdict) changed, and with it the version. */
  readonly changed: boolean;
  /** The lease's lock was still held and is now released. */
  readonly lockReleased: boolean;
}

/** Throws E_COMMIT_SUPERSEDED when a newer refresh's result is already stored. */
export async function commitResult(store: Store, lease: Lease, input: CommitInput): Promise<CommitResult> {
  const ref = checkRef(lease.ref);
  const keys = subscriptionKeys(ref);
  const members = toIssueIds(input.members);
  if (typeof input.stage1 !== "string")
    throw invalidArgument("stage1", "expected the normalized Stage 1 JQL text");
  const args = [
    checkToken(lease.token),
    now(store),
    checkCounter(lease.startGen, "lease.startGen"),
    checkCounter(lease.startSeq, "lease.startSeq"),
    checkTimestamp(input.refreshedAt, "refreshedAt"),
    store.options.idleTtlMs,
    store.options.maxMembers,
    store.options.tooLargeTtlMs,
    input.position === undefined ? "" : checkPosition(input.position),
    input.stage1,
    encodeMetadata(input.metadata),
    versionChannel(ref.tenant),
    ref.id,
    ...members,
  ];
  const context = { script: "commitResult", tenant: ref.tenant, subscriptionId: ref.id };
  const reply = await callScript(
    store.client,
    "commitResult",
    [keys.meta, keys.members, keys.lock, keys.journal],
    args,
  );
  const [version, state, changed, released] = asArray(reply, 4, context);
  return {
    version: asInteger(version, context),
    state: oneOf(state, ["fresh", "stale", "tooLarge"], context),
    changed: asInteger(changed, context) === 1,
    lockReleased: asInteger(released, context) === 1,
  };
}
