/**
 * The refresh queue: where stale subscriptions wait for a worker. Two implementations
 * behind one interface: BullMQ on Redis (the fleet: any process with the worker role
 * works any tenant's jobs, one job per subscription at a time) and an in-process queue
 * (the embedded demo, where BullMQ cannot run because ioredis-mock has no cmsgpack).
 */

export interface RefreshJob {
  readonly tenant: string;
  readonly subscriptionId: string;
}

export type RefreshOutcome = "changed" | "unchanged" | "superseded" | "skipped" | "failed";

export type RefreshHandler = (job: RefreshJob) => Promise<RefreshOutcome>;

export interface RefreshQueue {
  /**
   * Enqueues a refresh of the subscription. Returns false when deduplicated: one is already
   * waiting (this call is dropped), or one is running (this call is merged into a single
   * follow-up run after it, since the running one may have read before the change).
   */
  enqueue(job: RefreshJob): Promise<boolean>;
  /** Starts working jobs with `handler` (worker role); at most `concurrencyPerTenant` per tenant. */
  work(handler: RefreshHandler): Promise<void>;
  /** Jobs waiting and running, for tests and metrics. */
  counts(): Promise<{ readonly waiting: number; readonly active: number }>;
  close(): Promise<void>;
}
