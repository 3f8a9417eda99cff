import { describe, expect, it } from "vitest";
import {
  commitResult,
  markStale,
  parseVersionMessage,
  type RedisClient,
  readMeta,
  readSubscription,
  subscriptionKeys,
} from "../../../packages/sidecar/src/redis/index.js";
import { input, lease, populate } from "./flows.js";
import { type Backend, ids, listen, sorted, testStore } from "./harness.js";

export function commitSuite(backend: Backend, redis: RedisClient): void {
  describe(`commitResult (${backend.name})`, () => {
    it("a populate commits members and metadata, releases the lock and wakes waiters", async () => {
      const t = await testStore(redis, "commit");
      const ref = t.ref("s1");
      const messages = await listen(backend, t.tenant);
      try {
        const held = await lease(t, ref);
        t.clock.advance(7);
        const result = await commitResult(
          t.store,
          held,
          input(["5", "3", "5", "4"], { refreshedAt: t.clock.now() - 5, position: "0/16B3748" }),
        );
        expect(result).toEqual({
          version: t.clock.now() * 1000,
          state: "fresh",
          changed: true,
          lockReleased: true,
        });
        const message = parseVersionMessage(await messages.waitFor((m) => m.startsWith("s1 ")));
        expect(message).toEqual({ subscriptionId: "s1", version: result.version, state: "fresh" });
        const keys = subscriptionKeys(ref);
        expect(sorted(await redis.smembers(keys.members))).toEqual(["3", "4", "5"]);
        expect(await redis.exists(keys.lock)).toBe(0);
        expect(await readMeta(t.store, ref)).toMatchObject({
          count: 3,
          stale: false,
          tooLarge: false,
          refreshedAt: t.clock.now() - 5,
          committedAt: t.clock.now(),
          position: "0/16B3748",
          stage1: "project = 10000 AND status IN (3, 4)",
          metadata: { project: ["10000"], status: ["3", "4"] },
          dataGen: held.startGen,
        });
        expect(await redis.hget(keys.meta, "metadata")).toBe("project=10000;status=3,4");
      } finally {
        await messages.close();
      }
    });

    it("an unchanged refresh keeps the version; a changed one writes the difference and bumps it", async () => {
      const t = await testStore(redis, "commit");
      const ref = t.ref("s1");
      const first = await populate(t, ref, ids(5));
      t.clock.advance(10);
      const same = await populate(t, ref, [...ids(5)].reverse());
      expect(same).toMatchObject({ version: first.version, changed: false, state: "fresh" });
      t.clock.advance(10);
      const changed = await populate(t, ref, ["2", "3", "9"]);
      expect(changed).toMatchObject({ changed: true, state: "fresh" });
      expect(changed.version).toBe(t.clock.now() * 1000);
      const read = await readSubscription(t.store, ref, { withMembers: true });
      expect(sorted(read.members ?? [])).toEqual(["2", "3", "9"]);
      expect(read.count).toBe(3);
    });

    it("a commit clears an event's stale flag only when the event came before the refresh", async () => {
      const t = await testStore(redis, "commit");
      const ref = t.ref("s1");
      await populate(t, ref, ids(2));
      await markStale(t.store, ref);
      expect((await readSubscription(t.store, ref)).state).toBe("stale");
      expect((await populate(t, ref, ids(2))).state).toBe("fresh");
      expect((await readSubscription(t.store, ref)).state).toBe("fresh");
    });

    it("too large: remembered without members for its own TTL, then replaced by a small result", async () => {
      const t = await testStore(redis, "commit", { maxMembers: 4, tooLargeTtlMs: 3_000 });
      const ref = t.ref("s1");
      const keys = subscriptionKeys(ref);
      await populate(t, ref, ids(3));
      t.clock.advance(1);
      const big = await populate(t, ref, ids(5));
      expect(big).toMatchObject({ state: "tooLarge", changed: true });
      expect(await redis.exists(keys.members)).toBe(0);
      expect(await redis.pttl(keys.meta)).toBeLessThanOrEqual(3_000);
      expect(await readMeta(t.store, ref)).toMatchObject({ tooLarge: true, count: 5 });
      t.clock.advance(1);
      const again = await populate(t, ref, ids(6));
      expect(again).toMatchObject({ state: "tooLarge", changed: false, version: big.version });
      t.clock.advance(1);
      const small = await populate(t, ref, ids(4));
      expect(small).toMatchObject({ state: "fresh", changed: true });
      expect(small.version).toBeGreaterThan(big.version);
      expect(await redis.pttl(keys.meta)).toBeGreaterThan(3_000);
      expect(await redis.scard(keys.members)).toBe(4);
    });

    it("a commit whose lock expired still stores its data but releases nothing", async () => {
      const t = await testStore(redis, "commit");
      const ref = t.ref("s1");
      const held = await lease(t, ref);
      await redis.del(subscriptionKeys(ref).lock);
      const result = await commitResult(t.store, held, input(ids(3), { refreshedAt: t.clock.now() }));
      expect(result).toMatchObject({ state: "fresh", lockReleased: false });
    });

    it("a commit after the meta hash vanished stores the data as stale with a new history", async () => {
      const t = await testStore(redis, "commit");
      const ref = t.ref("s1");
      const held = await lease(t, ref);
      await redis.del(subscriptionKeys(ref).meta);
      t.clock.advance(5);
      const result = await commitResult(t.store, held, input(ids(3), { refreshedAt: t.clock.now() }));
      expect(result).toMatchObject({ state: "stale", changed: true, lockReleased: true });
      expect(result.version).toBe(t.clock.now() * 1000 + 1);
      expect(await redis.pttl(subscriptionKeys(ref).meta)).toBeGreaterThan(0);
    });

    it("versions stay monotonic when a subscription expires and is re-created", async () => {
      const t = await testStore(redis, "commit");
      const ref = t.ref("s1");
      let last = (await populate(t, ref, ids(1))).version;
      for (let i = 0; i < 5; i++) {
        t.clock.advance(1);
        last = (await populate(t, ref, ids(i + 2))).version;
      }
      await redis.del(...Object.values(subscriptionKeys(ref)));
      t.clock.advance(1);
      const recreated = await populate(t, ref, ids(1));
      expect(recreated.version).toBeGreaterThan(last);
    });

    it("commits 40 000 members in one call", async () => {
      const t = await testStore(redis, "commit", { maxMembers: 50_000 });
      const ref = t.ref("big");
      const members = ids(40_000, 1_000_000);
      const result = await populate(t, ref, members);
      expect(result).toMatchObject({ state: "fresh", changed: true });
      expect(await redis.scard(subscriptionKeys(ref).members)).toBe(40_000);
      const replaced = await populate(t, ref, ids(40_000, 1_020_000));
      expect(replaced.changed).toBe(true);
      const read = await readSubscription(t.store, ref, { withMembers: true });
      expect(read.count).toBe(40_000);
      expect(sorted(read.members ?? [])).toEqual(ids(40_000, 1_020_000));
    });

    it("rejects bad input before calling Redis, naming the argument", async () => {
      const t = await testStore(redis, "commit");
      const held = await lease(t, t.ref("s1"));
      await expect(commitResult(t.store, held, input(["12", "x7"]))).rejects.toMatchObject({
        code: "E_INVALID_ARGUMENT",
        argument: "members[1]",
      });
      await expect(commitResult(t.store, held, input(["1"], { position: "16-B3" }))).rejects.toMatchObject({
        code: "E_INVALID_ARGUMENT",
        argument: "position",
      });
      await expect(commitResult(t.store, held, input(["1"], { refreshedAt: -1 }))).rejects.toMatchObject({
        argument: "refreshedAt",
      });
    });
  });
}
