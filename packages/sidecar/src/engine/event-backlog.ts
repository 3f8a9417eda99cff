/**
 * Events published while Redis (or the database a batch needs) is unavailable are kept in
 * this process and applied, in order, as soon as it is back, instead of being refused: a
 * producer that does not retry would otherwise lose them. The backlog is bounded
 * (`maxEvents`; beyond it a batch is refused with 503 and Retry-After, so its producer
 * knows to publish it again), and later batches of a tenant queue behind its kept ones, so
 * a tenant's events are applied in the order they were published. Applying a batch twice
 * (one that failed halfway) does no harm: patches and stale marks are idempotent.
 */
import { SubqError } from "../errors.js";
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

interface Kept {
  readonly tenant: string;
  readonly events: readonly unknown[];
}

function isUnavailable(error: unknown): boolean {
  return error instanceof RedisUnavailable || isDbUnavailable(error);
}

export class EventBacklog {
  private readonly kept: Kept[] = [];
  private keptEvents = 0;
  private draining: Promise<void> | null = null;
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
    if (!this.kept.some((batch) => batch.tenant === tenant)) {
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

  /** Stops retrying; what is still kept is lost, and said so. */
  async close(deadlineMs: number): Promise<void> {
    const deadline = Date.now() + deadlineMs;
    while (this.keptEvents > 0 && Date.now() < deadline && this.draining) {
      await new Promise((resolve) => setTimeout(resolve, this.options.retryMs));
    }
    this.stopped = true;
    if (this.keptEvents > 0) {
      this.logger.error(
        { events: this.keptEvents, tenants: [...new Set(this.kept.map((batch) => batch.tenant))] },
        "shutting down with events that could not be applied: publish them again, or let the staleness bound correct the cache",
      );
    }
  }

  private keep(tenant: string, events: readonly unknown[], cause?: unknown): IngestResult {
    if (this.stopped || this.keptEvents + events.length > this.options.maxEvents) {
      throw new SubqError(
        "E_REDIS_UNAVAILABLE",
        `the events cannot be applied now and the backlog of events kept for later is full (${this.keptEvents} of ${this.options.maxEvents}); nothing of this batch was kept: publish it again after Retry-After`,
        { tenant, ...(cause ? { cause } : {}) },
      );
    }
    if (this.kept.length === 0) {
      this.logger.warn(
        { tenant, reason: cause instanceof Error ? cause.message : undefined },
        "events cannot be applied now: keeping them and applying them when the store is back",
      );
    }
    this.kept.push({ tenant, events });
    this.keptEvents += events.length;
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
    });
    return { accepted: events.length, matched: 0, patched: 0, deferred: events.length };
  }

  private async drain(): Promise<void> {
    while (this.kept.length > 0 && !this.stopped) {
      const batch = this.kept[0]!;
      try {
        await this.apply(batch.tenant, batch.events);
      } catch (error) {
        if (isUnavailable(error)) {
          await new Promise((resolve) => setTimeout(resolve, this.options.retryMs).unref());
          continue;
        }
        this.logger.error(
          { err: error, tenant: batch.tenant, events: batch.events.length },
          "a kept batch of events failed when applied; dropped (the staleness bound corrects the cache)",
        );
      }
      this.kept.shift();
      this.keptEvents -= batch.events.length;
      if (this.kept.length === 0) this.logger.info({}, "kept events applied");
    }
  }
}
