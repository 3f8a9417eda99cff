import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../../packages/sidecar/src/db/migrate.js";
import { seedTenant } from "../../packages/sidecar/src/db/seed/seed.js";
import { createTestEngine, type TestEngine } from "../support/engine.js";
import { createTestDatabase, type TestDatabase } from "../support/pg.js";

const tenant = `eng-${randomBytes(3).toString("hex")}`;
let db: TestDatabase;
let t: TestEngine;
let project: string;
let user: string;

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

beforeAll(async () => {
  db = await createTestDatabase("engine_search");
  await migrate(db.sql);
  await seedTenant(db.sql, { issues: 1500, seed: "engine" });
  const [p] = await db.sql<{ key: string }[]>`
    SELECT p.key FROM projects p JOIN issues i ON i.project_id = p.id GROUP BY p.key ORDER BY count(*) DESC LIMIT 1`;
  project = p!.key;
  // A user who may browse that project (through the scheme's anyone/group/role grants or otherwise).
  const [u] = await db.sql<{ id: string }[]>`SELECT id FROM users ORDER BY id LIMIT 1`;
  user = u!.id;
  t = await createTestEngine({ tenant, databaseUrl: db.url });
});

afterAll(async () => {
  await t?.close();
  await db?.drop();
});

describe("the search path", () => {
  it("populates a cold query once, then serves it from the cache with the direct answer", async () => {
    const jql = `project = ${project} AND resolution IS EMPTY ORDER BY created DESC`;
    const first = await t.engine.search({ tenant, jql, user, maxResults: 20 });
    expect(first, JSON.stringify({ ...first, issues: first.issues.length })).toMatchObject({
      source: "populate",
    });
    expect(first.stale).toBe(false);
    const second = await t.engine.search({ tenant, jql, user, maxResults: 20 });
    expect(second.source).toBe("cache");
    expect(second.version).toBe(first.version);
    const direct = await t.engine.search({ tenant, jql, user, maxResults: 20, consistency: "direct" });
    expect(direct.source).toBe("direct");
    expect(second.issues).toEqual(direct.issues);
    expect(second.total).toBe(direct.total);
    expect(second.total).toBeGreaterThan(0);
  });

  it("shares one subscription between spellings that normalize alike", async () => {
    const [row] = await db.sql<{ id: string }[]>`SELECT id::text FROM projects WHERE key = ${project}`;
    const a = await t.engine.explain(tenant, `project = ${project} and status != Closed`);
    const b = await t.engine.explain(tenant, `NOT status = "closed" && project = ${row!.id}`);
    expect(a.subscription).toBe(b.subscription);
    expect(a.normalized).toBe(b.normalized);
  });

  it("moves the version on an event, serves stale at once, and converges after one refresh", async () => {
    const jql = `project = ${project} AND status = "In Progress"`;
    const before = await t.engine.search({ tenant, jql, user, maxResults: 1000 });
    const [issue] = await db.sql<{ id: string; from: string; to: string }[]>`
      SELECT i.id::text, i.status_id::text AS from, s.id::text AS to FROM issues i
        JOIN projects p ON p.id = i.project_id, statuses s
       WHERE p.key = ${project} AND s.name = 'In Progress' AND i.status_id <> s.id
       ORDER BY i.id LIMIT 1`;
    await db.sql`UPDATE issues SET status_id = ${issue!.to} WHERE id = ${issue!.id}`;
    const ingest = await t.engine.ingestEvents(tenant, [
      {
        type: "issue_updated",
        issueId: issue!.id,
        changes: [{ field: "status", from: issue!.from, to: issue!.to }],
      },
    ]);
    expect(ingest.matched).toBeGreaterThan(0);
    const polled = await t.engine.version({ tenant, jql, user });
    expect(polled.version).toBeGreaterThan(before.version);
    const direct = await t.engine.search({ tenant, jql, user, maxResults: 1000, consistency: "direct" });
    const converged = await until("a fresh answer", async () => {
      const answer = await t.engine.search({ tenant, jql, user, maxResults: 1000 });
      return answer.stale ? undefined : answer;
    });
    expect(converged.issues).toEqual(direct.issues);
    expect(converged.total).toBe(before.total + (direct.issues.some((i) => i.id === issue!.id) ? 1 : 0));
  });

  it("answers version polls and contains without running Stage 2", async () => {
    const jql = `project = ${project}`;
    const answer = await t.engine.search({ tenant, jql, user, maxResults: 5 });
    const polled = await t.engine.version({ tenant, jql, user });
    expect(polled.version).toBe(answer.version);
    const inside = answer.issues[0];
    if (inside)
      expect((await t.engine.contains({ tenant, jql, user, issue: inside.key })).contains).toBe(true);
    const [outside] = await db.sql<{ key: string }[]>`
      SELECT i.key FROM issues i JOIN projects p ON p.id = i.project_id WHERE p.key <> ${project} LIMIT 1`;
    expect((await t.engine.contains({ tenant, jql, user, issue: outside!.key })).contains).toBe(false);
  });

  it("rejects bad JQL with the parser's diagnostic and unknown tenants", async () => {
    await expect(t.engine.search({ tenant, jql: "project = ", user })).rejects.toMatchObject({
      code: "E_JQL_SYNTAX",
    });
    await expect(t.engine.search({ tenant: "nope", jql: "", user })).rejects.toMatchObject({
      code: "E_UNKNOWN_TENANT",
    });
  });
});
