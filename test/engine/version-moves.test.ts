/**
 * When versions must move. A change whose event arrives after a refresh already saw it (the writer's txid is in the
 * committed snapshot) leaves the member set alone, but still moves the version: a refresh
 * that changed no membership moved none, and answers computed before the change would
 * otherwise stay current. And every path that answers with a version first records the
 * fields its query reads (so events changing them move it).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subscriptionKeys } from "../../packages/sidecar/src/redis/index.js";
import { createTestEngine } from "../support/engine.js";
import { eventFor } from "../support/issue-events.js";
import { IssueModel } from "../support/issue-model.js";
import { createSeededTenant, type SeededTenant, uniqueTenant } from "../support/seeded-tenant.js";
import { until } from "../support/wait.js";

let seeded: SeededTenant;
let model: IssueModel;

beforeAll(async () => {
  seeded = await createSeededTenant("version_moves", 300);
  model = await IssueModel.load(seeded.db.sql);
});

afterAll(async () => {
  await seeded?.db.drop();
});

describe("an event a refresh already saw", () => {
  it("still moves the version of answers computed before it", { timeout: 60_000 }, async () => {
    // A short staleness bound: reads go stale by age, so refreshes run without any event.
    const t = await createTestEngine({
      tenant: uniqueTenant("version_moves"),
      databaseUrl: seeded.db.url,
      store: { stalenessBoundMs: 300 },
    });
    const tenant = t.engine.tenants()[0]!;
    const project = model.catalog.projects[0]!;
    const jql = `project = ${project.key} AND resolution IS EMPTY ORDER BY priority DESC, key`;
    const user = model.catalog.users[0]!.id;
    try {
      // The first search populates and records what the query reads (which moves the version).
      await t.engine.search({ tenant, jql, user, maxResults: 1000 });
      const held = await t.engine.search({ tenant, jql, user, maxResults: 1000 });
      expect((await t.engine.version({ tenant, jql, user })).version).toBe(held.version);
      expect(held.issues.length).toBeGreaterThan(1);
      // The last issue of the answer becomes the most urgent: the order changes, not the members.
      const issue = Number(held.issues.at(-1)!.id);
      const top = model.catalog.priorities.reduce((a, b) => (a.id < b.id ? a : b));
      const applied = await model.apply({ kind: "priority", issue, to: top.id });
      // An age refresh runs now and sees the change (same members: no version move).
      await new Promise((resolve) => setTimeout(resolve, 400));
      const { subscription } = await t.engine.explain(tenant, jql);
      await until("a refresh after the change", async () => {
        await t.engine.search({ tenant, jql, user, maxResults: 1000 }); // a stale read enqueues it
        const info = await t.engine.subscription(tenant, subscription!);
        return info.state === "fresh" && info.ageMs !== null && info.ageMs < 300 ? info : undefined;
      });
      // The refresh saw the change without moving the version: the held answer is "current".
      expect((await t.engine.version({ tenant, jql, user })).version).toBe(held.version);
      await t.engine.ingestEvents(tenant, [eventFor(applied, "changelog", true)]);
      const now = await t.engine.version({ tenant, jql, user });
      const direct = await t.engine.search({ tenant, jql, user, maxResults: 1000, consistency: "direct" });
      expect(direct.issues).not.toEqual(held.issues);
      expect(now.version, "the version must move: the held answer is out of date").not.toBe(held.version);
      const fetched = await t.engine.search({ tenant, jql, user, maxResults: 1000 });
      expect(fetched.issues).toEqual(direct.issues);
    } finally {
      await t.close();
    }
  });

  it("a containment check records what its query reads, as a search does", { timeout: 60_000 }, async () => {
    const t = await createTestEngine({ tenant: uniqueTenant("version_moves"), databaseUrl: seeded.db.url });
    const tenant = t.engine.tenants()[0]!;
    const key = model.catalog.projects[0]!.key;
    const user = model.catalog.users[0]!.id;
    try {
      const search = await t.engine.search({
        tenant,
        jql: `project = ${key} ORDER BY priority DESC, key`,
        user,
      });
      const jql = `project = ${key} AND comment ~ "zebra"`;
      const { subscription } = await t.engine.explain(tenant, jql);
      const reads = subscriptionKeys({ tenant, id: subscription! }).reads;
      expect((await t.redis.smembers(reads)).sort()).toEqual(["issuekey", "priority"]);
      await t.engine.contains({ tenant, jql, user, issue: search.issues[0]!.id });
      expect((await t.redis.smembers(reads)).sort()).toEqual(["comment", "issuekey", "priority"]);
    } finally {
      await t.close();
    }
  });
});
