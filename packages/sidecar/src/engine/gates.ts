/**
 * Overload protection: a semaphore bounding concurrent direct answers (the database must
 * not take the whole fleet's traffic when Redis is down), and a circuit breaker that stops
 * waiting on Redis timeouts after repeated failures and probes again after a pause (a
 * timeout while this process's own event loop ran late is not counted: failures.ts).
 */
import { SubqError } from "../errors.js";
import { type LoopDelay, NO_DELAY } from "./event-loop-delay.js";

export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly limit: number,
    private readonly maxWaiting: number,
  ) {}

  /** Runs `work` when a slot is free; rejects with E_OVERLOADED when too many already wait. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) {
      if (this.waiting.length >= this.maxWaiting) {
        throw new SubqError(
          "E_OVERLOADED",
          `too many direct database answers in flight (${this.active} running, ${this.waiting.length} waiting); retry shortly`,
        );
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }

  get inFlight(): number {
    return this.active;
  }
}

export class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;
  /** Half-open: one call is trying Redis again; the others keep away until it tells. */
  private probing = false;

  constructor(
    private readonly threshold: number,
    private readonly retryAfterMs: number,
    private readonly clock: () => number = Date.now,
    private readonly loopDelay: LoopDelay = NO_DELAY,
    /** A timeout while the event loop ran this late is the process's fault, not Redis's. */
    readonly localDelayLimitMs = Number.POSITIVE_INFINITY,
  ) {}

  /** How late this process's event loop ran lately, ms. */
  localDelayMs(): number {
    return this.loopDelay.recentMaxMs();
  }

  /**
   * False while open: callers skip Redis and answer directly. Once the pause is over, the
   * first caller is let through as the probe (half-open); the others are kept away until
   * it succeeds or fails, so a Redis that hangs costs one timeout per pause, not one each.
   */
  allows(): boolean {
    if (this.openUntil === 0) return true;
    if (this.probing || this.clock() < this.openUntil) return false;
    this.probing = true;
    return true;
  }

  success(): void {
    this.failures = 0;
    this.openUntil = 0;
    this.probing = false;
  }

  failure(): void {
    this.probing = false;
    if (++this.failures >= this.threshold) this.openUntil = this.clock() + this.retryAfterMs;
  }

  /** The call ended without saying anything about Redis (another error): let the next one probe. */
  release(): void {
    this.probing = false;
  }

  get open(): boolean {
    return this.openUntil !== 0 && (this.probing || this.clock() < this.openUntil);
  }
}
