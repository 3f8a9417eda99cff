import { describe, expect, it, vi } from "vitest";
import { sleep, withDeadline } from "./deadline.js";
import { SubqClientError } from "./errors.js";
import { resolveRetry } from "./options.js";
import { retryAfterOf } from "./response-error.js";
import { fullJitter, type RetryDeps, withRetry } from "./retry.js";

const policy = resolveRetry({ attempts: 5, baseDelayMs: 100, maxDelayMs: 1000 });
const unavailable = (fields: { retryAfterMs?: number } = {}) =>
  new SubqClientError("E_DB_UNAVAILABLE", "down", { status: 503, ...fields });

function recorder(random: () => number = Math.random): RetryDeps & { waits: number[] } {
  const waits: number[] = [];
  return { waits, random, sleep: async (ms) => void waits.push(ms) };
}

describe("fullJitter", () => {
  it("draws uniformly below min(max, base * 2^retry)", () => {
    const caps = [100, 200, 400, 800, 1000, 1000];
    caps.forEach((cap, retry) => {
      expect(fullJitter(retry, policy, () => 0)).toBe(0);
      expect(fullJitter(retry, policy, () => 0.5)).toBe(cap / 2);
      expect(fullJitter(retry, policy, () => 0.999999)).toBe(cap - 1);
    });
  });

  it("stays within its bounds over many real draws, and spreads", () => {
    const draws = Array.from({ length: 2000 }, () => fullJitter(3, policy));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(800);
    expect(new Set(draws).size).toBeGreaterThan(200);
  });
});

describe("withRetry", () => {
  it("retries retryable errors of idempotent calls, waiting a jittered, growing, capped backoff", async () => {
    const deps = recorder(() => 0.75);
    const attempt = vi.fn().mockRejectedValue(unavailable());
    await expect(withRetry(policy, true, undefined, attempt, deps)).rejects.toMatchObject({
      code: "E_DB_UNAVAILABLE",
    });
    expect(attempt).toHaveBeenCalledTimes(5);
    expect(deps.waits).toEqual([75, 150, 300, 600]);
  });

  it("returns the first success", async () => {
    const deps = recorder();
    const attempt = vi.fn().mockRejectedValueOnce(unavailable()).mockResolvedValueOnce("ok");
    expect(await withRetry(policy, true, undefined, attempt, deps)).toBe("ok");
    expect(attempt).toHaveBeenCalledTimes(2);
    expect(deps.waits).toHaveLength(1);
    expect(deps.waits[0]).toBeLessThan(100);
  });

  it("does not retry non-idempotent calls, non-retryable errors, or foreign errors", async () => {
    for (const [idempotent, error] of [
      [false, unavailable()],
      [true, new SubqClientError("E_JQL_SYNTAX", "bad", { status: 400 })],
      [true, new SubqClientError("E_INTERNAL", "bug", { status: 500 })],
      [true, new TypeError("a bug in the caller")],
    ] as const) {
      const attempt = vi.fn().mockRejectedValue(error);
      await expect(withRetry(policy, idempotent, undefined, attempt, recorder())).rejects.toBe(error);
      expect(attempt).toHaveBeenCalledTimes(1);
    }
  });

  it("waits Retry-After (capped at maxDelayMs) plus the draw", async () => {
    const deps = recorder(() => 0.5);
    const attempt = vi
      .fn()
      .mockRejectedValueOnce(unavailable({ retryAfterMs: 300 }))
      .mockRejectedValueOnce(unavailable({ retryAfterMs: 120_000 }))
      .mockResolvedValueOnce("ok");
    expect(await withRetry(policy, true, undefined, attempt, deps)).toBe("ok");
    expect(deps.waits).toEqual([300 + 50, 1000 + 100]);
  });

  it("stops waiting when the caller aborts", async () => {
    const controller = new AbortController();
    const attempt = vi.fn().mockRejectedValue(unavailable());
    const slow = resolveRetry({ attempts: 3, baseDelayMs: 60_000, maxDelayMs: 60_000 });
    const deps: RetryDeps = { random: () => 0.5, sleep };
    setTimeout(() => controller.abort(), 10);
    const started = Date.now();
    await expect(withRetry(slow, true, controller.signal, attempt, deps)).rejects.toMatchObject({
      code: "E_ABORTED",
    });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(attempt).toHaveBeenCalledTimes(1);
  });
});

describe("retryAfterOf", () => {
  it("reads delta-seconds and HTTP dates", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfterOf("3", now)).toBe(3000);
    expect(retryAfterOf("Thu, 01 Jan 2026 00:00:05 GMT", now)).toBe(5000);
    expect(retryAfterOf("Wed, 31 Dec 2025 23:00:00 GMT", now)).toBe(0);
    expect(retryAfterOf(undefined, now)).toBeUndefined();
    expect(retryAfterOf("soon", now)).toBeUndefined();
  });
});

describe("withDeadline", () => {
  it("rejects with E_TIMEOUT even when the work ignores its signal", async () => {
    const never = new Promise<never>(() => undefined);
    await expect(withDeadline(20, undefined, "GET /x", () => never)).rejects.toMatchObject({
      code: "E_TIMEOUT",
      message: "GET /x: no complete answer within 20 ms",
    });
  });

  it("passes the work's own error through, and its result", async () => {
    const error = new Error("mine");
    await expect(withDeadline(1000, undefined, "x", async () => Promise.reject(error))).rejects.toBe(error);
    expect(await withDeadline(1000, undefined, "x", async (signal) => signal.aborted)).toBe(false);
  });
});
