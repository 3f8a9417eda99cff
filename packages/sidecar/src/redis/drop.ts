/**
 * Dropping a subscription on purpose (`subq sub drop`): every key of the subscription
 * (meta, members, lock, journal, Stage 2 entries) and its entries in the tenant's event
 * index. The next search of the query populates it again from the database.
 *
 * The index is cleaned by scanning the tenant's index sets rather than from the stored
 * metadata, so entries are found even when the meta hash expired or `indexFields`
 * changed since they were written. A populate or refresh running meanwhile loses its lock:
 * its commit is refused and the next read populates again.
 */

import { dropFromIndex } from "./event-index.js";
import {
  checkRef,
  indexKeyPattern,
  type SubscriptionRef,
  subscriptionKeyPattern,
  subscriptionKeys,
} from "./keys.js";
import { scanKeys } from "./scan.js";
import type { Store } from "./store.js";

export interface DropResult {
  /** Subscription keys deleted (0: there was nothing to drop). */
  readonly deletedKeys: number;
  /** Event-index entries removed. */
  readonly indexEntries: number;
}

export async function dropSubscription(store: Store, ref: SubscriptionRef): Promise<DropResult> {
  checkRef(ref);
  const fixed = Object.values(subscriptionKeys(ref));
  const keys = [...new Set([...fixed, ...(await scanKeys(store, subscriptionKeyPattern(ref)))])];
  // One DEL: every key of a subscription shares its hash tag (one slot in a cluster).
  const deletedKeys = await store.client.del(...keys);
  const indexSets = await scanKeys(store, indexKeyPattern(ref.tenant));
  const indexEntries = await dropFromIndex(store, ref.tenant, indexSets, [ref.id]);
  return { deletedKeys, indexEntries };
}
