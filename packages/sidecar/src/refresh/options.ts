/**
 * Options both refresh queues share (per-tenant concurrency, retries, outcome reports),
 * and the one checked resolver each queue resolves its own options with.
 */
import { SubqError } from "../errors.js";
import type { RefreshJob, RefreshOutcome } from "./queue.js";

/** One run of the handler, for metrics: what it returned (or "failed" when it threw). */
export interface RefreshReport {
  readonly job: RefreshJob;
  readonly outcome: RefreshOutcome;
  /** 1 for the first run, 2 for the first retry, ... */
  readonly attempt: number;
  /** The run failed and another attempt is scheduled (after the backoff delay). */
  readonly willRetry: boolean;
  readonly durationMs: number;
  /** What the handler threw, when it failed. */
  readonly error?: unknown;
}

export interface RefreshBackoff {
  /** "fixed": every retry waits `delayMs`; "exponential": `delayMs`, then twice that, ... */
  readonly type: "fixed" | "exponential";
  readonly delayMs: number;
}

export interface RefreshQueueOptions {
  /** Refreshes of one tenant that may run at once (in the whole fleet for BullMQ). Default 2. */
  readonly concurrencyPerTenant?: number;
  /** Runs of a refresh whose handler throws, the first one included. Default 3. */
  readonly attempts?: number;
  /** Delay before each retry. Default exponential from 1 000 ms. */
  readonly backoff?: RefreshBackoff;
  /** Called after every run of the handler; exceptions it throws are ignored. Default none. */
  readonly onOutcome?: (report: RefreshReport) => void;
}

export const REFRESH_QUEUE_DEFAULTS: Readonly<Required<RefreshQueueOptions>> = Object.freeze({
  concurrencyPerTenant: 2,
  attempts: 3,
  backoff: Object.freeze({ type: "exponential", delayMs: 1_000 }),
  onOutcome: () => {},
});

/** Delay before retry number `failedAttempt` (the attempt that just failed, from 1). */
export function retryDelayMs(backoff: RefreshBackoff, failedAttempt: number): number {
  return backoff.type === "fixed" ? backoff.delayMs : backoff.delayMs * 2 ** (failedAttempt - 1);
}

/**
 * Merges `options` over `defaults` into a frozen object. Unknown names fail naming the
 * closest known one; the shared numeric options and `backoff` are checked here, the
 * caller checks its own.
 */
export function resolveQueueOptions<T extends object>(
  queue: string,
  defaults: Readonly<Required<T>>,
  options: Partial<T>,
): Readonly<Required<T>> {
  const known = Object.keys(defaults);
  for (const name of Object.keys(options)) {
    if (!known.includes(name)) {
      throw optionError(queue, name, `unknown option${suggest(name, known)}; known: ${known.join(", ")}`);
    }
  }
  const defined = Object.entries(options).filter(([, value]) => value !== undefined);
  const resolved = { ...defaults, ...Object.fromEntries(defined) } as Required<T> & RefreshQueueOptions;
  positiveInteger(queue, "concurrencyPerTenant", resolved.concurrencyPerTenant);
  positiveInteger(queue, "attempts", resolved.attempts);
  const backoff = resolved.backoff;
  if (
    typeof backoff !== "object" ||
    (backoff.type !== "fixed" && backoff.type !== "exponential") ||
    !Number.isSafeInteger(backoff.delayMs) ||
    backoff.delayMs < 0
  ) {
    throw optionError(queue, "backoff", 'expected { type: "fixed" | "exponential", delayMs: whole ms >= 0 }');
  }
  if (typeof resolved.onOutcome !== "function") {
    throw optionError(queue, "onOutcome", "expected a function");
  }
  return Object.freeze(resolved);
}

export function positiveInteger(queue: string, name: string, value: unknown): void {
  if (!Number.isSafeInteger(value) || (value as number) < 1) {
    throw optionError(queue, name, `expected a whole number >= 1, got ${String(value)}`);
  }
}

export function optionError(queue: string, name: string, message: string): SubqError {
  return new SubqError("E_CONFIG", `${queue} option ${name}: ${message}`);
}

function suggest(name: string, known: readonly string[]): string {
  const lower = name.toLowerCase();
  const close = known.find((k) => {
    const candidate = k.toLowerCase();
    return candidate.includes(lower) || lower.includes(candidate.replace(/ms$/, ""));
  });
  return close === undefined ? "" : ` (did you mean ${close}?)`;
}
