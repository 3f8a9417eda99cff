/**
 * Whether a tenant's database answers, known without waiting on it. A connection-level
 * failure, or a call that stalls while a probe on a connection of its own gets no answer,
 * marks the database down: from then on calls fail at once (the search path serves the
 * last good answer, marked stale, or 503 with Retry-After) instead of queueing behind a
 * pool whose server went away. A probe runs every `probeIntervalMs` while down; the first
 * that answers marks the database up again.
 */
import { SubqError } from "../errors.js";
import { isConnectionProblem, isDbUnavailable } from "./failures.js";

export interface DatabaseHealthOptions {
  /** A call still running after this long asks the probe whether the database answers. */
  readonly stallMs: number;
  /** A probe not answered in this time counts as "down". */
  readonly probeTimeoutMs: number;
  /** While down, probe this often. */
  readonly probeIntervalMs: number;
}

export const DATABASE_HEALTH_DEFAULTS: DatabaseHealthOptions = Object.freeze({
  stallMs: 400,
  probeTimeoutMs: 400,
  probeIntervalMs: 250,
});

/** Round trips on a connection of the probe's own (db/probe.ts). */
export interface DatabaseProbe {
  /** Rejects when the database does not answer within `timeoutMs`. */
  probe(timeoutMs: number): Promise<void>;
  close?(): Promise<void>;
}

export interface DatabaseHealthEvents {
  onDown?(reason: string): void;
  onUp?(downForMs: number): void;
}

export class DatabaseHealth {
  private downSince: number | null = null;
  private answeredAt = Number.NEGATIVE_INFINITY;
  private reason = "";
  private probing: Promise<boolean> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    readonly tenant: string,
    private readonly probe: DatabaseProbe,
    private readonly options: DatabaseHealthOptions = DATABASE_HEALTH_DEFAULTS,
    private readonly events: DatabaseHealthEvents = {},
    private readonly clock: () => number = Date.now,
  ) {}

  get isDown(): boolean {
    return this.downSince !== null;
  }

  /**
   * Runs one database operation. Fails at once with E_DB_UNAVAILABLE while the database
   * is down; a connection failure, or a stall the probe confirms, marks it down.
   */
  async call<T>(work: () => Promise<T>): Promise<T> {
    if (this.downSince !== null) throw this.unavailable();
    const running = work();
    try {
      // Slow or gone? Each time the call has run another `stallMs`, a probe on another
      // connection tells; a database that answers it is only slow.
      for (;;) {
        const first = await raceTimer(running, this.options.stallMs);
        if (first !== STALLED) return first as T;
        if (!(await this.check())) {
          running.catch(() => {}); // it may still settle; nobody waits for it now
          throw this.unavailable();
        }
      }
    } catch (error) {
      if (isDbUnavailable(error) || isConnectionProblem(error)) {
        this.markDown(error instanceof Error ? error.message : String(error));
        throw isDbUnavailable(error) ? error : this.unavailable(error);
      }
      throw error;
    }
  }

  /** Probes now (one probe at a time); false marks the database down. */
  check(): Promise<boolean> {
    // Many calls stall at once on a busy database: one answered probe speaks for them all.
    if (this.downSince === null && this.clock() - this.answeredAt < this.options.stallMs) {
      return Promise.resolve(true);
    }
    this.probing ??= this.probe
      .probe(this.options.probeTimeoutMs)
      .then(
        () => {
          this.answeredAt = this.clock();
          this.markUp();
          return true;
        },
        (error: unknown) => {
          // A server that answers with an error (too many clients, ...) is there.
          if (!isProbeTimeout(error) && !isConnectionProblem(error)) {
            this.answeredAt = this.clock();
            this.markUp();
            return true;
          }
          this.markDown(`no answer to a probe: ${error instanceof Error ? error.message : String(error)}`);
          return false;
        },
      )
      .finally(() => {
        this.probing = null;
      });
    return this.probing;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.probe.close?.();
  }

  private markDown(reason: string): void {
    if (this.downSince !== null || this.closed) return;
    this.downSince = this.clock();
    this.reason = reason;
    this.events.onDown?.(reason);
    this.scheduleProbe();
  }

  private markUp(): void {
    if (this.downSince === null) return;
    const downForMs = this.clock() - this.downSince;
    this.downSince = null;
    this.events.onUp?.(downForMs);
  }

  private scheduleProbe(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.downSince === null || this.closed) return;
      void this.check().then((up) => {
        if (!up) this.scheduleProbe();
      });
    }, this.options.probeIntervalMs);
    this.timer.unref();
  }

  private unavailable(cause?: unknown): SubqError {
    const since = this.downSince === null ? 0 : this.clock() - this.downSince;
    return new SubqError(
      "E_DB_UNAVAILABLE",
      `the database of tenant '${this.tenant}' is unavailable (for ${since} ms: ${this.reason}); ` +
        `subq probes it every ${this.options.probeIntervalMs} ms and uses it again as soon as it answers`,
      { tenant: this.tenant, ...(cause ? { cause } : {}) },
    );
  }
}

const STALLED = Symbol("stalled");

async function raceTimer<T>(work: Promise<T>, ms: number): Promise<T | typeof STALLED> {
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<typeof STALLED>((resolve) => {
    timer = setTimeout(() => resolve(STALLED), ms);
  });
  try {
    return await Promise.race([work, stalled]);
  } finally {
    clearTimeout(timer);
  }
}

function isProbeTimeout(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === "PROBE_TIMEOUT";
}
