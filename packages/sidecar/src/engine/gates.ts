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

  /** False while open: callers skip Redis and answer directly. Half-open lets one probe through. */
  allows(): boolean {
    return this.clock() >= this.openUntil;
  }

  success(): void {
    this.failures = 0;
    this.openUntil = 0;
  }

  failure(): void {
    if (++this.failures >= this.threshold) this.openUntil = this.clock() + this.retryAfterMs;
  }

  get open(): boolean {
    return !this.allows();
  }
}
