/**
 * The in-process refresh queue, for the embedded demo (BullMQ cannot run on ioredis-mock).
 * Same semantics as the BullMQ queue, within one process:
 * - one refresh per subscription at a time: an enqueue while one waits is dropped; an
 *   enqueue while one runs asks for exactly one more run after it (the running refresh
 *   may have read before the event that caused the enqueue), never a parallel one;
 * - at most `concurrencyPerTenant` refreshes of a tenant run at once, tenants apart;
 * - a handler that throws is retried after the backoff delay, up to `attempts` runs;
 * - close() drops waiting and delayed refreshes and waits for the running ones.
 */
import { SubqError } from "../errors.js";
import { checkSubscriptionId, checkTenant } from "../redis/keys.js";
import { runAttempt } from "./attempt.js";
import {
  positiveInteger,
  REFRESH_QUEUE_DEFAULTS,
  type RefreshQueueOptions,
  resolveQueueOptions,
  retryDelayMs,
} from "./options.js";
import type { RefreshHandler, RefreshJob, RefreshQueue } from "./queue.js";

export interface MemoryRefreshQueueOptions extends RefreshQueueOptions {
  /** Refreshes waiting (or delayed) at most; enqueue beyond it fails with E_OVERLOADED. Default 10 000. */
  readonly maxWaiting?: number;
}

const DEFAULTS: Readonly<Required<MemoryRefreshQueueOptions>> = Object.freeze({
  ...REFRESH_QUEUE_DEFAULTS,
  maxWaiting: 10_000,
});

interface Entry {
  readonly job: RefreshJob;
  attempt: number;
  state: "waiting" | "delayed" | "active";
  /** An enqueue arrived while it ran: run once more when it finishes. */
  again: boolean;
}

export function createMemoryRefreshQueue(options: MemoryRefreshQueueOptions = {}): RefreshQueue {
  const resolved = resolveQueueOptions("memory refresh queue", DEFAULTS, options);
  positiveInteger("memory refresh queue", "maxWaiting", resolved.maxWaiting);
  return new MemoryRefreshQueue(resolved);
}

class MemoryRefreshQueue implements RefreshQueue {
  /** Subscription ("<tenant> <id>") → its refresh, while one waits, is delayed or runs. */
  readonly #entries = new Map<string, Entry>();
  /** Tenant → its waiting refreshes in order, and how many run. */
  readonly #tenants = new Map<string, { readonly waiting: Entry[]; active: number }>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #running = new Set<Promise<void>>();
  #handler: RefreshHandler | null = null;
  #closed = false;

  constructor(private readonly options: Readonly<Required<MemoryRefreshQueueOptions>>) {}

  async enqueue(job: RefreshJob): Promise<boolean> {
    checkTenant(job.tenant);
    checkSubscriptionId(job.subscriptionId);
    if (this.#closed) throw new SubqError("E_SHUTTING_DOWN", "the refresh queue is closed");
    const existing = this.#entries.get(keyOf(job));
    if (existing) {
      if (existing.state === "active") existing.again = true;
      return false;
    }
    if (this.#entries.size - this.#activeCount() >= this.options.maxWaiting) {
      throw new SubqError("E_OVERLOADED", `${this.options.maxWaiting} refreshes are already waiting`, {
        tenant: job.tenant,
      });
    }
    this.#add({ tenant: job.tenant, subscriptionId: job.subscriptionId });
    return true;
  }

  async work(handler: RefreshHandler): Promise<void> {
    if (this.#handler) throw new SubqError("E_CONFIG", "this refresh queue is already being worked");
    this.#handler = handler;
    for (const tenant of this.#tenants.keys()) this.#pump(tenant);
  }

  async counts(): Promise<{ readonly waiting: number; readonly active: number }> {
    const active = this.#activeCount();
    return { waiting: this.#entries.size - active, active };
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const [key, entry] of this.#entries) if (entry.state !== "active") this.#entries.delete(key);
    for (const tenant of this.#tenants.values()) tenant.waiting.length = 0;
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }

  #activeCount(): number {
    let active = 0;
    for (const tenant of this.#tenants.values()) active += tenant.active;
    return active;
  }

  #add(job: RefreshJob): void {
    const entry: Entry = { job, attempt: 1, state: "waiting", again: false };
    this.#entries.set(keyOf(job), entry);
    this.#queueOf(job.tenant).waiting.push(entry);
    this.#pump(job.tenant);
  }

  #queueOf(tenant: string): { readonly waiting: Entry[]; active: number } {
    let queue = this.#tenants.get(tenant);
    if (!queue) {
      queue = { waiting: [], active: 0 };
      this.#tenants.set(tenant, queue);
    }
    return queue;
  }

  #pump(tenant: string): void {
    const handler = this.#handler;
    const queue = this.#queueOf(tenant);
    while (handler && !this.#closed && queue.active < this.options.concurrencyPerTenant) {
      const entry = queue.waiting.shift();
      if (!entry) return;
      entry.state = "active";
      queue.active++;
      const run = this.#run(handler, entry).finally(() => {
        this.#running.delete(run);
        queue.active--;
        this.#pump(tenant);
      });
      this.#running.add(run);
    }
  }

  async #run(handler: RefreshHandler, entry: Entry): Promise<void> {
    const { attempts, onOutcome } = this.options;
    try {
      await runAttempt(handler, entry.job, { attempt: entry.attempt, attempts, onOutcome });
    } catch {
      if (entry.attempt < attempts && !this.#closed) return this.#retryLater(entry);
    }
    this.#entries.delete(keyOf(entry.job));
    if (entry.again && !this.#closed) this.#add(entry.job);
  }

  /** Delayed refreshes hold no slot; they queue again (at the back) after the backoff. */
  #retryLater(entry: Entry): void {
    entry.state = "delayed";
    const retry = () => {
      this.#timers.delete(timer);
      entry.attempt++;
      entry.state = "waiting";
      this.#queueOf(entry.job.tenant).waiting.push(entry);
      this.#pump(entry.job.tenant);
    };
    const timer = setTimeout(retry, retryDelayMs(this.options.backoff, entry.attempt));
    this.#timers.add(timer);
  }
}

function keyOf(job: RefreshJob): string {
  return `${job.tenant} ${job.subscriptionId}`;
}
