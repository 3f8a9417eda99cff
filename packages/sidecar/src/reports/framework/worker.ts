/**
 * A report worker: the BullMQ Workers of the four report queues in one process. Run as
 * many processes as the database and Redis can feed; each batch goes to whichever worker
 * is free. A worker that dies mid-batch leaves the batch's lock to expire, and BullMQ's
 * stalled check hands the batch to another worker (applyReportBatch makes the rerun safe).
 */
import { Worker } from "bullmq";
import { createStore } from "../../redis/store.js";
import { openQueueConnections, type QueueConnection } from "../../refresh/bullmq-connection.js";
import type { AnyReportTool } from "../contract/contract.js";
import { type ReportOptions, resolveOptions, resolveReportOptions } from "../options.js";
import type { TenantDatabases } from "../store/tenant-databases.js";
import { builtInTools } from "../tools/builtin.js";
import { QUEUES } from "./jobs.js";
import { createReportMetrics, type ReportMetrics } from "./metrics.js";
import { enforceDeadline } from "./phases/deadline.js";
import type { PhaseDeps } from "./phases/deps.js";
import { finalise } from "./phases/finalise.js";
import { initialise } from "./phases/initialise.js";
import { RunContexts } from "./phases/run-contexts.js";
import { scanStep } from "./phases/scan-step.js";
import { ReportQueues } from "./queues.js";
import { ToolRegistry } from "./registry.js";

export interface WorkerTuning {
  /** Scan batches this process runs at once (they mostly wait on Postgres). Default 2. */
  readonly scanConcurrency?: number;
  /** BullMQ's lock on a running job, renewed while it runs; a dead worker's job is retried after it. Default 30 000 ms. */
  readonly lockDurationMs?: number;
  /** How often this worker looks for jobs of dead workers. Default 30 000 ms. */
  readonly stalledIntervalMs?: number;
  /** Times a job may be recovered from a dead worker before it fails. Default 2. */
  readonly maxStalledCount?: number;
}

export interface ReportWorkerOptions {
  /** ioredis options or a client factory (refresh/bullmq-connection.ts). */
  readonly connection: QueueConnection;
  readonly databases: TenantDatabases;
  /** Default the built-in tools; pass more to plug in your own. */
  readonly tools?: Iterable<AnyReportTool>;
  readonly report?: ReportOptions;
  readonly tuning?: WorkerTuning;
  readonly metrics?: ReportMetrics;
  readonly onError?: (error: Error) => void;
}

export interface ReportWorker {
  /** Stops taking jobs. Graceful: waits for running jobs; `force`: abandons them to the stalled check. */
  close(options?: { readonly force?: boolean }): Promise<void>;
}

const TUNING_DEFAULTS: Readonly<Required<WorkerTuning>> = Object.freeze({
  scanConcurrency: 2,
  lockDurationMs: 30_000,
  stalledIntervalMs: 30_000,
  maxStalledCount: 2,
});

const TUNING_LIMITS: Readonly<Record<string, readonly [number, number]>> = {
  scanConcurrency: [1, 256],
  lockDurationMs: [100, 3_600_000],
  stalledIntervalMs: [100, 3_600_000],
  maxStalledCount: [0, 100],
};

export async function startReportWorker(options: ReportWorkerOptions): Promise<ReportWorker> {
  const report = resolveReportOptions(options.report);
  const tuning = resolveOptions("report worker", TUNING_DEFAULTS, options.tuning ?? {}, TUNING_LIMITS);
  const connections = openQueueConnections(options.connection);
  const store = await createStore(connections.producer);
  const onError = options.onError ?? (() => {});
  const deps: PhaseDeps = {
    redis: store.client,
    queues: new ReportQueues(connections, report),
    databases: options.databases,
    runs: new RunContexts(options.databases),
    tools: new ToolRegistry(options.tools ?? builtInTools()),
    options: report,
    metrics: options.metrics ?? createReportMetrics(),
    onError,
  };
  const common = {
    connection: connections.worker(),
    prefix: report.prefix,
    lockDuration: tuning.lockDurationMs,
    stalledInterval: tuning.stalledIntervalMs,
    maxStalledCount: tuning.maxStalledCount,
  };
  const workers = [
    new Worker(QUEUES.init, (job) => initialise(deps, job), { ...common, concurrency: 1 }),
    new Worker(QUEUES.scan, (job) => scanStep(deps, job), { ...common, concurrency: tuning.scanConcurrency }),
    new Worker(QUEUES.finalise, (job) => finalise(deps, job), { ...common, concurrency: 1 }),
    new Worker(QUEUES.deadline, (job) => enforceDeadline(deps, job), { ...common, concurrency: 1 }),
  ];
  for (const worker of workers) worker.on("error", onError);
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  return {
    async close({ force = false } = {}) {
      await Promise.all(workers.map((worker) => worker.close(force)));
      await deps.queues.close();
      await connections.close();
    },
  };
}
