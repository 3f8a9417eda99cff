/**
 * Enumerating a tenant's subscriptions with SCAN (on every master of a cluster). Used
 * only for rare, tenant-wide work such as configuration changes; the event index serves
 * every per-issue lookup.
 */
import type { Redis } from "ioredis";
import { subscriptionIdOfMetaKey, subscriptionMetaPattern } from "./keys.js";
import type { Store } from "./store.js";

export async function scanSubscriptions(store: Store, tenant: string): Promise<string[]> {
  const client = store.client as Redis & { isCluster?: boolean; nodes?: (role: string) => Redis[] };
  const nodes = client.isCluster === true && client.nodes ? client.nodes("master") : [client];
  const ids = new Set<string>();
  const pattern = subscriptionMetaPattern(tenant);
  for (const node of nodes) {
    let cursor = "0";
    do {
      const [next, keys] = await node.scan(cursor, "MATCH", pattern, "COUNT", 1000);
      cursor = next;
      for (const key of keys) {
        const id = subscriptionIdOfMetaKey(key);
        if (id !== undefined) ids.add(id);
      }
    } while (cursor !== "0");
  }
  return [...ids].sort();
}
