import { describe, expect, it } from "vitest";
import {
  getStage2,
  type RedisClient,
  setStage2,
  stage2Key,
} from "../../../packages/sidecar/src/redis/index.js";
import { type Backend, testStore } from "./harness.js";

export function stage2Suite(backend: Backend, redis: RedisClient): void {
  describe(`Stage 2 per-user cache (${backend.name})`, () => {
    it("round-trips a msgpackr blob under the version with a short TTL", async () => {
      const t = await testStore(redis, "s2", { stage2TtlMs: 4_000 });
      const ref = t.ref("s1");
      const parts = { stage2Hash: "ab12", permissionClass: "class:dev@team", version: 17, page: 0 };
      const value = { ids: [3, 1, 2], total: 3, stale: false, at: t.clock.now() };
      await setStage2(t.store, ref, parts, value);
      expect(await getStage2(t.store, ref, parts)).toEqual(value);
      const ttl = await redis.pttl(stage2Key(ref, parts));
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(4_000);
      expect(await getStage2(t.store, ref, { ...parts, version: 18 })).toBeUndefined();
      expect(await getStage2(t.store, ref, { ...parts, page: 1 })).toBeUndefined();
    });
  });
}
