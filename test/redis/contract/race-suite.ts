import { describe, expect, it } from "vitest";
import {
  acquireLock,
  commitResult,
  markStale,
  type RedisClient,
  readSubscription,
  setMembership,
  subscriptionKeys,
} from "../../../packages/sidecar/src/redis/index.js";
import { input, lease, populate } from "./flows.js";
import { type Backend, ids, sorted, testStore } from "./harness.js";

export function raceSuite(backend: Backend, redis: RedisClient): void {
  describe(`races between refreshes, events and patches (${backend.name})`, () => {
    it("an event during a refresh leaves the subscription stale after the commit", async () => {
      const t = await testStore(redis, "race");
      const ref = t.ref("s1");
      await populate(t, ref, ids(3));
      const refresh = await lease(t, ref);
      const eventVersion = await markStale(t.store, ref);
      const result = await commitResult(t.store, refresh, input(ids(4), { refreshedAt: t.clock.now() }));
      expect(result.state).toBe("stale");
      expect(result.version).toBeGreaterThan(eventVersion);
      expect((await readSubscription(t.store, ref)).state).toBe("stale");
      const next = await populate(t, ref, ids(4));
      expect(next.state).toBe("fresh");
    });

    it("an event during a populate leaves it stale too", async () => {
      const t = await testStore(redis, "race");
      const ref = t.ref("s1");
      const populating = await lease(t, ref);
      await markStale(t.store, ref);
      const result = await commitResult(t.store, populating, input(ids(2), { refreshedAt: t.clock.now() }));
      expect(result.state).toBe("stale");
    });

    it("two concurrent commits for different generations keep the newer, in either order", async () => {
      for (const order of ["older first", "newer first"]) {
        const t = await testStore(redis, "race");
        const ref = t.ref("s1");
        await populate(t, ref, ids(1));
        const older = await acquireLock(t.store, ref, { token: "older", ttlMs: 60_000 });
        if (!older.acquired) throw new Error("older must acquire");
        await redis.del(subscriptionKeys(ref).lock);
        await markStale(t.store, ref);
        const newer = await lease(t, ref, "newer");
        expect(newer.startGen).toBe(older.lease.startGen + 1);
        const commitOlder = () =>
          commitResult(t.store, older.lease, input(["1", "2"], { refreshedAt: t.clock.now() }));
        const commitNewer = () =>
          commitResult(t.store, newer, input(["1", "3"], { refreshedAt: t.clock.now() }));
        if (order === "older first") {
          expect((await commitOlder()).state).toBe("stale");
          expect(await commitNewer()).toMatchObject({ state: "fresh", lockReleased: true });
        } else {
          expect((await commitNewer()).state).toBe("fresh");
          await expect(commitOlder()).rejects.toMatchObject({
            code: "E_COMMIT_SUPERSEDED",
            subscriptionId: "s1",
          });
        }
        const read = await readSubscription(t.store, ref, { withMembers: true });
        expect(read.state).toBe("fresh");
        expect(sorted(read.members ?? [])).toEqual(["1", "3"]);
      }
    });

    it("same generation: a commit that saw an older WAL position than the stored one is superseded", async () => {
      const t = await testStore(redis, "race");
      const ref = t.ref("s1");
      await populate(t, ref, ids(1));
      const slow = await acquireLock(t.store, ref, { token: "slow" });
      if (!slow.acquired) throw new Error("slow must acquire");
      await redis.del(subscriptionKeys(ref).lock);
      const fast = await lease(t, ref, "fast");
      await commitResult(t.store, fast, input(["1", "2"], { refreshedAt: t.clock.now(), position: "0/200" }));
      const late = commitResult(
        t.store,
        slow.lease,
        input(["1"], { refreshedAt: t.clock.now(), position: "0/1FF" }),
      );
      await expect(late).rejects.toMatchObject({ code: "E_COMMIT_SUPERSEDED" });
      expect(sorted(await redis.smembers(subscriptionKeys(ref).members))).toEqual(["1", "2"]);
    });

    it("a superseded commit still releases the lock when it owns it", async () => {
      const t = await testStore(redis, "race");
      const ref = t.ref("s1");
      await populate(t, ref, ids(1), { position: "0/300" });
      const held = await lease(t, ref, "owner");
      const stale = commitResult(
        t.store,
        held,
        input(["1"], { refreshedAt: t.clock.now(), position: "0/2FF" }),
      );
      await expect(stale).rejects.toMatchObject({ code: "E_COMMIT_SUPERSEDED" });
      expect(await redis.exists(subscriptionKeys(ref).lock)).toBe(0);
    });

    it("patches during a refresh survive its commit (SADD and SREM replayed)", async () => {
      const t = await testStore(redis, "race");
      const ref = t.ref("s1");
      await populate(t, ref, ["1", "2", "3"]);
      const refresh = await lease(t, ref);
      // The refresh's query ran before these changes: it still sees 3 and not 4.
      await setMembership(t.store, ref, 4, true);
      await setMembership(t.store, ref, "3", false);
      await setMembership(t.store, ref, "2", false);
      await setMembership(t.store, ref, "2", true);
      const result = await commitResult(
        t.store,
        refresh,
        input(["1", "2", "3", "7"], { refreshedAt: t.clock.now() }),
      );
      expect(result.state).toBe("fresh");
      const read = await readSubscription(t.store, ref, { withMembers: true });
      expect(sorted(read.members ?? [])).toEqual(["1", "2", "4", "7"]);
      expect(read.count).toBe(4);
      expect(await redis.exists(subscriptionKeys(ref).journal)).toBe(0);
    });

    it("patches during a populate are replayed on its first commit", async () => {
      const t = await testStore(redis, "race");
      const ref = t.ref("s1");
      const populating = await lease(t, ref);
      expect((await setMembership(t.store, ref, 9, true)).outcome).toBe("notPopulated");
      const result = await commitResult(t.store, populating, input(["1"], { refreshedAt: t.clock.now() }));
      expect(result.state).toBe("fresh");
      expect(sorted(await redis.smembers(subscriptionKeys(ref).members))).toEqual(["1", "9"]);
    });

    it("a patch that the journal could not keep leaves the commit stale", async () => {
      const t = await testStore(redis, "race", { journalMaxEntries: 2 });
      const ref = t.ref("trimmed");
      await populate(t, ref, ["1"]);
      const refresh = await lease(t, ref);
      for (const id of [2, 3, 4]) await setMembership(t.store, ref, id, true);
      const trimmed = await commitResult(t.store, refresh, input(["1"], { refreshedAt: t.clock.now() }));
      expect(trimmed.state).toBe("stale");
      expect(sorted(await redis.smembers(subscriptionKeys(ref).members))).toEqual(["1", "3", "4"]);

      const lost = t.ref("lost-lock");
      await populate(t, lost, ["1"]);
      const expired = await lease(t, lost);
      await redis.del(subscriptionKeys(lost).lock);
      await setMembership(t.store, lost, 5, true);
      const result = await commitResult(t.store, expired, input(["1"], { refreshedAt: t.clock.now() }));
      expect(result).toMatchObject({ state: "stale", lockReleased: false });
    });

    it("a commit whose journal expired (a refresh slower than journalTtlMs) leaves it stale", async () => {
      const t = await testStore(redis, "race");
      const ref = t.ref("s1");
      await populate(t, ref, ["1"]);
      const refresh = await lease(t, ref);
      await setMembership(t.store, ref, 2, true);
      await redis.del(subscriptionKeys(ref).journal);
      const result = await commitResult(t.store, refresh, input(["1"], { refreshedAt: t.clock.now() }));
      expect(result.state).toBe("stale");
    });

    it("a query cut off at maxMembers + 1 stays too large even if replayed removals shrink it", async () => {
      const t = await testStore(redis, "race", { maxMembers: 3 });
      const ref = t.ref("s1");
      await populate(t, ref, ["1", "2"]);
      const refresh = await lease(t, ref);
      await setMembership(t.store, ref, 1, false);
      const result = await commitResult(
        t.store,
        refresh,
        input(["1", "2", "3", "4"], { refreshedAt: t.clock.now() }),
      );
      expect(result.state).toBe("tooLarge");
    });
  });
}
