/**
 * One tenant's BullMQ objects: its queue (on the shared producer connection) and this
 * process's worker of it, whose processor runs the refresh handler under the tenant's
 * fleet-wide concurrency bound.
 */
import { type Job, Queue, type RedisOptions, Worker } from "bullmq";
import { runAttempt } from "./attempt.js";
import type { QueueClient } from "./bullmq-connection.js";
import { tenantQueueName } from "./bullmq-discovery.js";
import type { ResolvedBullmqOptions } from "./bullmq-options.js";
import { withDeadline } from "./deadline.js";
import type { RefreshHandler, RefreshOutcome } from "./queue.js";

export type JobData = { readonly subscriptionId: string };
export type TenantQueue = Queue<JobData, RefreshOutcome>;
export type TenantWorker = Worker<JobData, RefreshOutcome>;

/** A job this process runs, with its lock token (to hand it back on close). */
export interface RunningJob {
  readonly job: Job<JobData>;
  readonly token: string | undefined;
}

export function openTenantQueue(
  tenant: string,
  producer: QueueClient,
  options: ResolvedBullmqOptions,
): TenantQueue {
  const { attempts, backoff, prefix } = options;
  const queue = new Queue<JobData, RefreshOutcome>(tenantQueueName(tenant), {
    connection: producer,
    prefix,
    // Nobody reads the events stream; keep it short.
    streams: { events: { maxLen: 100 } },
    defaultJobOptions: {
      attempts,
      backoff: { type: backoff.type, delay: backoff.delayMs },
      // Finished jobs go at once (failed ones are kept a while for inspection); the
      // deduplication key goes with the job either way.
      removeOnComplete: true,
      removeOnFail: { count: 1_000 },
    },
  });
  queue.on("error", (error) => options.onError(error));
  return queue;
}

export interface WorkerContext {
  readonly tenant: string;
  readonly queue: TenantQueue;
  readonly handler: RefreshHandler;
  readonly connection: RedisOptions | QueueClient;
  /** Where the processor keeps the jobs it runs. */
  readonly running: Set<RunningJob>;
  readonly options: ResolvedBullmqOptions;
}

/** Sets the tenant's bound, then starts the worker (it fetches jobs at once). */
export async function startTenantWorker(context: WorkerContext): Promise<TenantWorker> {
  const { tenant, queue, handler, running, options } = context;
  const { concurrencyPerTenant, attempts, onOutcome } = options;
  // Written by every worker at start: the fleet's bound is the last configured value.
  await withDeadline(
    queue.setGlobalConcurrency(concurrencyPerTenant),
    options.enqueueTimeoutMs,
    `setting the refresh concurrency of ${tenant}`,
  );
  const processor = async (job: Job<JobData, RefreshOutcome>, token?: string) => {
    const entry = { job, token };
    running.add(entry);
    try {
      const refresh = { tenant, subscriptionId: job.data.subscriptionId };
      return await runAttempt(handler, refresh, { attempt: job.attemptsMade + 1, attempts, onOutcome });
    } finally {
      running.delete(entry);
    }
  };
  const worker = new Worker<JobData, RefreshOutcome>(tenantQueueName(tenant), processor, {
    connection: context.connection,
    prefix: options.prefix,
    // Locally the same as the fleet's bound: fetching more would only hold them back.
    concurrency: concurrencyPerTenant,
    lockDuration: options.lockDurationMs,
    stalledInterval: options.stalledIntervalMs,
  });
  worker.on("error", (error) => options.onError(error));
  return worker;
}
