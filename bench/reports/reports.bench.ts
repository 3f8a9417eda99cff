/**
 * A report over a 1M-issue tenant (unused custom fields over the whole tenant) with 1, 2
 * and 4 worker processes: throughput in issues per second (median of `--repeat` runs),
 * how it scales, per-batch durations, and memory — of each worker (resident set when
 * idle and at its peak) and of the job's Redis state — which must not grow with the
 * tenant: a worker holds one batch per concurrent slot, the state one counter per entity
 * and one entry per batch. Baseline in the same run: the same counts as one SQL
 * statement on one connection. Results: bench/results/reports.json.
 *
 *   pnpm bench:reports [--workers 1,2,4] [--repeat 3] [--concurrency 2] [--batch-size 2000]
 */
import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import { ReportService } from "../../packages/sidecar/src/reports/api/service.js";
import { scopeHash } from "../../packages/sidecar/src/reports/contract/scope.js";
import { reportJobKeys, reportJobPattern } from "../../packages/sidecar/src/reports/store/keys.js";
import { registryDatabases } from "../../packages/sidecar/src/reports/store/tenant-databases.js";
import { benchEnvironment, median } from "../support/environment.js";
import { openBenchTenant } from "./tenant.js";
import { startFleet, type WorkerFleet } from "./workers.js";

const { values } = parseArgs({
  options: {
    workers: { type: "string", default: "1,2,4" },
    repeat: { type: "string", default: "3" },
    concurrency: { type: "string", default: "2" },
    "batch-size": { type: "string", default: "2000" },
    tool: { type: "string", default: "unused-custom-fields" },
    out: { type: "string", default: new URL("../results/reports.json", import.meta.url).pathname },
  },
});
const REDIS_URL = process.env.SUBQ_REDIS_URL ?? "redis://127.0.0.1:6379";
const TENANT = "bench_reports_1m";
const AS_OF = "2025-06-01T00:00:00Z";
const log = (line: string) => process.stderr.write(`${line}\n`);

const tenant = await openBenchTenant(log);
log(`${tenant.name}: ${tenant.issues} issues (${tenant.origin})`);
const databases = registryDatabases({
  tenants: { [TENANT]: { databaseUrl: tenant.url } },
  urlTemplate: null,
  origins: ["bench"],
});
const redis = new Redis(REDIS_URL);
const loadAtStart = loadavg();

const baselines = [];
for (let i = 0; i < Number(values.repeat); i++) baselines.push(await sqlBaselineSeconds());
const baselineSeconds = median(baselines);
log(`baseline: one SQL statement, ${baselineSeconds.toFixed(2)} s`);

const configurations: Record<string, unknown> = {};
const throughput: Record<string, number> = {};
for (const count of values.workers.split(",").map(Number)) {
  const prefix = `{subq-reports-bench-${randomBytes(3).toString("hex")}}`;
  const fleet = await startFleet({
    count,
    tenant: TENANT,
    databaseUrl: tenant.url,
    redisUrl: REDIS_URL,
    prefix,
    concurrency: Number(values.concurrency),
    batchSize: Number(values["batch-size"]),
  });
  const service = new ReportService({
    connection: { host: "127.0.0.1", port: 6379 },
    databases,
    report: { prefix },
  });
  try {
    const idleRssMiB = await fleet.rssMiB();
    const runs = [];
    for (let i = 0; i < Number(values.repeat); i++) runs.push(await oneRun(service, fleet));
    const issuesPerSec = median(runs.map((run) => run.issuesPerSec));
    throughput[String(count)] = Math.round(issuesPerSec);
    configurations[String(count)] = {
      issuesPerSec: Math.round(issuesPerSec),
      issuesPerSecPerWorker: Math.round(issuesPerSec / count),
      speedupOverOneWorker: throughput["1"] ? round(issuesPerSec / throughput["1"]) : null,
      workerIdleRssMiB: idleRssMiB,
      workerPeakRssMiB: await fleet.peakRssMiB(),
      runs,
    };
    log(`${count} worker(s): ${Math.round(issuesPerSec)} issues/s (median of ${runs.length})`);
  } finally {
    await service.close();
    await fleet.stop();
    // Nothing left behind: this configuration's queues, and its runs' inspection state.
    const keys = [...(await redis.keys(`${prefix}*`)), ...(await redis.keys(reportJobPattern(TENANT)))];
    if (keys.length > 0) await redis.del(...keys);
  }
}

const result = {
  benchmark: `subq reports: ${values.tool} over the whole tenant`,
  issues: tenant.issues,
  tool: values.tool,
  scope: "tenant",
  batchSize: Number(values["batch-size"]),
  scanConcurrencyPerWorker: Number(values.concurrency),
  repeat: Number(values.repeat),
  workers: throughput,
  configurations,
  baseline: {
    what: "the same per-field counts as one SQL statement (custom_field_values ⋈ issues GROUP BY field), one connection, no framework",
    seconds: round(baselineSeconds),
    issuesPerSec: Math.round(tenant.issues / baselineSeconds),
    runs: baselines.map(round),
  },
  environment: benchEnvironment({ bullmq: "6.7.0", ioredis: "5.9.2", postgres: "3.4.9" }),
  tenantDatabase: { name: tenant.name, origin: tenant.origin },
  conditions:
    `2 cores shared by Postgres, Redis, the workers and other engineers' processes (load average at start ${loadAtStart.map((l) => l.toFixed(2)).join(", ")}); ` +
    "workers are separate Node processes (subq report worker, TypeScript run through tsx) on this machine; Postgres 15 default config, data cached in memory after the first run",
};
await writeFile(values.out, `${JSON.stringify(result, null, 2)}\n`);
log(`wrote ${values.out}`);
await databases.close();
await tenant.sql.end();
await redis.quit();

/** One run from request to commit, with the job state's size sampled while it runs. */
async function oneRun(service: ReportService, fleet: WorkerFleet) {
  const started = performance.now();
  const requested = await service.startRun(TENANT, values.tool, {
    scope: "tenant",
    asOf: AS_OF,
    coalesce: false,
  });
  let run = requested;
  let stateBytes = 0;
  while (run.state === "queued" || run.state === "running") {
    await new Promise((resolve) => setTimeout(resolve, 200));
    run = await service.getRun(TENANT, values.tool, requested.id);
    if (run.state === "running") stateBytes = Math.max(stateBytes, await jobStateBytes(requested.id));
  }
  const seconds = (performance.now() - started) / 1000;
  if (run.state !== "succeeded") throw new Error(`run ${run.id} ended ${run.state}: ${run.error}`);
  const detail = {
    seconds: round(seconds),
    issuesPerSec: Math.round(tenant.issues / seconds),
    initialiseSeconds: round((Date.parse(run.startedAt!) - Date.parse(run.requestedAt)) / 1000),
    batches: run.batches,
    jobStatePeakBytes: stateBytes,
    workerRssMiB: await fleet.rssMiB(),
  };
  log(`  run ${run.id}: ${JSON.stringify(detail)}`);
  return detail;
}

/** The job's Redis state in bytes (MEMORY USAGE of its keys). */
async function jobStateBytes(runId: string): Promise<number> {
  const keys = reportJobKeys(TENANT, scopeHash("tenant"), runId);
  const sizes = await Promise.all(Object.values(keys).map((key) => redis.memory("USAGE", key)));
  return sizes.reduce<number>((sum, size) => sum + Number(size ?? 0), 0);
}

async function sqlBaselineSeconds(): Promise<number> {
  const since = new Date(Date.parse(AS_OF) - 90 * 86_400_000);
  const started = performance.now();
  await tenant.sql`
    SELECT v.field_id, count(*) AS total, count(*) FILTER (WHERE i.updated >= ${since}) AS recent, max(i.updated) AS last
    FROM custom_field_values v JOIN issues i ON i.id = v.issue_id GROUP BY v.field_id`;
  return (performance.now() - started) / 1000;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
