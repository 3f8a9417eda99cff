/**
 * The Postgres event listener (docs/sidecar.md "Events"): LISTENs on the channel the
 * triggers of sql/triggers.sql notify and hands the notifications to the batcher
 * (listener-batch.ts), which merges a few milliseconds of them into events and feeds them
 * to `engine.ingestEvents`. This module owns who listens, and whether LISTEN works.
 *
 * - One listener per tenant in the fleet: a tenant lease in Redis (role "listener"), renewed
 *   every `renewEveryMs`; standbys try to take it just as often, so a dead holder is
 *   replaced within `leaseTtlMs + renewEveryMs`. Two holders for a moment (an expiry while
 *   the old one still runs) only ingest some events twice, which is harmless.
 * - NOTIFY is not durable: whatever was sent while nobody listened is gone. So every time
 *   LISTEN starts (taking the lease, reconnecting after a database restart) the listener
 *   ingests `catalog_changed`, which marks every subscription of the tenant stale, bumps
 *   the configuration version and reloads the catalog; a failed ingestion (events lost)
 *   leads to the same, retried until it succeeds. After that, refreshes converge.
 * - postgres.js re-LISTENs by itself after a lost connection (with backoff) and calls
 *   `onlisten` again; as a watchdog the holder also sends itself a ping notification every
 *   renewal and LISTENs anew when the previous one never arrived.
 * - Errors never escape: they are logged, and the listener carries on.
 */
import { randomUUID } from "node:crypto";
import { claimTenantLease, releaseTenantLease, type TenantLease, tenantLease } from "../redis/index.js";
import { EventBatcher } from "./listener-batch.js";
import { parseNotice } from "./listener-events.js";
import {
  type EventListenerOptions,
  type ResolvedListenerOptions,
  resolveListenerOptions,
} from "./listener-options.js";

export type { BatchReport, EventListenerOptions } from "./listener-options.js";

/** standby: another process holds the lease; connecting: held, LISTEN not up yet. */
export type ListenerState = "standby" | "connecting" | "listening" | "closed";

export interface EventListener {
  readonly state: ListenerState;
  /** Stops listening, waits for the ingestion in progress and gives the lease up. */
  close(): Promise<void>;
}

export const LISTENER_LEASE_ROLE = "listener";

export function startEventListener(options: EventListenerOptions): EventListener {
  const listener = new PostgresEventListener(resolveListenerOptions(options));
  listener.start();
  return listener;
}

class PostgresEventListener implements EventListener {
  private readonly lease: TenantLease;
  private holding = false;
  private closed = false;
  /** Callbacks of an earlier LISTEN carry an older session and are ignored. */
  private session = 0;
  private listen: "off" | "starting" | "on" = "off";
  private unlisten: (() => Promise<unknown>) | null = null;
  private connects = 0;
  /** The ping sent at the last renewal, until it arrives. */
  private ping: string | null = null;
  private pings = 0;
  private tickTimer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> = Promise.resolve();
  private readonly batcher: EventBatcher;

  constructor(private readonly o: ResolvedListenerOptions) {
    this.lease = tenantLease(o.tenant, LISTENER_LEASE_ROLE, randomUUID());
    this.batcher = new EventBatcher(o);
  }

  get state(): ListenerState {
    if (this.closed) return "closed";
    if (!this.holding) return "standby";
    return this.listen === "on" ? "listening" : "connecting";
  }

  start(): void {
    this.ticking = this.tick();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.tickTimer ?? undefined);
    await this.ticking;
    this.stopListening();
    await this.batcher.close();
    if (!this.holding) return;
    this.holding = false;
    await releaseTenantLease(this.o.store, this.lease).catch((err) =>
      this.o.logger.warn(
        { err, tenant: this.o.tenant },
        "could not release the listener lease; it expires by itself",
      ),
    );
  }

  /** Claims the lease (takes or renews it), starts or stops listening, checks the last ping. */
  private async tick(): Promise<void> {
    try {
      const claim = await claimTenantLease(this.o.store, this.lease, this.o.leaseTtlMs);
      if (this.closed) {
        this.holding = claim !== "held";
        return;
      }
      if (claim === "held") {
        if (this.holding)
          this.o.logger.warn({ tenant: this.o.tenant }, "another process took the listener lease");
        this.holding = false;
        this.stopListening();
      } else {
        if (!this.holding) this.o.logger.info({ tenant: this.o.tenant }, "took the listener lease");
        this.holding = true;
        if (this.listen === "off" || this.ping !== null) this.restartListening();
        await this.sendPing();
      }
    } catch (err) {
      // Redis unreachable: keep the role we have (a gap in listening loses events, a
      // duplicate listener does not).
      this.o.logger.warn({ err, tenant: this.o.tenant }, "could not claim the listener lease");
    }
    if (!this.closed) {
      this.tickTimer = setTimeout(() => {
        this.ticking = this.tick();
      }, this.o.renewEveryMs);
      this.tickTimer.unref();
    }
  }

  private restartListening(): void {
    if (this.ping !== null) {
      this.o.logger.warn({ tenant: this.o.tenant }, "the listener's ping never arrived; listening again");
    }
    this.stopListening();
    const session = ++this.session;
    this.listen = "starting";
    this.o.sql
      .listen(
        this.o.channel,
        (payload) => this.onNotify(session, payload),
        () => this.onListen(session),
      )
      .then((meta) => {
        if (session === this.session) this.unlisten = meta.unlisten;
        else void meta.unlisten().catch(() => {});
      })
      .catch((err) => {
        // postgres.js keeps retrying in the background and calls onListen when it succeeds.
        if (session === this.session) this.o.logger.warn({ err, tenant: this.o.tenant }, "LISTEN failed");
      });
  }

  private stopListening(): void {
    this.session++;
    this.listen = "off";
    this.ping = null;
    this.batcher.clear();
    const unlisten = this.unlisten;
    this.unlisten = null;
    if (unlisten) void unlisten().catch(() => {});
  }

  private onListen(session: number): void {
    if (session !== this.session || this.closed) return;
    this.listen = "on";
    const why = this.connects++ === 0 ? "started listening" : "listening again after a lost connection";
    this.o.logger.info({ tenant: this.o.tenant, channel: this.o.channel }, why);
    this.batcher.resync(`${why}: notifications sent meanwhile are lost`);
  }

  private onNotify(session: number, payload: string): void {
    if (session !== this.session || this.closed) return;
    const notice = parseNotice(payload);
    if (notice instanceof Error) {
      this.o.logger.warn({ tenant: this.o.tenant, err: notice }, "ignored a notification");
      return;
    }
    if (!("ping" in notice)) this.batcher.add(notice);
    else if (notice.ping === this.ping) this.ping = null;
  }

  /** Notifies the listener's own channel; the next tick checks that it arrived. */
  private async sendPing(): Promise<void> {
    if (this.listen !== "on") return;
    const id = `${this.lease.token}:${++this.pings}`;
    // Expected before it is sent: it may arrive before the pg_notify query returns.
    this.ping = id;
    try {
      await this.o.sql`SELECT pg_notify(${this.o.channel}, ${JSON.stringify({ v: 1, ping: id })})`;
    } catch (err) {
      // The database is unreachable: postgres.js re-LISTENs once it is back.
      if (this.ping === id) this.ping = null;
      this.o.logger.debug({ err, tenant: this.o.tenant }, "could not send the listener ping");
    }
  }
}
