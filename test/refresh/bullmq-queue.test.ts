/**
 * The BullMQ refresh queue against the real Redis: several queue instances, each with its
 * own connections, stand for several worker processes.
 */
import { randomBytes } from "node:crypto";
import { type AddressInfo, createServer } from "node:net";
import { Redis } from "ioredis";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  type BullmqRefreshQueueOptions,
  createBullmqRefreshQueue,
} from "../../packages/sidecar/src/refresh/bullmq-queue.js";
import type { RefreshReport } from "../../packages/sidecar/src/refresh/options.js";
import type { RefreshHandler, RefreshJob, RefreshQueue } from "../../packages/sidecar/src/refresh/queue.js";
import { ConcurrencyProbe, deferred, sleep, until } from "./support.js";

const REDIS_URL = process.env.SUBQ_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const REDIS = { host: new URL(REDIS_URL).hostname, port: Number(new URL(REDIS_URL).port || 6379) };
const PREFIX = `subq-queue-test-${process.pid}-${randomBytes(3).toString("hex")}`;
const admin = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
const opened: RefreshQueue[] = [];

function open(options: Partial<BullmqRefreshQueueOptions> = {}): RefreshQueue {
  const queue = createBullmqRefreshQueue({
    connection: REDIS,
    prefix: PREFIX,
    discoveryIntervalMs: 50,
    backoff: { type: "fixed", delayMs: 10 },
    closeTimeoutMs: 5_000,
    ...options,
  });
  opened.push(queue);
  return queue;
}

const job = (tenant: string, subscriptionId: string): RefreshJob => ({ tenant, subscriptionId });

afterEach(async () => {
  await Promise.all(opened.splice(0).map((queue) => queue.close()));
  const keys = await admin.keys(`${PREFIX}*`);
  if (keys.length > 0) await admin.del(...keys);
});

afterAll(async () => {
  await admin.quit();
});

describe("createBullmqRefreshQueue", () => {
  it("keeps one waiting refresh per subscription, fleet-wide", async () => {
    const first = open();
    const second = open();
    expect(await first.enqueue(job("acme", "s1"))).toBe(true);
    expect(await second.enqueue(job("acme", "s1"))).toBe(false);
    expect(await second.enqueue(job("acme", "s2"))).toBe(true);
    expect(await first.enqueue(job("other", "s1"))).toBe(true);
    expect(await second.counts()).toEqual({ waiting: 3, active: 0 });
    const seen: string[] = [];
    await first.work(async ({ tenant, subscriptionId }) => {
      seen.push(`${tenant}/${subscriptionId}`);
      return "changed";
    });
    await until(() => seen.length === 3);
    expect(seen.sort()).toEqual(["acme/s1", "acme/s2", "other/s1"]);
    await until(async () => (await first.counts()).active === 0);
    expect(await first.counts()).toEqual({ waiting: 0, active: 0 });
  });

  it("runs once more after a running refresh when asked during it, never in parallel", async () => {
    const producer = open();
    const gates = [deferred(), deferred()];
    const probe = new ConcurrencyProbe();
    await open().work(
      probe.wrap(async () => {
        await gates[probe.started - 1]!.promise;
        return "changed";
      }),
    );
    expect(await producer.enqueue(job("acme", "s1"))).toBe(true);
    await until(() => probe.started === 1);
    // An event arrived while it runs: the enqueues merge into one follow-up.
    expect(await producer.enqueue(job("acme", "s1"))).toBe(false);
    expect(await producer.enqueue(job("acme", "s1"))).toBe(false);
    gates[0]!.resolve();
    await until(() => probe.started === 2);
    gates[1]!.resolve();
    await until(() => probe.finished === 2);
    await sleep(100);
    expect(probe.started).toBe(2);
    expect(probe.max("acme")).toBe(1);
    await until(async () => (await producer.counts()).active === 0);
    expect(await producer.enqueue(job("acme", "s1"))).toBe(true);
  });

  it("bounds each tenant's running refreshes across three workers in one process", async () => {
    const probe = new ConcurrencyProbe();
    const gate = deferred();
    const handler = probe.wrap(async () => {
      await gate.promise;
      return "unchanged" as const;
    });
    // Each worker alone would run two per tenant: only the shared bound holds them to two in all.
    const workers = [open(), open(), open()];
    for (const worker of workers) await worker.work(handler);
    for (let i = 0; i < 6; i++) {
      await workers[i % 3]!.enqueue(job("t-a", `s${i}`));
      await workers[(i + 1) % 3]!.enqueue(job("t-b", `s${i}`));
    }
    await until(() => probe.running("t-a") === 2 && probe.running("t-b") === 2);
    await sleep(300);
    expect([probe.running("t-a"), probe.running("t-b")]).toEqual([2, 2]);
    expect(await workers[0]!.counts()).toEqual({ waiting: 8, active: 4 });
    gate.resolve();
    await until(() => probe.finished === 12);
    expect([probe.max("t-a"), probe.max("t-b")]).toEqual([2, 2]);
  });

  it("works tenants first enqueued elsewhere, under one bound across processes", async () => {
    const probe = new ConcurrencyProbe();
    const gate = deferred();
    const handler = probe.wrap(async () => {
      await gate.promise;
      return "changed" as const;
    });
    // Two "processes" with their own connections (one built by a client factory), neither
    // configured with the tenant; a third only enqueues.
    const one = open({ concurrencyPerTenant: 2 });
    const two = open({
      concurrencyPerTenant: 2,
      connection: () => new Redis(REDIS_URL, { maxRetriesPerRequest: null }),
    });
    await one.work(handler);
    await two.work(handler);
    const producer = open();
    for (let i = 0; i < 6; i++) await producer.enqueue(job("t-late", `s${i}`));
    await until(() => probe.running("t-late") === 2);
    await sleep(300);
    expect(probe.running("t-late")).toBe(2);
    gate.resolve();
    await until(() => probe.finished === 6);
    expect(probe.max("t-late")).toBe(2);
  });

  it("retries a throwing handler with backoff, reports every run, then accepts the subscription again", async () => {
    const reports: RefreshReport[] = [];
    const queue = open({ attempts: 3, onOutcome: (report) => reports.push(report) });
    const runs = new Map<string, number>();
    await queue.work(async ({ subscriptionId }) => {
      const run = (runs.get(subscriptionId) ?? 0) + 1;
      runs.set(subscriptionId, run);
      if (subscriptionId === "broken" || run < 3) throw new Error(`boom ${run}`);
      return "changed";
    });
    await queue.enqueue(job("acme", "flaky"));
    await queue.enqueue(job("acme", "broken"));
    await until(() => reports.length === 6);
    const of = (id: string) =>
      reports.filter((r) => r.job.subscriptionId === id).map((r) => [r.outcome, r.attempt, r.willRetry]);
    expect(of("flaky")).toEqual([
      ["failed", 1, true],
      ["failed", 2, true],
      ["changed", 3, false],
    ]);
    expect(of("broken")).toEqual([
      ["failed", 1, true],
      ["failed", 2, true],
      ["failed", 3, false],
    ]);
    expect(reports.every((r) => r.job.tenant === "acme" && r.durationMs >= 0)).toBe(true);
    expect((reports.find((r) => r.outcome === "failed")!.error as Error).message).toMatch(/^boom/);
    // The final failure released the deduplication: the next stale read can enqueue again.
    await until(async () => (await queue.counts()).active === 0);
    expect(await queue.enqueue(job("acme", "broken"))).toBe(true);
  });

  it("close waits for running refreshes and leaves no connection open", async () => {
    // The producer by its connectionName, BullMQ's own connections by the prefix they are named after.
    const name = PREFIX;
    const queue = open({
      connection: { ...REDIS, connectionName: `${PREFIX}-producer` },
    });
    const gate = deferred();
    let finished = false;
    await queue.work(async () => {
      await gate.promise;
      finished = true;
      return "changed";
    });
    await queue.enqueue(job("acme", "s1"));
    await until(async () => (await queue.counts()).active === 1);
    expect(await connectionsNamed(name)).toBeGreaterThan(1);
    const closing = queue.close();
    await sleep(100);
    expect(finished).toBe(false);
    gate.resolve();
    await closing;
    expect(finished).toBe(true);
    await until(async () => (await connectionsNamed(name)) === 0);
    await expect(queue.enqueue(job("acme", "s2"))).rejects.toMatchObject({ code: "E_SHUTTING_DOWN" });
  });

  it("close hands a refresh that outlives closeTimeoutMs back to the queue at once", async () => {
    const stuck = deferred();
    const handler: RefreshHandler = async () => {
      await stuck.promise;
      return "changed";
    };
    const leaving = open({ closeTimeoutMs: 100 });
    await leaving.work(handler);
    await leaving.enqueue(job("acme", "s1"));
    await until(async () => (await leaving.counts()).active === 1);
    const started = Date.now();
    await leaving.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    // Another process takes it well before the 30 s lock would have expired.
    const ran: string[] = [];
    await open().work(async ({ subscriptionId }) => {
      ran.push(subscriptionId);
      return "changed";
    });
    await until(() => ran.length === 1, 5_000);
    stuck.resolve();
    await sleep(50);
  });

  it("starts working while Redis is down, fails enqueues fast, reports errors and closes", async () => {
    const errors: Error[] = [];
    const port = await unusedPort();
    const queue = open({
      connection: { host: "127.0.0.1", port, retryStrategy: () => 50 },
      tenants: ["acme"],
      enqueueTimeoutMs: 200,
      closeTimeoutMs: 500,
      onError: (error) => errors.push(error),
    });
    await queue.work(async () => "changed");
    expect(errors.length).toBeGreaterThan(0);
    const started = Date.now();
    await expect(queue.enqueue(job("acme", "s1"))).rejects.toMatchObject({ code: "E_REDIS_UNAVAILABLE" });
    expect(Date.now() - started).toBeLessThan(1_000);
    await queue.close();
  });

  it("works only the discovered tenants it serves", async () => {
    const producer = open();
    const seen: string[] = [];
    await open({ serves: (tenant) => tenant === "acme" }).work(async ({ tenant, subscriptionId }) => {
      seen.push(`${tenant}/${subscriptionId}`);
      return "changed";
    });
    expect(await producer.enqueue(job("globex", "s1"))).toBe(true);
    expect(await producer.enqueue(job("acme", "s1"))).toBe(true);
    await until(() => seen.length === 1);
    await sleep(300); // several discovery intervals: globex is listed, never worked
    expect(seen).toEqual(["acme/s1"]);
    expect(await producer.counts()).toEqual({ waiting: 1, active: 0 });
  });

  it("checks its options", async () => {
    const connection = { host: "127.0.0.1" };
    expect(() => createBullmqRefreshQueue({ connection, prefix: "subq" })).toThrow(/prefix/);
    expect(() => createBullmqRefreshQueue({ connection, concurency: 2 } as never)).toThrow(/unknown option/);
    expect(() => createBullmqRefreshQueue({ connection, tenants: ["Not A Tenant"] })).toThrow(/tenant/);
    const queue = open({
      connection: () => new Redis(REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true }),
    });
    await expect(queue.work(async () => "changed")).rejects.toMatchObject({ code: "E_CONFIG" });
  });
});

async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function connectionsNamed(name: string): Promise<number> {
  const list = (await admin.client("LIST")) as string;
  return list.split("\n").filter((line) => line.includes(` name=${name}`)).length;
}
