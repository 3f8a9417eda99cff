import { describe, expect, it } from "vitest";
import {
  dropFromIndex,
  indexAllKey,
  indexKey,
  lookupCandidates,
  markStaleMany,
  type RedisClient,
  registerSubscription,
  unregisterSubscription,
} from "../../../packages/sidecar/src/redis/index.js";
import { populate } from "./flows.js";
import { type Backend, testStore } from "./harness.js";

export function indexSuite(backend: Backend, redis: RedisClient): void {
  describe(`event index (${backend.name})`, () => {
    it("registers under the most selective field, or under `all`", async () => {
      const t = await testStore(redis, "index");
      const byProject = await registerSubscription(t.store, t.ref("p"), {
        status: [3],
        project: [10001, 10000],
      });
      expect(byProject.field).toBe("project");
      expect(byProject.keys).toEqual([
        indexKey(t.tenant, "project", "10000"),
        indexKey(t.tenant, "project", "10001"),
      ]);
      expect(byProject.added).toBe(2);
      const again = await registerSubscription(t.store, t.ref("p"), { status: [3], project: [10001, 10000] });
      expect(again.added).toBe(0);
      const byStatus = await registerSubscription(t.store, t.ref("s"), { status: ["Waiting for support"] });
      expect(byStatus.keys).toEqual([`subq:{${t.tenant}}:idx:status:Waiting%20for%20support`]);
      const unconstrained = await registerSubscription(t.store, t.ref("u"), {});
      expect(unconstrained).toMatchObject({ field: null, keys: [indexAllKey(t.tenant)] });
      expect(byProject.expiresAt).toBe(
        t.clock.now() + t.store.options.stalenessBoundMs + t.store.options.indexMarginMs,
      );
      for (const key of [...byProject.keys, ...byStatus.keys, ...unconstrained.keys]) {
        expect(await redis.pttl(key)).toBeGreaterThanOrEqual(byProject.expiresAt - t.clock.now());
      }
    });

    it("looks up candidates from before and after values plus `all`", async () => {
      const t = await testStore(redis, "index");
      await registerSubscription(t.store, t.ref("p1"), { project: [1] });
      await registerSubscription(t.store, t.ref("p2"), { project: [2], status: [5] });
      await registerSubscription(t.store, t.ref("t7"), { issuetype: [7] });
      await registerSubscription(t.store, t.ref("s5"), { status: [5] });
      await registerSubscription(t.store, t.ref("any"), {});
      const moved = await lookupCandidates(t.store, t.tenant, {
        before: { project: [1], issuetype: [8], status: [4] },
        after: { project: [2], issuetype: [8], status: [5] },
      });
      expect(moved.ids).toEqual(["any", "p1", "p2", "s5"]);
      const created = await lookupCandidates(t.store, t.tenant, { after: { project: [3], issuetype: [7] } });
      expect(created.ids).toEqual(["any", "t7"]);
      const deleted = await lookupCandidates(t.store, t.tenant, { before: { sprint: [1, 2] } });
      expect(deleted.ids).toEqual(["any"]);
      const noSprint = await lookupCandidates(t.store, t.tenant, {
        before: { project: [1], sprint: [] },
        after: { project: [1], sprint: [] },
      });
      expect(noSprint).toMatchObject({
        ids: ["any", "p1"],
        keys: [indexKey(t.tenant, "project", "1"), indexAllKey(t.tenant)],
      });
    });

    it("expired entries are skipped and dropped; re-registering only moves expiry later", async () => {
      const t = await testStore(redis, "index", { stalenessBoundMs: 1_000, indexMarginMs: 0 });
      await registerSubscription(t.store, t.ref("old"), { project: [1] });
      t.clock.advance(600);
      await registerSubscription(t.store, t.ref("new"), { project: [1] });
      await registerSubscription(t.store, t.ref("new"), { project: [1] }, { expiresAt: t.clock.now() + 10 });
      t.clock.advance(500);
      const result = await lookupCandidates(t.store, t.tenant, { after: { project: [1] } });
      expect(result).toMatchObject({ ids: ["new"], dropped: 1 });
      expect(await redis.zscore(indexKey(t.tenant, "project", "1"), "old")).toBeNull();
    });

    it("unregisters, and drops subscriptions that markStale reports missing", async () => {
      const t = await testStore(redis, "index");
      const metadata = { project: [1] };
      await registerSubscription(t.store, t.ref("live"), metadata);
      await registerSubscription(t.store, t.ref("dead"), metadata);
      await registerSubscription(t.store, t.ref("gone"), metadata);
      await unregisterSubscription(t.store, t.ref("gone"), metadata);
      await populate(t, t.ref("live"), ["1"]);
      const event = { after: { project: [1] } };
      const candidates = await lookupCandidates(t.store, t.tenant, event);
      expect(candidates.ids).toEqual(["dead", "live"]);
      const marked = await markStaleMany(t.store, t.tenant, candidates.ids);
      const dead = marked.filter((r) => r.outcome === "missing").map((r) => r.id);
      expect(dead).toEqual(["dead"]);
      await dropFromIndex(t.store, t.tenant, candidates.keys, dead);
      expect((await lookupCandidates(t.store, t.tenant, event)).ids).toEqual(["live"]);
    });
  });
}
