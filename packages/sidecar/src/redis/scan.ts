/**
 * Enumerating keys with SCAN (on every master of a cluster). Used only for rare,
 * tenant-wide or operator work such as configuration changes and `subq sub ls|drop`; the
 * event index serves every per-issue lookup.
 */
import type { Redis } from "ioredis";
import { subscriptionIdOfMetaKey, subscriptionMetaPattern } from "./keys.js";
import type { Store } from "./store.js";

/** Every key matching `pattern` (a SCAN MATCH glob built in keys.ts), sorted, each once. */
export async function scanKeys(store: Store, pattern: string): Promise<string[]> {
  const client = store.client as Redis & { isCluster?: boolean; nodes?: (role: string) => Redis[] };
  const nodes = client.isCluster === true && client.nodes ? client.nodes("master") : [client];
  const keys = new Set<string>();
  for (const node of nodes) {
    let cursor = "0";
    do {
      const [next, batch] = await node.scan(cursor, "MATCH", pattern, "COUNT", 1000);
      cursor = next;
      for (const key of batch) keys.add(key);
    } while (cursor !== "0");
  }
  return [...keys].sort();
}

export async function scanSubscriptions(store: Store, tenant: string): Promise<string[]> {
  const ids = new Set<string>();
  for (const key of await scanKeys(store, subscriptionMetaPattern(tenant))) {
    const id = subscriptionIdOfMetaKey(key);
    if (id !== undefined) ids.add(id);
  }
  return [...ids].sort();
}
