import { describe, expect, it } from "vitest";
import {
  acquireLock,
  commitResult,
  markStale,
  type RedisClient,
  readMeta,
  readSubscription,
  subscriptionKeys,
} from "../../../packages/sidecar/src/redis/index.js";
import { input, lease, populate } from "./flows.js";
import { type Backend, ids, sorted, testStore } from "./harness.js";

export function readSuite(backend: Backend, redis: RedisClient): void {
  describe(`readSubscription (${backend.name})`, () => {
    it("missing: no meta, no lock; writes nothing", async () => {
      const t = await testStore(redis, "read");
      const read = await readSubscription(t.store, t.ref("nothing"), {
        withMembers: true,
        minPosition: "0/1",
      });
      expect(read).toEqual({
        state: "missing",
        version: 0,
        gen: 0,
        refreshedAt: null,
        ageMs: null,
        count: 0,
        position: null,
        positionSeen: false,
        personalVersion: 0,
      });
      expect(await redis.exists(subscriptionKeys(t.ref("nothing")).meta)).toBe(0);
    });

    it("populating while a populate holds the lock", async () => {
      const t = await testStore(redis, "read");
      await acquireLock(t.store, t.ref("s1"));
      const read = await readSubscription(t.store, t.ref("s1"), { withMembers: true });
      expect(read).toMatchObject({ state: "populating", refreshedAt: null });
      expect(read.version).toBe(t.clock.now() * 1000);
      expect(read.members).toBeUndefined();
    });

    it("fresh: members, count, version, position, age; extends the idle expiry", async () => {
      const t = await testStore(redis, "read", { idleTtlMs: 50_000 });
      const ref = t.ref("s1");
      const committed = await populate(t, ref, ids(25), { position: "0/16B3748" });
      const keys = subscriptionKeys(ref);
      await redis.pexpire(keys.meta, 1_000);
      await redis.pexpire(keys.members, 1_000);
      t.clock.advance(1_500);
      const read = await readSubscription(t.store, ref, { withMembers: true });
      expect(read).toMatchObject({
        state: "fresh",
        version: committed.version,
        count: 25,
        position: "0/16B3748",
        positionSeen: true,
        ageMs: 1_500,
      });
      expect(sorted(read.members ?? [])).toEqual(ids(25));
      expect(await redis.pttl(keys.meta)).toBeGreaterThan(40_000);
      expect(await redis.pttl(keys.members)).toBeGreaterThan(40_000);
      expect((await readMeta(t.store, ref))?.lastReadAt).toBe(t.clock.now());
      const withoutMembers = await readSubscription(t.store, ref);
      expect(withoutMembers.members).toBeUndefined();
    });

    it("stale by the flag, and by the backup staleness bound", async () => {
      const t = await testStore(redis, "read", { stalenessBoundMs: 10_000 });
      await populate(t, t.ref("flagged"), ids(3));
      await populate(t, t.ref("old"), ids(3));
      await markStale(t.store, t.ref("flagged"));
      expect((await readSubscription(t.store, t.ref("flagged"))).state).toBe("stale");
      t.clock.advance(10_000);
      expect((await readSubscription(t.store, t.ref("old"))).state).toBe("fresh");
      t.clock.advance(1);
      const old = await readSubscription(t.store, t.ref("old"), { withMembers: true });
      expect(old).toMatchObject({ state: "stale", ageMs: 10_001 });
      expect(sorted(old.members ?? [])).toEqual(ids(3));
    });

    it("positionSeen compares WAL positions numerically", async () => {
      const t = await testStore(redis, "read");
      const ref = t.ref("s1");
      await populate(t, ref, ids(2), { position: "1A/00B374D8" });
      const seen = async (minPosition: string) =>
        (await readSubscription(t.store, ref, { minPosition })).positionSeen;
      expect(await seen("1A/B374D8")).toBe(true);
      expect(await seen("1a/b374d7")).toBe(true);
      expect(await seen("1A/B374D9")).toBe(false);
      expect(await seen("9/FFFFFFFF")).toBe(true);
      expect(await seen("1B/0")).toBe(false);
      expect(await seen("FFFFFFFF/0")).toBe(false);
      await populate(t, t.ref("unknown"), ids(2));
      expect((await readSubscription(t.store, t.ref("unknown"), { minPosition: "0/0" })).positionSeen).toBe(
        false,
      );
    });

    it("tooLarge: no members, and the read does not extend the decision's expiry", async () => {
      const t = await testStore(redis, "read", { maxMembers: 10, tooLargeTtlMs: 5_000 });
      const ref = t.ref("big");
      const held = await lease(t, ref);
      const committed = await commitResult(t.store, held, input(ids(11), { refreshedAt: t.clock.now() }));
      expect(committed.state).toBe("tooLarge");
      const read = await readSubscription(t.store, ref, { withMembers: true });
      expect(read).toMatchObject({ state: "tooLarge", count: 11 });
      expect(read.members).toBeUndefined();
      expect(await redis.pttl(subscriptionKeys(ref).meta)).toBeLessThanOrEqual(5_000);
      expect(await redis.exists(subscriptionKeys(ref).members)).toBe(0);
    });

    it("a hot subscription is touched at most once per readTouchIntervalMs", async () => {
      const t = await testStore(redis, "read", { idleTtlMs: 50_000, readTouchIntervalMs: 1_000 });
      const ref = t.ref("hot");
      await populate(t, ref, ids(2));
      const keys = subscriptionKeys(ref);
      await readSubscription(t.store, ref);
      await redis.pexpire(keys.meta, 20_000);
      t.clock.advance(999);
      await readSubscription(t.store, ref, { withMembers: true });
      expect(await redis.pttl(keys.meta)).toBeLessThanOrEqual(20_000);
      t.clock.advance(1);
      await readSubscription(t.store, ref);
      expect(await redis.pttl(keys.meta)).toBeGreaterThan(40_000);
      expect((await readMeta(t.store, ref))?.lastReadAt).toBe(t.clock.now());
    });

    it("atomicMembers reads the members inside the script, with the same answer", async () => {
      const t = await testStore(redis, "read");
      const ref = t.ref("s1");
      await populate(t, ref, ids(300));
      const pipelined = await readSubscription(t.store, ref, { withMembers: true });
      const atomic = await readSubscription(t.store, ref, { withMembers: true, atomicMembers: true });
      expect(sorted(atomic.members ?? [])).toEqual(ids(300));
      expect({ ...atomic, members: sorted(atomic.members ?? []) }).toEqual({
        ...pipelined,
        members: sorted(pipelined.members ?? []),
      });
    });

    it("an empty result reads as fresh with no members", async () => {
      const t = await testStore(redis, "read");
      await populate(t, t.ref("empty"), []);
      const read = await readSubscription(t.store, t.ref("empty"), { withMembers: true });
      expect(read).toMatchObject({ state: "fresh", count: 0, members: [] });
    });
  });
}
