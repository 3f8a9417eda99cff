/**
 * What event ingestion needs of candidate subscriptions to decide whether an issue change
 * can affect them (events/candidates.ts): the meta fields that commitResult writes for matching
 * and the fields their Stage 2 queries read. One batch of plain reads, no expiry extended.
 */
import { type SubscriptionRef, subscriptionKeys } from "./keys.js";
import type { Store } from "./store.js";

export interface MatchState {
  /** The encoded Stage 1 metadata (metadata.ts); null while pending. */
  readonly metadataText: string | null;
  /** The committed Stage 1 query text; null while pending (no populate committed yet). */
  readonly stage1: string | null;
  /** The database position the committed result saw; null while pending or unknown. */
  readonly position: string | null;
  /** The fields its Stage 2 queries read (keys.ts `reads`), unordered. */
  readonly reads: readonly string[];
}

/** The match state of each subscription of `ids`, in order; null for one that expired. */
export async function readMatchStates(
  store: Store,
  tenant: string,
  ids: readonly string[],
): Promise<(MatchState | null)[]> {
  const keys = ids.map((id) => subscriptionKeys({ tenant, id } satisfies SubscriptionRef));
  const [metas, reads] = await Promise.all([
    Promise.all(keys.map((k) => store.client.hmget(k.meta, "metadata", "stage1", "position", "version"))),
    Promise.all(keys.map((k) => store.client.smembers(k.reads))),
  ]);
  return metas.map(([metadata, stage1, position, version], index) =>
    // Every meta hash has a version; without one the subscription expired.
    version === null || version === undefined
      ? null
      : {
          metadataText: metadata ?? null,
          stage1: stage1 ?? null,
          position: position ?? null,
          reads: reads[index] ?? [],
        },
  );
}
