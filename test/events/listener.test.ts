/**
 * The Postgres event listener end to end: writes in the database (no event published by
 * anyone) reach a real engine through the triggers, LISTEN and the listener; cached
 * answers go stale and converge to the direct answers; a bulk UPDATE stays within the
 * payload limit and converges; a configuration change moves the configuration version; a
 * lost connection is re-established and marks every subscription dirty.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BatchReport,
  type EventListener,
  startEventListener,
} from "../../packages/sidecar/src/capture/listener.js";
import { installTriggers } from "../../packages/sidecar/src/capture/triggers.js";
import { connect, type Sql } from "../../packages/sidecar/src/db/connect.js";
import { migrate } from "../../packages/sidecar/src/db/migrate.js";
import { seedTenant } from "../../packages/sidecar/src/db/seed/seed.js";
import { readConfigVersion } from "../../packages/sidecar/src/redis/index.js";
import { createTestEngine, type TestEngine } from "../support/engine.js";
import { createTestDatabase, type TestDatabase } from "../support/pg.js";
import { until } from "../support/wait.js";

const tenant = `evl-${randomBytes(3).toString("hex")}`;
const APP = `subq-listener-${randomBytes(3).toString("hex")}`;
let db: TestDatabase;
let t: TestEngine;
let listenerSql: Sql;
let listener: EventListener;
const reports: (BatchReport & { at: number })[] = [];
let project: string;
let user: string;

beforeAll(async () => {
  db = await createTestDatabase("events_listener");
  await migrate(db.sql);
  await seedTenant(db.sql, { issues: 3000, seed: "listener" });
  await installTriggers(db.sql);
  const [p] = await db.sql<{ key: string }[]>`
    SELECT p.key FROM projects p JOIN issues i ON i.project_id = p.id GROUP BY p.key ORDER BY count(*) DESC LIMIT 1`;
  project = p!.key;
  const [u] = await db.sql<{ id: string }[]>`SELECT id FROM users ORDER BY id LIMIT 1`;
  user = u!.id;
  t = await createTestEngine({ tenant, databaseUrl: db.url });
  listenerSql = connect(db.url, { maxConnections: 2, applicationName: APP });
  listener = startEventListener({
    engine: t.engine,
    tenant,
    sql: listenerSql,
    store: t.store,
    leaseTtlMs: 3_000,
    onBatch: (report) => reports.push({ ...report, at: performance.now() }),
  });
  // Taking the lease and starting to LISTEN ingests a resync first.
  await until("the listener's first resync", async () => reports.find((r) => r.resync !== null));
  expect(listener.state).toBe("listening");
});

afterAll(async () => {
  await listener?.close();
  await listenerSql?.end({ timeout: 5 });
  await t?.close();
  await db?.drop();
});

/** Waits until a search is served fresh from the cache, and returns it. */
function fresh(jql: string) {
  return until(`a fresh answer to ${jql}`, async () => {
    const answer = await t.engine.search({ tenant, jql, user, maxResults: 1000 });
    return answer.stale ? undefined : answer;
  });
}

function direct(jql: string) {
  return t.engine.search({ tenant, jql, user, maxResults: 1000, consistency: "direct" });
}

describe("the database's own events", () => {
  it("an UPDATE makes a cached answer stale, and the refreshed answer equals the direct one", async () => {
    const jql = `project = ${project} AND status = "In Progress"`;
    const before = await t.engine.search({ tenant, jql, user, maxResults: 1000 });
    expect(await t.engine.search({ tenant, jql, user, maxResults: 1000 })).toMatchObject({ source: "cache" });
    const [issue] = await db.sql<{ id: string; to: string }[]>`
      SELECT i.id::text, s.id::text AS to FROM issues i JOIN projects p ON p.id = i.project_id, statuses s
       WHERE p.key = ${project} AND s.name = 'In Progress' AND i.status_id <> s.id ORDER BY i.id LIMIT 1`;
    const seen = reports.length;
    await db.sql`UPDATE issues SET status_id = ${issue!.to} WHERE id = ${issue!.id}`;
    const committed = performance.now();
    const polled = await until("the version to move", async () => {
      const v = await t.engine.version({ tenant, jql, user });
      return v.version > before.version ? v : undefined;
    });
    expect(polled.stale).toBe(true);
    const report = reports.slice(seen).find((r) => r.events > 0)!;
    expect(report.result.matched).toBeGreaterThan(0);
    const converged = await fresh(jql);
    expect(converged.issues).toEqual((await direct(jql)).issues);
    expect(converged.issues.map((i) => i.id)).toContain(issue!.id);
    expect(converged.total).toBe(before.total + 1);
    console.info(`notify latency, COMMIT to ingested: ${(report.at - committed).toFixed(1)} ms`);
  });

  it("a bulk UPDATE of thousands of rows goes in a few notifications, and every cached answer converges", async () => {
    const queries = [
      `project = ${project}`,
      `project = ${project} AND status = "In Progress"`,
      "status = Closed ORDER BY key",
      "priority = Major",
      `project != ${project} AND resolution IS EMPTY`,
    ];
    for (const jql of queries) await t.engine.search({ tenant, jql, user, maxResults: 1000 });
    const seen = reports.length;
    const [high] = await db.sql<{ id: number }[]>`SELECT id FROM priorities WHERE name = 'Major'`;
    const [done] = await db.sql<{ id: number }[]>`SELECT id FROM statuses WHERE name = 'Closed'`;
    const started = performance.now();
    const { count: rows } = await db.sql`
      UPDATE issues SET priority_id = ${high!.id},
        status_id = CASE WHEN id % 3 = 0 THEN ${done!.id} ELSE status_id END,
        updated = updated + interval '1 minute'`;
    const statementMs = performance.now() - started;
    expect(rows).toBeGreaterThanOrEqual(3000);
    const batches = await until("every issue's event", async () => {
      const since = reports.slice(seen);
      return since.reduce((sum, r) => sum + r.events, 0) >= rows ? since : undefined;
    });
    const ingestedMs = batches.at(-1)!.at - started;
    const notifications = batches.reduce((sum, r) => sum + r.notifications, 0);
    expect(notifications).toBeLessThan(rows / 20);
    for (const jql of queries) {
      const converged = await fresh(jql);
      expect(converged.issues, jql).toEqual((await direct(jql)).issues);
    }
    console.info(
      `bulk UPDATE of ${rows} rows: statement ${statementMs.toFixed(0)} ms, ${notifications} notifications, ` +
        `ingested ${ingestedMs.toFixed(0)} ms after the statement began`,
    );
  });

  it("a configuration change (a group membership) moves the tenant configuration version", async () => {
    const before = await readConfigVersion(t.store, tenant);
    const [group] = await db.sql<{ name: string }[]>`SELECT name FROM groups ORDER BY name LIMIT 1`;
    await db.sql`INSERT INTO users (id, display_name) VALUES ('listener-test-user', 'Listener Test')`;
    await db.sql`INSERT INTO group_members VALUES (${group!.name}, 'listener-test-user')`;
    const after = await until("the configuration version to move", async () => {
      const version = await readConfigVersion(t.store, tenant);
      return version > before ? version : undefined;
    });
    expect(after).toBeGreaterThan(before);
  });

  it("after a lost connection it listens again, marks every subscription stale, and still delivers", async () => {
    const jql = `project = ${project} AND priority = Major`;
    await fresh(jql);
    const id = (await t.engine.explain(tenant, jql)).subscription!;
    expect((await t.engine.subscription(tenant, id)).state).toBe("fresh");
    const seen = reports.length;
    const killed = await db.sql`
      SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE application_name = ${APP} AND query ILIKE 'listen%'`;
    expect(killed.length).toBe(1);
    const resync = await until("a resync after the reconnect", async () =>
      reports.slice(seen).find((r) => r.resync?.includes("listening again")),
    );
    expect(resync.result.matched).toBeGreaterThan(0);
    expect((await t.engine.subscription(tenant, id)).state).toBe("stale");
    await fresh(jql);
    const [issue] = await db.sql<{ id: string }[]>`
      SELECT i.id::text FROM issues i JOIN projects p ON p.id = i.project_id
       WHERE p.key = ${project} ORDER BY i.id LIMIT 1`;
    const [low] = await db.sql<{ id: number }[]>`SELECT id FROM priorities WHERE name = 'Minor'`;
    const before = reports.length;
    await db.sql`UPDATE issues SET priority_id = ${low!.id} WHERE id = ${issue!.id}`;
    await until("the update's event", async () => reports.slice(before).find((r) => r.events > 0));
    const converged = await fresh(jql);
    expect(converged.issues.map((i) => i.id)).not.toContain(issue!.id);
    expect(converged.issues).toEqual((await direct(jql)).issues);
  });
});
