/**
 * Retries with exponential backoff and full jitter (a uniform draw between 0 and
 * min(maxDelayMs, baseDelayMs * 2^retry)), so that clients failing together do not come
 * back together. Only errors that say so (`retryable`: timeouts, network failures,
 * 429/502/503/504) are retried, and only for calls the caller marked idempotent. A
 * server's `Retry-After` (capped at `maxDelayMs`) comes first and the draw on top: clients
 * told the same moment should still not all come back at it.
 */
import { sleep } from "./deadline.js";
import { SubqClientError } from "./errors.js";
import type { ResolvedRetry } from "./options.js";

/** The backoff before retry number `retry` (0 = the first retry). */
export function fullJitter(retry: number, policy: ResolvedRetry, random: () => number = Math.random): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(random() * cap);
}

export interface RetryDeps {
  readonly random: () => number;
  readonly sleep: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}

const DEFAULT_DEPS: RetryDeps = { random: Math.random, sleep: (ms, signal) => sleep(ms, signal) };

/**
 * Calls `attempt` until it succeeds, fails with a non-retryable error, or the policy's
 * attempts are spent; the last error is thrown as is. Waits are cut short by `signal`.
 */
export async function withRetry<T>(
  policy: ResolvedRetry,
  idempotent: boolean,
  signal: AbortSignal | undefined,
  attempt: () => Promise<T>,
  deps: RetryDeps = DEFAULT_DEPS,
): Promise<T> {
  const attempts = idempotent ? policy.attempts : 1;
  for (let tried = 1; ; tried++) {
    try {
      return await attempt();
    } catch (error) {
      if (tried >= attempts || !(error instanceof SubqClientError) || !error.retryable) throw error;
      await deps.sleep(delayAfter(error, tried - 1, policy, deps.random), signal);
    }
  }
}

export function delayAfter(
  error: SubqClientError,
  retry: number,
  policy: ResolvedRetry,
  random: () => number,
): number {
  const floor = Math.min(error.retryAfterMs ?? 0, policy.maxDelayMs);
  return floor + fullJitter(retry, policy, random);
}
