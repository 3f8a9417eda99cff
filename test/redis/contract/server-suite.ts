/** What only a real server can show: EVALSHA falls back to EVAL after SCRIPT FLUSH. */
import { describe, expect, it } from "vitest";
import { type RedisClient, readSubscription } from "../../../packages/sidecar/src/redis/index.js";
import { populate } from "./flows.js";
import { type Backend, ids, isCluster, testStore } from "./harness.js";

export function serverSuite(backend: Backend, redis: RedisClient): void {
  describe(`script loading on a real server (${backend.name})`, () => {
    it("runs by SHA and reloads a script the server forgot (NOSCRIPT fallback)", async () => {
      const t = await testStore(redis, "server");
      const ref = t.ref("s1");
      await populate(t, ref, ids(3));
      const nodes = isCluster(redis)
        ? (redis as unknown as { nodes(role: string): RedisClient[] }).nodes("master")
        : [redis];
      for (const node of nodes) await node.script("FLUSH");
      const read = await readSubscription(t.store, ref, { withMembers: true });
      expect(read).toMatchObject({ state: "fresh", count: 3 });
      const sha = t.store.scripts.find((script) => script.name === "readSubscription")?.sha1 ?? "";
      const exists = await Promise.all(nodes.map((node) => node.script("EXISTS", sha) as Promise<number[]>));
      expect(exists.some(([loaded]) => loaded === 1)).toBe(true);
    });
  });
}
