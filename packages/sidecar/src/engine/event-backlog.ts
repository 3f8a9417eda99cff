/**
 * Events published while Redis (or the database a batch needs) is unavailable are kept in
 * this process and applied, in order, as soon as it is back, instead of being refused: a
 * producer that does not retry would otherwise lose them. The backlog is bounded
 * (`maxEvents`; beyond it a batch is refused with 503 and Retry-After, so its producer
 * knows to publish it again), and later batches of a tenant queue behind its kept ones, so
 * a tenant's events are applied in the order they were published. Applying a batch twice
 * (one that failed halfway) does no harm: patches and stale marks are idempotent.
 */
import { JqlError } from "@subq/jql";
import { httpStatusOf, isSubqBaseError, SubqError } from "../errors.js";
import type { EngineLogger } from "./engine-metrics.js";
import { isDbUnavailable, RedisUnavailable } from "./failures.js";
import type { IngestResult } from "./types.js";

export interface EventBacklogOptions {
  /** Events kept at most (over all tenants). */
  readonly maxEvents: number;
  /** While unavailable, try the oldest kept batch again this often. */
  readonly retryMs: number;
}

export const EVENT_BACKLOG_DEFAULTS: EventBacklogOptions = Object.freeze({
  maxEvents: 100_000,
  retryMs: 250,
});

type Apply = (tenant: string, events: readonly unknown[]) => Promise<IngestResult>;

/** The first try failed because the store or the database is away: keep the batch. */
function isUnavailable(error: unknown): boolean {
  return error instanceof RedisUnavailable || isDbUnavailable(error);
}

/**
 * Applying the batch again later may succeed: what failed answers 503 (the store, the
 * database or this process away or busy), or is untyped (a statement timeout, too many
 * clients). A typed 4xx or 500 is the batch's fault or a bug: retrying will not help.
 */
function isTransient(error: unknown): boolean {
  if (isSubqBaseError(error)) return httpStatusOf(error.code) === 503;
  return !(error instanceof JqlError);
}

/** After this many failed tries a kept batch is given up (logged), so one bad batch cannot block its tenant. */
const MAX_TRIES = 40;

export class EventBacklog {
  /** Per tenant, in publication order; tenants drain independently. */
  private readonly kept = new Map<string, (readonly unknown[])[]>();
  private keptEvents = 0;
  private readonly draining = new Set<string>();
  private stopped = false;

  constructor(
    private readonly apply: Apply,
    /** Checks a batch without applying it (throws what the route reports as 400). */
    private readonly check: (tenant: string, events: readonly unknown[]) => void,
    private readonly logger: EngineLogger,
    private readonly options: EventBacklogOptions = EVENT_BACKLOG_DEFAULTS,
  ) {}

  /** Events kept, not yet applied. */
  get size(): number {
    return this.keptEvents;
  }

  /** Applies the batch now, or keeps it (`deferred`) while what it needs is unavailable. */
  async submit(tenant: string, events: readonly unknown[]): Promise<IngestResult> {
    if (!this.kept.has(tenant)) {
      try {
        return await this.apply(tenant, events);
      } catch (error) {
        if (!isUnavailable(error)) throw error;
        return this.keep(tenant, events, error);
      }
    }
    this.check(tenant, events);
    return this.keep(tenant, events);
  }

  /** Waits up to `deadlineMs` for kept events to be applied, then stops; what is left is lost, and said so. */
  async close(deadlineMs: number): Promise<void> {
    const deadline = Date.now() + deadlineMs;
    while (this.keptEvents > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, this.options.retryMs));
    }
    this.stopped = true;
    if (this.keptEvents > 0) {
      this.logger.error(
        { events: this.keptEvents, tenants: [...this.kept.keys()] },
        "shutting down with events that could not be applied: publish them again, or let the staleness bound correct the cache",
      );
    }
  }

  private keep(tenant: string, events: readonly unknown[], cause?: unknown): IngestResult {
    if (this.stopped || this.keptEvents + events.length > this.options.maxEvents) {
      const code = cause instanceof SubqError ? cause.code : "E_REDIS_UNAVAILABLE";
      throw new SubqError(
        code,
        `the events cannot be applied now and ${this.stopped ? "the sidecar is shutting down" : `the backlog of events kept for later is full (${this.keptEvents} of ${this.options.maxEvents})`}; nothing of this batch was kept: publish it again after Retry-After`,
        { tenant, ...(cause ? { cause } : {}) },
      );
    }
    let queue = this.kept.get(tenant);
    if (!queue) {
      this.logger.warn(
        { tenant, reason: cause instanceof Error ? cause.message : undefined },
        "events cannot be applied now: keeping them and applying them in order when the store is back",
      );
      queue = [];
      this.kept.set(tenant, queue);
    }
    queue.push(events);
    this.keptEvents += events.length;
    if (!this.draining.has(tenant)) {
      this.draining.add(tenant);
      void this.drain(tenant).finally(() => this.draining.delete(tenant));
    }
    return { accepted: events.length, matched: 0, patched: 0, deferred: events.length };
  }

  private async drain(tenant: string): Promise<void> {
    const queue = this.kept.get(tenant);
    let tries = 0;
    while (queue && queue.length > 0 && !this.stopped) {
      const batch = queue[0]!;
      try {
        await this.apply(tenant, batch);
      } catch (error) {
        if (isTransient(error) && ++tries < MAX_TRIES) {
          const waitMs = Math.min(this.options.retryMs * 2 ** Math.floor(tries / 8), 5_000);
          await new Promise((resolve) => setTimeout(resolve, waitMs).unref());
          continue;
        }
        this.logger.error(
          { err: error, tenant, events: batch.length, tries },
          "a kept batch of events could not be applied; given up (the staleness bound corrects the cache)",
        );
      }
      tries = 0;
      queue.shift();
      this.keptEvents -= batch.length;
    }
    if (queue?.length === 0) {
      this.kept.delete(tenant);
      this.logger.info({ tenant }, "kept events applied");
    }
  }
}
