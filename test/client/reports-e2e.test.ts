/**
 * The client's report calls against a real sidecar: `startServer` with the real engine
 * and the report API of `subq start` (openServerReports) over the local Redis and a
 * seeded, migrated Postgres tenant, an in-process report worker, reached over HTTP. A
 * report that does not exist yet, a run started, followed to its end and read back,
 * matching the database, and the server's errors as the client sees them.
 */
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, type ReportRun, type SubqClient } from "../../packages/client/src/index.js";
import { resolveOptions } from "../../packages/sidecar/src/config/resolve.js";
import { migrate } from "../../packages/sidecar/src/db/migrate.js";
import { seedTenant } from "../../packages/sidecar/src/db/seed/seed.js";
import { createLogger } from "../../packages/sidecar/src/logger.js";
import { type ReportWorker, startReportWorker } from "../../packages/sidecar/src/reports/framework/worker.js";
import { openServerReports } from "../../packages/sidecar/src/reports/host/server-reports.js";
import { reportJobPattern } from "../../packages/sidecar/src/reports/store/keys.js";
import {
  registryDatabases,
  type TenantDatabases,
} from "../../packages/sidecar/src/reports/store/tenant-databases.js";
import { type RunningServer, startServer } from "../../packages/sidecar/src/server.js";
import { REDIS_URL } from "../support/engine.js";
import { createTestDatabase, type TestDatabase } from "../support/pg.js";

const tenant = `crep_${randomBytes(3).toString("hex")}`;
const TOKEN = `e2e-${randomBytes(16).toString("hex")}`;
const AS_OF = "2025-06-01T00:00:00Z";
// Its own queue prefix: no other test's workers take these jobs.
const report = { prefix: `{subq-reports-client-${randomBytes(3).toString("hex")}}`, batchSize: 100 };
let db: TestDatabase;
let server: RunningServer;
let worker: ReportWorker;
let databases: TenantDatabases;
let client: SubqClient;
let project: { id: number; key: string };

beforeAll(async () => {
  db = await createTestDatabase("client_reports_e2e");
  await migrate(db.sql);
  await seedTenant(db.sql, { issues: 600, seed: "client-reports-e2e" });
  [project] = await db.sql<[{ id: number; key: string }]>`
    SELECT p.id, p.key FROM projects p JOIN issues i ON i.project_id = p.id
    GROUP BY p.id, p.key ORDER BY count(*) DESC LIMIT 1`;
  const options = resolveOptions({
    host: "127.0.0.1",
    port: 0,
    logLevel: "silent",
    redis: { url: REDIS_URL },
    tenants: { list: { [tenant]: { databaseUrl: db.url } } },
    auth: { tokens: { e2e: TOKEN } },
    engine: { queue: "memory" },
  });
  const reports = await openServerReports(options, report);
  expect(reports).not.toBeNull();
  server = await startServer(options, {
    handleSignals: false,
    logger: createLogger({ level: "silent" }),
    reports,
  });
  databases = registryDatabases({
    tenants: { [tenant]: { databaseUrl: db.url } },
    urlTemplate: null,
    origins: ["test"],
  });
  const url = new URL(REDIS_URL);
  worker = await startReportWorker({
    connection: { host: url.hostname, port: Number(url.port || 6379) },
    databases,
    report,
  });
  client = createClient({ url: server.url, token: TOKEN, tenant, timeoutMs: 20_000 });
});

afterAll(async () => {
  await worker?.close({ force: true });
  await server?.close();
  await databases?.close();
  await db?.drop();
  // Nothing left behind: the queues (a run is still queued), the finished run's state
  // (kept for inspection) and the activity counters.
  const redis = new Redis(REDIS_URL);
  const keys = [
    ...(await redis.keys(`${report.prefix}*`)),
    ...(await redis.keys(reportJobPattern(tenant))),
    `subq:{${tenant}}:rpt:activity`,
  ];
  await redis.del(...keys);
  await redis.quit();
});

describe("the client's report calls against a real sidecar", () => {
  it("runs a report, follows it to the end and reads it back, matching the database", async () => {
    const scope = `project:${project.key.toLowerCase()}`;
    await expect(client.report("unused-components", scope)).rejects.toMatchObject({
      code: "E_NOT_FOUND",
      status: 404,
      message: /no unused-components report .* yet; start one/,
    });
    const started = await client.runReport("unused-components", { scope, params: { days: 60 }, asOf: AS_OF });
    expect(started).toMatchObject({
      tool: "unused-components",
      scope: `project:${project.key}`,
      params: { days: 60 },
      asOf: "2025-06-01T00:00:00.000Z",
      coalesced: false,
    });
    const seen: ReportRun[] = [];
    const done = await client.waitForReportRun("unused-components", started.id, {
      intervalMs: 50,
      waitMs: 60_000,
      onProgress: (run) => seen.push(run),
    });
    expect(done.state).toBe("succeeded");
    expect(seen.at(-1)).toEqual(done);
    const [{ issues }] = await db.sql<[{ issues: number }]>`
      SELECT count(*)::int AS issues FROM issues WHERE project_id = ${project.id}`;
    expect(done.progress).toEqual({
      batchesDone: done.progress.batchesTotal,
      batchesTotal: Math.ceil(issues / report.batchSize),
      issuesScanned: issues,
      issuesTotal: issues,
    });
    expect(done.batches).toMatchObject({ count: done.progress.batchesTotal, retried: 0 });

    const read = await client.report("unused-components", scope);
    expect(read).toMatchObject({
      tenant,
      tool: "unused-components",
      scope: started.scope,
      runId: started.id,
    });
    expect(read.computedAt).toBe(done.startedAt);
    expect(read.staleness).toMatchObject({ stale: false, changesSinceRefresh: 0 });
    // One entity per component of the project, unused exactly when no issue of the project
    // updated since 60 days before asOf has it (the schema keeps only the last update).
    const components = await db.sql<{ id: string; used: boolean }[]>`
      SELECT c.id::text AS id, EXISTS (
        SELECT 1 FROM issue_components ic JOIN issues i ON i.id = ic.issue_id
        WHERE ic.component_id = c.id AND i.project_id = ${project.id}
          AND i.updated >= ${new Date(Date.parse(AS_OF) - 60 * 86_400_000)}
      ) AS used
      FROM components c WHERE c.project_id = ${project.id} ORDER BY c.id`;
    expect(components.length).toBeGreaterThan(0);
    const verdicts = Object.fromEntries(read.entities.map((e) => [e.entityId, e.unused]));
    expect(verdicts).toEqual(Object.fromEntries(components.map((c) => [c.id, !c.used])));
    for (const entity of read.entities) {
      expect(entity.entityType).toBe("component");
      expect(entity.note).toEqual(expect.any(String));
    }
  });

  it("a second request for the run in progress joins it; errors keep the server's codes and fields", async () => {
    await expect(client.runReport("no-such-tool", { scope: "tenant" })).rejects.toMatchObject({
      code: "E_NOT_FOUND",
      status: 404,
      message: /unused-custom-fields/,
    });
    await expect(client.runReport("unused-statuses", { scope: "project:NOPE_X" })).rejects.toMatchObject({
      code: "E_BAD_REQUEST",
      status: 400,
      where: "body.scope",
    });
    await expect(
      client.runReport("unused-statuses", { scope: "tenant", params: { days: -1 } }),
    ).rejects.toMatchObject({ code: "E_BAD_REQUEST", status: 400, where: "body.params.days" });
    await expect(client.reportRun("unused-statuses", "999999")).rejects.toMatchObject({
      code: "E_NOT_FOUND",
      status: 404,
    });
    await worker.close();
    const first = await client.runReport("unused-statuses", { scope: "tenant", asOf: AS_OF });
    const again = await client.runReport("unused-statuses", { scope: "tenant", asOf: AS_OF });
    expect(again).toMatchObject({ id: first.id, state: "queued", coalesced: true });
  });
});
