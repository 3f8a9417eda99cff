/**
 * Personal versions (lua/includes/personal.lua): a change that says whose personal answers
 * it can move moves the subscription version and those users' personal versions only;
 * any other change moves everyone's. A user's personal version never goes back, also when
 * the personal hash expires before the meta hash. And the reads set (registerReads-2).
 */
import { describe, expect, it } from "vitest";
import {
  bumpVersion,
  markStale,
  type RedisClient,
  readSubscription,
  registerReads,
  setMembershipMany,
  subscriptionKeys,
} from "../../../packages/sidecar/src/redis/index.js";
import { callScript } from "../../../packages/sidecar/src/redis/script-client.js";
import { populate } from "./flows.js";
import { type Backend, ids, testStore } from "./harness.js";

export function personalSuite(backend: Backend, redis: RedisClient): void {
  describe(`personal versions (${backend.name})`, () => {
    it("move only for the users a change names; for everyone otherwise", async () => {
      const t = await testStore(redis, "personal");
      const ref = t.ref("s1");
      const committed = await populate(t, ref, ids(3));
      const personalOf = async (user: string) =>
        (await readSubscription(t.store, ref, { personal: `assignee:${user}` })).personalVersion;
      expect(await personalOf("u1")).toBe(committed.version);

      // Issue 9 enters, assigned to u1 (it was nobody's): u1 moves, u2 does not.
      const [patched] = await setMembershipMany(t.store, t.tenant, [
        { id: ref.id, issueId: 9, member: true, personal: ["assignee:u1"] },
      ]);
      expect(patched).toMatchObject({ outcome: "changed" });
      const v1 = (patched as { version: number }).version;
      expect(v1).toBeGreaterThan(committed.version);
      expect(await personalOf("u1")).toBe(v1);
      expect(await personalOf("u2")).toBe(committed.version);
      // Without a personal entry a read reports the subscription version.
      expect((await readSubscription(t.store, ref)).personalVersion).toBe(v1);

      // A change that names nobody (an unassigned issue) moves no personal version.
      const v2 = await bumpVersion(t.store, ref, []);
      expect(v2).toBeGreaterThan(v1);
      expect(await personalOf("u1")).toBe(v1);
      expect(await personalOf("u2")).toBe(committed.version);

      // A change that cannot say (no snapshot: stale) moves everyone's.
      const v3 = await markStale(t.store, ref);
      expect(await personalOf("u1")).toBe(v3);
      expect(await personalOf("u2")).toBe(v3);
      const v4 = await bumpVersion(t.store, ref, ["assignee:u2"]);
      expect(await personalOf("u2")).toBe(v4);
      expect(await personalOf("u1")).toBe(v3);
      const v5 = await bumpVersion(t.store, ref);
      expect(await personalOf("u1")).toBe(v5);
      expect(await personalOf("u2")).toBe(v5);
    });

    it("the personal hash lives as long as the meta hash, and losing it never moves a version back", async () => {
      const t = await testStore(redis, "personal");
      const ref = t.ref("s1");
      const keys = subscriptionKeys(ref);
      await populate(t, ref, ids(2));
      const v1 = await bumpVersion(t.store, ref, ["assignee:u1"]);
      const metaTtl = await redis.pttl(keys.meta);
      const personalTtl = await redis.pttl(keys.personal);
      expect(personalTtl).toBeGreaterThan(0);
      // The meta hash's remaining time at the write (the two reads are a few ms apart).
      expect(Math.abs(personalTtl - metaTtl)).toBeLessThanOrEqual(50);

      await redis.del(keys.personal); // as if it had expired
      const read = async (user: string) =>
        (await readSubscription(t.store, ref, { personal: `assignee:${user}` })).personalVersion;
      expect(await read("u1")).toBe(v1);
      expect(await read("u2")).toBe(v1); // the highest personal version stands in for all
      // The next personal change folds it into the base: nobody goes back.
      const v2 = await bumpVersion(t.store, ref, ["assignee:u3"]);
      expect(await read("u1")).toBe(v1);
      expect(await read("u2")).toBe(v1);
      expect(await read("u3")).toBe(v2);
    });

    it("a tooLarge subscription moves personal versions the same way", async () => {
      const t = await testStore(redis, "personal", { maxMembers: 2 });
      const ref = t.ref("big");
      const committed = await populate(t, ref, ids(5));
      const [patched] = await setMembershipMany(t.store, t.tenant, [
        { id: ref.id, issueId: 9, member: true, personal: ["reporter:u7"] },
      ]);
      expect(patched).toMatchObject({ outcome: "tooLarge" });
      const read = async (entry: string) =>
        (await readSubscription(t.store, ref, { personal: entry })).personalVersion;
      expect(await read("reporter:u7")).toBe((patched as { version: number }).version);
      expect(await read("reporter:u8")).toBe(committed.version);
    });

    it("registerReads records the fields; re-creating an expired set moves the version", async () => {
      const t = await testStore(redis, "personal");
      const ref = t.ref("s1");
      const keys = subscriptionKeys(ref);
      expect(await registerReads(t.store, t.ref("gone"), ["updated"])).toBeNull();
      const committed = await populate(t, ref, ids(2));
      // The first set of a subscription: every answer registers first, none predates it.
      expect(await registerReads(t.store, ref, ["priority", "cf[10009]"])).toBe(0);
      expect(await registerReads(t.store, ref, [])).toBe(0); // unknown fields: "*"
      expect((await redis.smembers(keys.reads)).sort()).toEqual(["*", "cf[10009]", "priority"]);
      expect(await redis.pttl(keys.reads)).toBeGreaterThan(0);
      expect((await readSubscription(t.store, ref)).version).toBe(committed.version);
      await redis.del(keys.reads); // as if it had expired
      const moved = await registerReads(t.store, ref, ["updated"]);
      expect(moved).toBeGreaterThan(committed.version);
      const read = await readSubscription(t.store, ref, { personal: "assignee:u1" });
      expect(read).toMatchObject({ version: moved, personalVersion: moved });

      // A set that outlived its meta hash: the new meta records that it has one.
      const again = t.ref("s2");
      await populate(t, again, ids(1));
      await redis.sadd(subscriptionKeys(again).reads, "updated");
      await redis.pexpire(subscriptionKeys(again).reads, 60_000);
      expect(await registerReads(t.store, again, ["priority"])).toBe(0);
      await redis.del(subscriptionKeys(again).reads);
      expect(await registerReads(t.store, again, ["priority"])).toBeGreaterThan(0);

      // A meta hash written before reads sets existed (no base): its first set moves it.
      const older = t.ref("s3");
      await populate(t, older, ids(1));
      await redis.hdel(subscriptionKeys(older).meta, "base");
      expect(await registerReads(t.store, older, ["priority"])).toBeGreaterThan(0);
    });

    it("rejects a personal count that does not match the entries", async () => {
      const t = await testStore(redis, "personal");
      const ref = t.ref("s1");
      await populate(t, ref, ids(1));
      const keys = subscriptionKeys(ref);
      await expect(
        callScript(
          redis,
          "bumpVersion",
          [keys.meta, keys.personal],
          [t.clock.now(), "ch", "s1", 2, "assignee:u1"],
        ),
      ).rejects.toThrow(/ARGV\[4\] personalCount must be a count/);
    });
  });
}
