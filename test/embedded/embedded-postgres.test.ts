/**
 * The embedded stack as `pnpm demo` starts it: PGlite behind the wire protocol, migrated
 * and seeded through subq's ordinary Postgres code, which must then answer exactly as it
 * does on a real Postgres (the compiler differential, on fewer cases).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogResolver, plan } from "../../packages/jql/src/index.js";
import { connect, type Sql } from "../../packages/sidecar/src/db/connect.js";
import { postgresClient, runStage1, snapshotIncludes } from "../../packages/sidecar/src/db/execute/index.js";
import { migrate, readMigrations } from "../../packages/sidecar/src/db/migrate.js";
import { DEFAULT_SEED_NOW } from "../../packages/sidecar/src/db/seed/seed.js";
import { createDemoTenant } from "../../packages/sidecar/src/embedded/demo-tenant.js";
import { startEmbeddedPostgres } from "../../packages/sidecar/src/embedded/embedded-postgres.js";
import {
  type EmbeddedStack,
  startEmbeddedStack,
} from "../../packages/sidecar/src/embedded/embedded-stack.js";
import { createTenantSource } from "../../packages/sidecar/src/engine/db-adapter.js";
import { assembleEngine } from "../../packages/sidecar/src/engine/engine.js";
import { Tenant, TenantDirectory } from "../../packages/sidecar/src/engine/tenant.js";
import { createStore } from "../../packages/sidecar/src/redis/index.js";
import { createMemoryRefreshQueue } from "../../packages/sidecar/src/refresh/memory-queue.js";
import { caseArbitrary, tally } from "../compiler/support/cases.js";
import { checkCase } from "../compiler/support/differential.js";
import { type Harness, openHarness } from "../compiler/support/harness.js";
import type { TestDatabase } from "../support/pg.js";

const trigramIndex = (sql: Sql) =>
  sql`SELECT indexname FROM pg_indexes WHERE indexname = 'issues_summary_trgm'`;

describe("the embedded stack with the demo tenant", () => {
  let stack: EmbeddedStack;
  let sql: Sql;
  let h: Harness;

  beforeAll(async () => {
    stack = await startEmbeddedStack();
    console.info(`embedded stack started: ${JSON.stringify(stack.timings)}`);
    sql = connect(stack.postgres.url, { maxConnections: stack.postgres.maxConnections });
    const db: TestDatabase = { name: "embedded", url: stack.postgres.url, sql, drop: async () => {} };
    h = await openHarness(db);
  });

  afterAll(async () => {
    await sql?.end({ timeout: 5 });
    await stack?.close();
  });

  it("starts, migrates (pg_trgm included) and seeds in a few seconds", async () => {
    expect(stack.tenant).toMatchObject({ seeded: true, issues: 2_000 });
    const migrations = await sql<
      { version: number }[]
    >`SELECT version FROM schema_migrations ORDER BY version`;
    expect(migrations.map((m) => m.version)).toEqual((await readMigrations()).map((m) => m.version));
    expect(await trigramIndex(sql)).toHaveLength(1);
    // A guard against a pathological start, not a benchmark: 5 to 12 s here, cold, on 2 shared cores.
    expect(stack.timings.totalMs).toBeLessThan(60_000);
  });

  it("reads the tenant back with loadDataset", () => {
    expect(h.dataset.issues).toHaveLength(2_000);
    expect(h.dataset.comments.length).toBeGreaterThan(1_000);
    expect(h.dataset.history.length).toBeGreaterThan(1_000);
    expect(h.catalog.projects.length).toBeGreaterThan(1);
  });

  it("answers random queries exactly as the evaluator (direct, Stage 1, Stage 2)", {
    timeout: 120_000,
  }, async () => {
    const seen = tally();
    await fc.assert(
      fc.asyncProperty(caseArbitrary(h, DEFAULT_SEED_NOW.getTime()), async (c) => {
        const outcome = await checkCase(h, c);
        seen.add(outcome);
        if (outcome.mismatch) throw new Error(outcome.mismatch);
      }),
      { seed: 20_251_125, numRuns: 40, endOnFailure: true },
    );
    expect(seen.planned).toBeGreaterThan(10);
  });

  it("runs Stage 1 in REPEATABLE READ with the snapshot and WAL position the cache records", async () => {
    const project = h.catalog.projects[0]!;
    const p = plan(`project = ${project.key}`, { resolver: catalogResolver(h.catalog) });
    const client = postgresClient(sql);
    const before = await runStage1(client, { plan: p, catalog: h.compiler });
    expect(before.ids.length).toBe(h.dataset.issues.filter((i) => i.projectId === project.id).length);
    expect(before.position.snapshot).toMatch(/^\d+:\d+:(\d+(,\d+)*)?$/);
    expect(before.position.lsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    const isolation = await client.readOnly(5_000, async (tx) => {
      const [first] = await tx.query<{ snapshot: string; level: string }>(
        "SELECT pg_current_snapshot()::text AS snapshot, current_setting('transaction_isolation') AS level",
        [],
      );
      const [second] = await tx.query<{ snapshot: string }>(
        "SELECT pg_current_snapshot()::text AS snapshot",
        [],
      );
      return { ...first!, again: second!.snapshot };
    });
    expect(isolation.level).toBe("repeatable read");
    expect(isolation.again).toBe(isolation.snapshot);

    // A write after the read: the old snapshot does not include it, a new one does.
    const [write] = await sql.begin(async (tx) => {
      await tx`CREATE TABLE IF NOT EXISTS embedded_probe (n int)`;
      return tx<
        { txid: string }[]
      >`INSERT INTO embedded_probe VALUES (1) RETURNING pg_current_xact_id()::text AS txid`;
    });
    const after = await runStage1(client, { plan: p, catalog: h.compiler });
    expect(snapshotIncludes(before.position.snapshot, write!.txid)).toBe(false);
    expect(snapshotIncludes(after.position.snapshot, write!.txid)).toBe(true);
    expect(lsnValue(after.position.lsn)).toBeGreaterThan(lsnValue(before.position.lsn));
  });

  it("turns a second simultaneous connection away with a Postgres error", async () => {
    await sql`SELECT 1`;
    const second = connect(stack.postgres.url, { maxConnections: 1 });
    try {
      await expect(second`SELECT 1`).rejects.toMatchObject({ code: "53300" });
    } finally {
      await second.end({ timeout: 1 });
    }
    expect(await sql`SELECT 2 AS still`).toEqual([{ still: 2 }]);
  });

  it("serves the engine's search path: populate, cache, event, refresh by the in-process queue", async () => {
    const [row] = await sql<{ key: string; user: string }[]>`
      SELECT p.key, (SELECT id FROM users ORDER BY id LIMIT 1) AS user
        FROM projects p JOIN issues i ON i.project_id = p.id GROUP BY p.key ORDER BY count(*) DESC LIMIT 1`;
    const tenant = "demo";
    // The engine gets the test's pool: the embedded Postgres takes one connection.
    const source = createTenantSource({ tenant, sql, timeoutMs: 30_000 });
    const engine = await assembleEngine({
      store: await createStore(stack.redis.client()),
      subscriber: stack.redis.client(),
      tenants: new TenantDirectory([new Tenant(tenant, source, 60_000)]),
      queue: createMemoryRefreshQueue(),
      worker: true,
    });
    try {
      const user = row!.user;
      const jql = `project = ${row!.key} AND status = "In Progress"`;
      const first = await engine.search({ tenant, jql, user, maxResults: 1000 });
      expect(first.source).toBe("populate");
      const cached = await engine.search({ tenant, jql, user, maxResults: 1000 });
      expect(cached).toMatchObject({ source: "cache", version: first.version, total: first.total });

      const [issue] = await sql<{ id: string; from: string; to: string }[]>`
        SELECT i.id::text, i.status_id::text AS from, s.id::text AS to FROM issues i
          JOIN projects p ON p.id = i.project_id, statuses s
         WHERE p.key = ${row!.key} AND s.name = 'In Progress' AND i.status_id <> s.id
         ORDER BY i.id LIMIT 1`;
      await sql`UPDATE issues SET status_id = ${issue!.to} WHERE id = ${issue!.id}`;
      const changes = [{ field: "status", from: issue!.from, to: issue!.to }];
      await engine.ingestEvents(tenant, [{ type: "issue_updated", issueId: issue!.id, changes }]);
      expect((await engine.version({ tenant, jql, user })).version).toBeGreaterThan(first.version);
      const direct = await engine.search({ tenant, jql, user, maxResults: 1000, consistency: "direct" });
      const deadline = Date.now() + 10_000;
      let answer = await engine.search({ tenant, jql, user, maxResults: 1000 });
      while (answer.stale && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        answer = await engine.search({ tenant, jql, user, maxResults: 1000 });
      }
      expect(answer.stale).toBe(false);
      expect(answer.issues).toEqual(direct.issues);
    } finally {
      await engine.close(); // ends the pool too
    }
  });

  it("leaves a seeded database as it is when started again", async () => {
    const again = await createDemoTenant(stack.postgres.url);
    expect(again).toMatchObject({ seeded: false, issues: 2_000 });
  });
});

describe("the embedded Postgres without pg_trgm", () => {
  it("still migrates: the text search migration skips the trigram index", async () => {
    const postgres = await startEmbeddedPostgres({ pgTrgm: false });
    const sql = connect(postgres.url, { maxConnections: 1 });
    try {
      const result = await migrate(sql);
      expect(result.applied).toEqual((await readMigrations()).map((m) => m.file));
      expect(await sql`SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'`).toHaveLength(0);
      expect(await trigramIndex(sql)).toHaveLength(0);
    } finally {
      await sql.end({ timeout: 5 });
      await postgres.close();
    }
  });
});

function lsnValue(lsn: string): bigint {
  const [high, low] = lsn.split("/");
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}
