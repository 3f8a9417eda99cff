/**
 * The listener's ingestion side: notifications wait `batchMs` after the first one, then go
 * to `engine.ingestEvents` together (merged per transaction and issue, listener-events.ts),
 * one ingestion at a time and in order. A resync (`catalog_changed`: every subscription of
 * the tenant treated as changed) rides along with the next batch; a failed ingestion means
 * lost events, so it asks for a resync and retries until one succeeds.
 */

import type { ConfigEventInput } from "../events/index.js";
import { eventsOf, type Notice } from "./listener-events.js";
import type { BatchReport, ResolvedListenerOptions } from "./listener-options.js";

export class EventBatcher {
  private pending: Notice[] = [];
  private firstAt = 0;
  private resyncReason: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private ingesting: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly o: ResolvedListenerOptions) {}

  add(notice: Notice): void {
    if (this.pending.length >= this.o.maxPending) {
      this.pending = [];
      this.resync(`more than ${this.o.maxPending} notifications waited for one ingestion`);
      return;
    }
    if (this.pending.length === 0) this.firstAt = performance.now();
    this.pending.push(notice);
    this.schedule(this.o.batchMs);
  }

  /** Treat every subscription as changed with the next batch (after `delayMs`). */
  resync(reason: string, delayMs = 0): void {
    this.resyncReason ??= reason;
    this.schedule(delayMs);
  }

  /** Drops what waits (another process listens now, and resyncs when it starts). */
  clear(): void {
    this.pending = [];
  }

  /** Stops scheduling and waits for the ingestion in progress. */
  async close(): Promise<void> {
    this.closed = true;
    this.pending = [];
    clearTimeout(this.timer ?? undefined);
    await this.ingesting;
  }

  private schedule(delayMs: number): void {
    if (this.timer !== null || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.ingesting = this.ingesting.then(() => this.flush());
    }, delayMs);
    this.timer.unref();
  }

  private async flush(): Promise<void> {
    const notices = this.pending;
    const reason = this.resyncReason;
    const startedAt = notices.length > 0 ? this.firstAt : performance.now();
    this.pending = [];
    this.resyncReason = null;
    if (notices.length === 0 && reason === null) return;
    const { config, issues } = eventsOf(notices);
    if (reason !== null && !config.some((e) => e.type === "catalog_changed")) {
      config.unshift({ type: "catalog_changed", id: `resync: ${reason}` });
    }
    const events = [...config, ...issues];
    const result = { accepted: 0, matched: 0, patched: 0 };
    try {
      for (let i = 0; i < events.length; i += this.o.maxEventsPerCall) {
        const part = await this.o.engine.ingestEvents(
          this.o.tenant,
          events.slice(i, i + this.o.maxEventsPerCall),
        );
        result.accepted += part.accepted;
        result.matched += part.matched;
        result.patched += part.patched;
      }
    } catch (err) {
      if ((err as { code?: unknown }).code === "E_SHUTTING_DOWN" || this.closed) return;
      this.o.logger.error(
        { err, tenant: this.o.tenant, events: events.length },
        "event ingestion failed; resyncing",
      );
      this.resync(`an ingestion failed: ${err instanceof Error ? err.message : String(err)}`, this.o.retryMs);
      return;
    }
    this.report({
      notifications: notices.length,
      events: events.length,
      resync: resyncOf(config),
      result,
      ms: performance.now() - startedAt,
    });
  }

  private report(report: BatchReport): void {
    this.o.logger.debug({ tenant: this.o.tenant, ...report }, "ingested database events");
    try {
      this.o.onBatch?.(report);
    } catch (err) {
      this.o.logger.warn({ err, tenant: this.o.tenant }, "the onBatch callback threw");
    }
  }
}

function resyncOf(config: readonly ConfigEventInput[]): string | null {
  const event = config.find((e) => e.type === "catalog_changed");
  return event === undefined ? null : String(event.id ?? "catalog_changed");
}
