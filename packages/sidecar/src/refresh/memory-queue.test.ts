import { describe, expect, it } from "vitest";
import { createMemoryRefreshQueue } from "./memory-queue.js";
import type { RefreshReport } from "./options.js";
import type { RefreshJob, RefreshOutcome } from "./queue.js";

const job = (tenant: string, subscriptionId: string): RefreshJob => ({ tenant, subscriptionId });

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await tick(1);
  }
}

describe("createMemoryRefreshQueue", () => {
  it("keeps one waiting refresh per subscription", async () => {
    const queue = createMemoryRefreshQueue();
    expect(await queue.enqueue(job("acme", "s1"))).toBe(true);
    expect(await queue.enqueue(job("acme", "s1"))).toBe(false);
    expect(await queue.enqueue(job("acme", "s2"))).toBe(true);
    expect(await queue.enqueue(job("other", "s1"))).toBe(true);
    expect(await queue.counts()).toEqual({ waiting: 3, active: 0 });
    const seen: string[] = [];
    await queue.work(async (j) => {
      seen.push(`${j.tenant}/${j.subscriptionId}`);
      return "changed";
    });
    await until(() => seen.length === 3);
    await tick(5);
    expect(seen.sort()).toEqual(["acme/s1", "acme/s2", "other/s1"]);
    expect(await queue.counts()).toEqual({ waiting: 0, active: 0 });
    await queue.close();
  });

  it("runs once more after a running refresh when asked during it, never in parallel", async () => {
    const queue = createMemoryRefreshQueue();
    const gates = [deferred(), deferred()];
    let runs = 0;
    let parallel = 0;
    let maxParallel = 0;
    await queue.work(async () => {
      parallel++;
      maxParallel = Math.max(maxParallel, parallel);
      await gates[runs++]!.promise;
      parallel--;
      return "changed";
    });
    expect(await queue.enqueue(job("acme", "s1"))).toBe(true);
    await until(() => runs === 1);
    // An event arrives while the refresh runs: these enqueues ask for one more run.
    expect(await queue.enqueue(job("acme", "s1"))).toBe(false);
    expect(await queue.enqueue(job("acme", "s1"))).toBe(false);
    expect(await queue.counts()).toEqual({ waiting: 0, active: 1 });
    gates[0]!.resolve();
    await until(() => runs === 2);
    gates[1]!.resolve();
    await until(() => parallel === 0);
    await tick(5);
    expect(runs).toBe(2);
    expect(maxParallel).toBe(1);
    // Done: the next enqueue is a new refresh.
    expect(await queue.enqueue(job("acme", "s1"))).toBe(true);
    await queue.close();
  });

  it("bounds the refreshes running per tenant, tenants independently", async () => {
    const queue = createMemoryRefreshQueue({ concurrencyPerTenant: 2 });
    const running = new Map<string, number>();
    const maxRunning = new Map<string, number>();
    let overall = 0;
    let maxOverall = 0;
    let done = 0;
    for (const tenant of ["a", "b", "c"]) {
      for (let i = 0; i < 6; i++) await queue.enqueue(job(tenant, `s${i}`));
    }
    await queue.work(async ({ tenant }) => {
      running.set(tenant, (running.get(tenant) ?? 0) + 1);
      maxRunning.set(tenant, Math.max(maxRunning.get(tenant) ?? 0, running.get(tenant)!));
      maxOverall = Math.max(maxOverall, ++overall);
      await tick(10);
      running.set(tenant, running.get(tenant)! - 1);
      overall--;
      done++;
      return "unchanged";
    });
    await until(() => done === 18);
    expect(Object.fromEntries(maxRunning)).toEqual({ a: 2, b: 2, c: 2 });
    expect(maxOverall).toBe(6);
    await queue.close();
  });

  it("retries a throwing handler with backoff and reports every run", async () => {
    const reports: RefreshReport[] = [];
    const queue = createMemoryRefreshQueue({
      attempts: 3,
      backoff: { type: "exponential", delayMs: 20 },
      onOutcome: (report) => reports.push(report),
    });
    const startedAt: number[] = [];
    await queue.work(async () => {
      startedAt.push(Date.now());
      if (startedAt.length < 3) throw new Error(`boom ${startedAt.length}`);
      return "changed";
    });
    await queue.enqueue(job("acme", "s1"));
    await until(() => reports.length === 3);
    expect(reports.map((r) => [r.outcome, r.attempt, r.willRetry])).toEqual([
      ["failed", 1, true],
      ["failed", 2, true],
      ["changed", 3, false],
    ]);
    expect((reports[0]!.error as Error).message).toBe("boom 1");
    expect(reports.every((r) => r.durationMs >= 0 && r.job.subscriptionId === "s1")).toBe(true);
    // 20 ms, then 40 ms (timers may fire a millisecond early).
    expect(startedAt[1]! - startedAt[0]!).toBeGreaterThanOrEqual(19);
    expect(startedAt[2]! - startedAt[1]!).toBeGreaterThanOrEqual(39);
    await queue.close();
  });

  it("gives up after the last attempt and then accepts the subscription again", async () => {
    const reports: RefreshReport[] = [];
    const queue = createMemoryRefreshQueue({
      attempts: 2,
      backoff: { type: "fixed", delayMs: 1 },
      onOutcome: (report) => {
        reports.push(report);
        throw new Error("a broken metrics callback is ignored");
      },
    });
    let outcome: RefreshOutcome | "throw" = "throw";
    await queue.work(async () => {
      if (outcome === "throw") throw new Error("database down");
      return outcome;
    });
    await queue.enqueue(job("acme", "s1"));
    await until(() => reports.length === 2);
    await tick(5);
    expect(reports.map((r) => [r.outcome, r.willRetry])).toEqual([
      ["failed", true],
      ["failed", false],
    ]);
    expect(await queue.counts()).toEqual({ waiting: 0, active: 0 });
    outcome = "superseded";
    expect(await queue.enqueue(job("acme", "s1"))).toBe(true);
    await until(() => reports.length === 3);
    expect(reports[2]!.outcome).toBe("superseded");
    await queue.close();
  });

  it("close waits for running refreshes, drops waiting and delayed ones, refuses new ones", async () => {
    const queue = createMemoryRefreshQueue({
      concurrencyPerTenant: 1,
      backoff: { type: "fixed", delayMs: 50 },
    });
    const gate = deferred();
    const started: string[] = [];
    let finished = 0;
    await queue.work(async ({ subscriptionId }) => {
      started.push(subscriptionId);
      if (subscriptionId === "fails") throw new Error("retry me later");
      await gate.promise;
      finished++;
      return "changed";
    });
    await queue.enqueue(job("other", "fails"));
    await queue.enqueue(job("acme", "s1"));
    await queue.enqueue(job("acme", "s2"));
    await until(() => started.length === 2);
    expect(await queue.counts()).toEqual({ waiting: 2, active: 1 });
    const closing = queue.close();
    await tick(5);
    expect(finished).toBe(0);
    gate.resolve();
    await closing;
    expect(finished).toBe(1);
    await tick(80);
    expect(started.sort()).toEqual(["fails", "s1"]);
    await expect(queue.enqueue(job("acme", "s3"))).rejects.toMatchObject({ code: "E_SHUTTING_DOWN" });
  });

  it("bounds the waiting refreshes", async () => {
    const queue = createMemoryRefreshQueue({ maxWaiting: 2 });
    await queue.enqueue(job("acme", "s1"));
    await queue.enqueue(job("acme", "s2"));
    await expect(queue.enqueue(job("acme", "s3"))).rejects.toMatchObject({ code: "E_OVERLOADED" });
    expect(await queue.enqueue(job("acme", "s1"))).toBe(false);
    await queue.close();
  });

  it("checks jobs and options", async () => {
    const queue = createMemoryRefreshQueue();
    await expect(queue.enqueue(job("Acme Corp", "s1"))).rejects.toThrow(/tenant/);
    await expect(queue.enqueue(job("acme", "a:b"))).rejects.toThrow(/subscription id/);
    await queue.work(async () => "changed");
    await expect(queue.work(async () => "changed")).rejects.toMatchObject({ code: "E_CONFIG" });
    await queue.close();
    expect(() => createMemoryRefreshQueue({ concurrency: 2 } as never)).toThrow(
      /option concurrency: unknown option \(did you mean concurrencyPerTenant\?\)/,
    );
    expect(() => createMemoryRefreshQueue({ attempts: 0 })).toThrow(/attempts: expected a whole number >= 1/);
    expect(() => createMemoryRefreshQueue({ backoff: { type: "linear", delayMs: 5 } as never })).toThrow(
      /backoff/,
    );
  });
});
