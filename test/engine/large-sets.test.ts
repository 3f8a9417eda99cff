/**
 * Large member sets (engine/large-set-choice.ts): from `largeSetMinIds` members on, a page
 * is computed by Stage 2 over the ids or by the whole query, whichever measures cheaper
 * for that query. Whichever way runs, the answer is the direct one, for every user and page.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantDatabase } from "../../packages/sidecar/src/engine/tenant-database.js";
import { DatabaseProbe } from "../support/database-probe.js";
import { createTestEngine, type TestEngine } from "../support/engine.js";
import { createSeededTenant, type SeededTenant, uniqueTenant } from "../support/seeded-tenant.js";

let seeded: SeededTenant;
let users: string[];

beforeAll(async () => {
  seeded = await createSeededTenant("large_sets", 900);
  const rows = await seeded.db.sql<{ id: string }[]>`SELECT id FROM users ORDER BY id LIMIT 6`;
  users = rows.map((r) => r.id);
});

afterAll(async () => {
  await seeded?.db.drop();
});

/** The same database, reporting one way of computing a page as `extraMs` slower than it was. */
function reportSlower(way: "stage2" | "direct", extraMs: number) {
  const slower = <T extends { durationMs: number }>(outcome: T): T => ({
    ...outcome,
    durationMs: outcome.durationMs + extraMs,
  });
  return (database: TenantDatabase): TenantDatabase => ({
    runStage1: (plan) => database.runStage1(plan),
    runStage2: async (plan, ids, requester, page) => {
      const outcome = await database.runStage2(plan, ids, requester, page);
      return way === "stage2" ? slower(outcome) : outcome;
    },
    runDirect: async (plan, requester, page) => {
      const outcome = await database.runDirect(plan, requester, page);
      return way === "direct" ? slower(outcome) : outcome;
    },
    runShared: async (plan, ids, requester, page) => {
      const outcome = await database.runShared(plan, ids, requester, page);
      return way === (ids === null ? "direct" : "stage2") ? slower(outcome) : outcome;
    },
    contains: (plan, ids, requester, issue) => database.contains(plan, ids, requester, issue),
    cacheIdentity: (plan, user) => database.cacheIdentity(plan, user),
    sharedIdentity: (plan, user) => database.sharedIdentity(plan, user),
    indexedValues: (ids) => database.indexedValues(ids),
    ping: () => database.ping(),
  });
}

async function engineWith(wrap: (d: TenantDatabase) => TenantDatabase, probe: DatabaseProbe) {
  return createTestEngine({
    tenant: uniqueTenant("large_sets"),
    databaseUrl: seeded.db.url,
    engine: { largeSetMinIds: 50 },
    wrapDatabase: (database) => probe.wrap(wrap(database)),
  });
}

/** Searches every (user, page) of the queries once and checks each answer against the direct one. */
async function searchAll(t: TestEngine, queries: readonly string[]) {
  const tenant = t.engine.tenants()[0]!;
  let cached = 0;
  for (const jql of queries) {
    for (const [k, user] of users.entries()) {
      const page = { startAt: k * 7, maxResults: 10 };
      const answer = await t.engine.search({ tenant, jql, user, ...page });
      const direct = await t.engine.search({ tenant, jql, user, ...page, consistency: "direct" });
      expect(answer.source).not.toBe("direct");
      if (answer.source === "cache") cached++;
      expect({ jql, user, issues: answer.issues, total: answer.total }).toEqual({
        jql,
        user,
        issues: direct.issues,
        total: direct.total,
      });
    }
  }
  return cached;
}

const QUERIES = [
  "resolution IS EMPTY ORDER BY created DESC",
  "issuetype in (Bug, Task, Story) ORDER BY priority DESC, key ASC",
  "status != Closed AND assignee = currentUser() ORDER BY updated DESC",
];

describe("pages over large member sets", () => {
  it("switch to the whole query when Stage 2 measures slower, and still answer exactly", {
    timeout: 60_000,
  }, async () => {
    const probe = new DatabaseProbe();
    const t = await engineWith(reportSlower("stage2", 1_000), probe);
    try {
      const cached = await searchAll(t, QUERIES);
      expect(cached).toBeGreaterThan(0);
      // Every search but the cold ones and the consistency: "direct" references computed a
      // page: per query one Stage 2 to measure, then mostly the whole query.
      const directReferences = QUERIES.length * users.length;
      const viaQuery = probe.direct.calls - directReferences;
      console.info(`large sets, Stage 2 slow: ${probe.stage2.calls} Stage 2, ${viaQuery} whole-query pages`);
      expect(viaQuery).toBeGreaterThan(probe.stage2.calls);
    } finally {
      await t.close();
    }
  });

  it("stay on Stage 2 when it measures cheaper", { timeout: 60_000 }, async () => {
    const probe = new DatabaseProbe();
    const t = await engineWith(reportSlower("direct", 1_000), probe);
    try {
      await searchAll(t, QUERIES);
      const viaQuery = probe.direct.calls - QUERIES.length * users.length;
      console.info(`large sets, query slow: ${probe.stage2.calls} Stage 2, ${viaQuery} whole-query pages`);
      expect(probe.stage2.calls).toBeGreaterThan(viaQuery);
    } finally {
      await t.close();
    }
  });
});
