/**
 * The fleet's refresh queue on BullMQ: any process that calls `work` refreshes any tenant.
 *
 * Per-tenant concurrency: one BullMQ queue per tenant with `setGlobalConcurrency`. The
 * bound is enforced inside BullMQ's job-fetch script, so it holds across every worker of
 * every process with no lease to leak when a worker dies (its job's lock expires and the
 * stalled check returns the job), and tenants never wait behind each other (a single
 * queue with a semaphore would keep pulling the busy tenant's jobs and putting them
 * back). The price is connections: each worker process opens two per tenant it works.
 * Tenants are discovered at runtime (bullmq-discovery.ts).
 *
 * Deduplication: every job carries BullMQ's `deduplication: { id: subscriptionId,
 * keepLastIfActive }`. While a refresh waits, further enqueues are dropped. While it runs,
 * they are merged into one follow-up job that BullMQ creates when the running one
 * finishes: the running refresh may have read before the event that caused the enqueue,
 * so the follow-up is needed, and it never runs in parallel with the first. The
 * deduplication key is deleted when the job finishes, fails for good, or is removed, and a
 * key whose job vanished is recovered by the next enqueue, so no enqueue is swallowed for
 * longer than one refresh. `enqueue` gives each job a fresh id and reports a merge (false)
 * when BullMQ answers with another job's id.
 *
 * Operations: BullMQ needs `maxmemory-policy noeviction` (an evicted job key corrupts its
 * queue). Keys are `<prefix>:{refresh-<tenant>}:*` and `<prefix>:tenants`.
 */
import { randomUUID } from "node:crypto";
import { SubqError } from "../errors.js";
import { checkSubscriptionId, checkTenant } from "../redis/keys.js";
import { openQueueConnections, type QueueConnections } from "./bullmq-connection.js";
import { knownTenants, registerTenant } from "./bullmq-discovery.js";
import {
  type BullmqRefreshQueueOptions,
  type ResolvedBullmqOptions,
  resolveBullmqOptions,
} from "./bullmq-options.js";
import {
  openTenantQueue,
  type RunningJob,
  startTenantWorker,
  type TenantQueue,
  type TenantWorker,
} from "./bullmq-tenant-queue.js";
import { settlesWithin, withDeadline } from "./deadline.js";
import type { RefreshHandler, RefreshJob, RefreshQueue } from "./queue.js";

export type { BullmqRefreshQueueOptions } from "./bullmq-options.js";

export function createBullmqRefreshQueue(options: BullmqRefreshQueueOptions): RefreshQueue {
  const resolved = resolveBullmqOptions(options);
  return new BullmqRefreshQueue(resolved, openQueueConnections(resolved.connection));
}

class BullmqRefreshQueue implements RefreshQueue {
  readonly #queues = new Map<string, TenantQueue>();
  readonly #workers = new Map<string, Promise<TenantWorker | null>>();
  /** Jobs this process runs, so close() can hand them back. */
  readonly #running = new Set<RunningJob>();
  #handler: RefreshHandler | null = null;
  #discovery: NodeJS.Timeout | undefined;
  #closing: Promise<void> | undefined;

  constructor(
    private readonly options: ResolvedBullmqOptions,
    private readonly connections: QueueConnections,
  ) {}

  async enqueue(job: RefreshJob): Promise<boolean> {
    const tenant = checkTenant(job.tenant);
    const subscriptionId = checkSubscriptionId(job.subscriptionId);
    if (this.#closing) throw new SubqError("E_SHUTTING_DOWN", "the refresh queue is closed");
    const jobId = `${subscriptionId}.${randomUUID()}`;
    const [added] = await withDeadline(
      Promise.all([
        this.#queueOf(tenant).add(
          "refresh",
          { subscriptionId },
          {
            jobId,
            deduplication: { id: subscriptionId, keepLastIfActive: true },
          },
        ),
        registerTenant(this.connections.producer, this.options.prefix, tenant),
      ]),
      this.options.enqueueTimeoutMs,
      `enqueueing a refresh of ${tenant}/${subscriptionId}`,
    );
    if (this.#handler) this.#startWorker(tenant);
    return added.id === jobId;
  }

  async work(handler: RefreshHandler): Promise<void> {
    if (this.#handler) throw new SubqError("E_CONFIG", "this refresh queue is already being worked");
    if (this.#closing) throw new SubqError("E_SHUTTING_DOWN", "the refresh queue is closed");
    this.connections.worker(); // fails fast on a worker connection BullMQ would refuse
    this.#handler = handler;
    // Redis may be down now: report it and keep trying each interval (searches go on meanwhile).
    const discover = () => this.#discover().catch((error: unknown) => this.options.onError(asError(error)));
    await Promise.all(this.options.tenants.map((tenant) => this.#startWorker(tenant)));
    await discover();
    this.#discovery = setInterval(discover, this.options.discoveryIntervalMs);
    this.#discovery.unref();
  }

  async counts(): Promise<{ readonly waiting: number; readonly active: number }> {
    const tenants = new Set([...this.#queues.keys(), ...(await this.#knownTenants())]);
    const counts = await Promise.all(
      [...tenants].map((tenant) =>
        this.#queueOf(tenant).getJobCounts("wait", "delayed", "prioritized", "active"),
      ),
    );
    let waiting = 0;
    let active = 0;
    for (const { active: running = 0, ...rest } of counts) {
      active += running;
      for (const count of Object.values(rest)) waiting += count;
    }
    return { waiting, active };
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    clearInterval(this.#discovery);
    const workers = (await Promise.all(this.#workers.values())).filter((w) => w !== null);
    const graceful = Promise.all(workers.map((worker) => worker.close()));
    if (!(await settlesWithin(graceful, this.options.closeTimeoutMs))) {
      // Hand the running jobs back now rather than after their locks expire; a late
      // finish of this process's handler is then refused by BullMQ (the lock is gone).
      await Promise.all(
        [...this.#running].map(({ job, token }) => job.moveToWait(token).catch(() => undefined)),
      );
      await Promise.all(workers.map((worker) => worker.disconnect().catch(() => undefined)));
    }
    await Promise.all([...this.#queues.values()].map((queue) => queue.close().catch(() => undefined)));
    await this.connections.close();
  }

  #queueOf(tenant: string): TenantQueue {
    let queue = this.#queues.get(tenant);
    if (!queue) {
      queue = openTenantQueue(tenant, this.connections.producer, this.options);
      this.#queues.set(tenant, queue);
    }
    return queue;
  }

  #knownTenants(): Promise<string[]> {
    const { prefix, enqueueTimeoutMs } = this.options;
    return withDeadline(knownTenants(this.connections.producer, prefix), enqueueTimeoutMs, "listing tenants");
  }

  async #discover(): Promise<void> {
    const tenants = (await this.#knownTenants()).filter((tenant) => this.options.serves(tenant));
    await Promise.all(tenants.map((tenant) => this.#startWorker(tenant)));
  }

  /** Starts this process's worker of `tenant` once; a failed start is reported and retried later. */
  #startWorker(tenant: string): Promise<TenantWorker | null> {
    let started = this.#workers.get(tenant);
    if (!started) {
      started = this.#createWorker(tenant).catch((error: unknown) => {
        this.#workers.delete(tenant);
        this.options.onError(asError(error));
        return null;
      });
      this.#workers.set(tenant, started);
    }
    return started;
  }

  async #createWorker(tenant: string): Promise<TenantWorker | null> {
    const handler = this.#handler;
    if (this.#closing || !handler) return null;
    const worker = await startTenantWorker({
      tenant,
      queue: this.#queueOf(tenant),
      handler,
      connection: this.connections.worker(),
      running: this.#running,
      options: this.options,
    });
    // close() began while the bound was being set: it only closes the workers it gets back.
    if (this.#closing) {
      await worker.close();
      return null;
    }
    return worker;
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
