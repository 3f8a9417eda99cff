/**
 * A report test file's world: its own seeded tenant database (migrated, so the report
 * tables exist), its own tenant name and BullMQ prefix, report services and in-process
 * workers that are closed with it, and helpers to wait for runs and read reports.
 */
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { migrate } from "../../../packages/sidecar/src/db/migrate.js";
import { seedTenant } from "../../../packages/sidecar/src/db/seed/seed.js";
import type { TenantRegistry } from "../../../packages/sidecar/src/db/tenants.js";
import type { RunView } from "../../../packages/sidecar/src/reports/api/run-view.js";
import { ReportService } from "../../../packages/sidecar/src/reports/api/service.js";
import type { AnyReportTool } from "../../../packages/sidecar/src/reports/contract/contract.js";
import {
  createReportMetrics,
  type ReportMetrics,
} from "../../../packages/sidecar/src/reports/framework/metrics.js";
import {
  type ReportWorker,
  startReportWorker,
  type WorkerTuning,
} from "../../../packages/sidecar/src/reports/framework/worker.js";
import type { ReportOptions } from "../../../packages/sidecar/src/reports/options.js";
import { reportJobPattern } from "../../../packages/sidecar/src/reports/store/keys.js";
import { readRows, type StoredRow } from "../../../packages/sidecar/src/reports/store/report-read.js";
import type { RunState } from "../../../packages/sidecar/src/reports/store/run-records.js";
import {
  registryDatabases,
  type TenantDatabases,
} from "../../../packages/sidecar/src/reports/store/tenant-databases.js";
import { builtInTools } from "../../../packages/sidecar/src/reports/tools/builtin.js";
import { REDIS_URL } from "../../support/engine.js";
import { createTestDatabase, type TestDatabase } from "../../support/pg.js";
import { until } from "../../support/wait.js";

/** The seeded data's "now": windows end here in every test. */
export const AS_OF = "2025-06-01T00:00:00Z";

export interface ReportFixture {
  readonly tenant: string;
  readonly db: TestDatabase;
  readonly registry: TenantRegistry;
  readonly databases: TenantDatabases;
  /** Options every service and worker of this file shares (prefix, fast retries, small batches). */
  readonly report: ReportOptions;
  readonly redis: Redis;
  readonly connection: { readonly host: string; readonly port: number };
  /** A service knowing the built-in tools and `tools`. */
  service(tools?: readonly AnyReportTool[], report?: ReportOptions): ReportService;
  /** An in-process worker knowing the built-in tools and `options.tools`. */
  worker(options?: {
    tools?: readonly AnyReportTool[];
    tuning?: WorkerTuning;
    metrics?: ReportMetrics;
    report?: ReportOptions;
  }): Promise<ReportWorker>;
  /** Polls until the run reaches one of `states`. */
  waitForRun(
    service: ReportService,
    tool: string,
    runId: string,
    states?: readonly RunState[],
  ): Promise<RunView>;
  /** The stored rows of a report (entity, metric, value, note), in a stable order. */
  rows(tool: string, scope: string): Promise<StoredRow[]>;
  /** Every Redis key of this tenant's report jobs. */
  jobKeys(): Promise<string[]>;
  /** Closes the workers started so far (abandoning their jobs). */
  closeWorkers(): Promise<void>;
  close(): Promise<void>;
}

export async function createReportFixture(
  name: string,
  issues: number,
  report: ReportOptions = {},
): Promise<ReportFixture> {
  const db = await createTestDatabase(`reports_${name}`);
  await migrate(db.sql);
  await seedTenant(db.sql, { issues, seed: `reports-${name}` });
  const tenant = `r_${name}_${randomBytes(3).toString("hex")}`;
  const registry: TenantRegistry = {
    tenants: { [tenant]: { databaseUrl: db.url } },
    urlTemplate: null,
    origins: ["test"],
  };
  const databases = registryDatabases(registry, { maxConnections: 6 });
  const url = new URL(REDIS_URL);
  const connection = { host: url.hostname, port: Number(url.port || 6379) };
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  const prefix = `{subq-reports-test-${name}-${randomBytes(3).toString("hex")}}`;
  const shared: ReportOptions = { prefix, backoffMs: 20, attempts: 4, batchSize: 250, ...report };
  const services: ReportService[] = [];
  const workers: ReportWorker[] = [];
  const fixture: ReportFixture = {
    tenant,
    db,
    registry,
    databases,
    report: shared,
    redis,
    connection,
    service(tools = [], options = {}) {
      const service = new ReportService({
        connection,
        databases,
        tools: [...builtInTools(), ...tools],
        report: { ...shared, ...options },
      });
      services.push(service);
      return service;
    },
    async worker(options = {}) {
      const worker = await startReportWorker({
        connection,
        databases,
        // Every worker of a fleet must know every tool: a batch of an unknown tool fails.
        tools: [...builtInTools(), ...(options.tools ?? [])],
        report: { ...shared, ...options.report },
        tuning: { lockDurationMs: 2_000, stalledIntervalMs: 500, ...options.tuning },
        metrics: options.metrics ?? createReportMetrics(),
      });
      workers.push(worker);
      return worker;
    },
    waitForRun: (service, tool, runId, states) =>
      service.waitForRun(tenant, tool, runId, {
        timeoutMs: 45_000,
        intervalMs: 50,
        ...(states ? { states } : {}),
      }),
    rows: (tool, scope) => readRows(db.sql, { tenant, tool, scope }),
    async jobKeys() {
      const keys: string[] = [];
      let cursor = "0";
      do {
        const [next, batch] = await redis.scan(cursor, "MATCH", reportJobPattern(tenant), "COUNT", 1000);
        keys.push(...batch);
        cursor = next;
      } while (cursor !== "0");
      return keys.sort();
    },
    async closeWorkers() {
      await Promise.all(workers.splice(0).map((worker) => worker.close({ force: true })));
    },
    async close() {
      await fixture.closeWorkers();
      await Promise.all(services.map((service) => service.close()));
      const queueKeys = await redis.keys(`${prefix}*`);
      const jobKeys = await fixture.jobKeys();
      const all = [...queueKeys, ...jobKeys, `subq:{${tenant}}:rpt:activity`];
      await redis.del(...all);
      await redis.quit();
      await databases.close();
      await db.drop();
    },
  };
  return fixture;
}

/** Waits until `condition` holds: test/support/wait.ts's `until` for a yes/no probe. */
export function eventually(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs?: number,
): Promise<true> {
  return until(what, async () => ((await condition()) ? true : undefined), timeoutMs);
}
