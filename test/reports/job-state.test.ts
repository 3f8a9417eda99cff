/**
 * The report scripts against the real Redis: every reply code of initReportJob,
 * applyReportBatch and finishReportJob, the merge of each operation, and the expiries.
 */
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStore } from "../../packages/sidecar/src/redis/store.js";
import { createContribution } from "../../packages/sidecar/src/reports/contract/contribution.js";
import {
  applyBatchState,
  discardJobState,
  finishJobState,
  initJobState,
  readJobSnapshot,
  readMergedFields,
} from "../../packages/sidecar/src/reports/store/job-state.js";
import {
  jobKeyList,
  type ReportJobKeys,
  reportJobKeys,
} from "../../packages/sidecar/src/reports/store/keys.js";
import { REDIS_URL } from "../support/engine.js";

const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
const tenant = `jobstate-${randomBytes(3).toString("hex")}`;
// Real time: PEXPIREAT in the past deletes at once.
const NOW = Date.now();
let run = 0;

beforeAll(async () => {
  await createStore(redis);
});

afterAll(async () => {
  const keys = await redis.keys(`subq:{${tenant}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

function freshKeys(): ReportJobKeys {
  run++;
  return reportJobKeys(tenant, "0123456789abcdef", String(run));
}

const init = (keys: ReportJobKeys, overrides: Partial<Parameters<typeof initJobState>[2]> = {}) =>
  initJobState(redis, keys, {
    nowMs: NOW,
    deadlineMs: NOW + 60_000,
    expireAtMs: NOW + 120_000,
    batches: 3,
    runId: String(run),
    tool: "t",
    scope: "tenant",
    ...overrides,
  });

function contribution(entries: [op: "sum" | "max" | "min", key: string, value: number][]) {
  const out = createContribution();
  for (const [op, key, value] of entries) out[op](key, value);
  return out.build();
}

const apply = (
  keys: ReportJobKeys,
  index: number,
  entries: [op: "sum" | "max" | "min", key: string, value: number][],
  nowMs = NOW,
) => applyBatchState(redis, keys, { nowMs, index, log: `12 100 1`, contribution: contribution(entries) });

describe("initReportJob", () => {
  it("creates the state once, deleting leftovers, with the absolute expiry", async () => {
    const keys = freshKeys();
    await redis.hset(keys.acc, "s:stale", "99");
    await redis.sadd(keys.done, "7");
    expect(await init(keys)).toBe("created");
    expect(await redis.exists(keys.acc, keys.done)).toBe(0);
    expect(await redis.hgetall(keys.meta)).toMatchObject({
      state: "running",
      batches: "3",
      deadlineMs: String(NOW + 60_000),
    });
    expect(await redis.pexpiretime(keys.meta)).toBe(NOW + 120_000);
    // A retried Initialise changes nothing, even after batches were applied.
    await apply(keys, 0, [["sum", "n", 5]]);
    expect(await init(keys)).toBe("exists");
    expect(await readMergedFields(redis, keys)).toEqual(new Map([["s:n", 5]]));
  });

  it("refuses to start past the deadline and writes nothing", async () => {
    const keys = freshKeys();
    expect(await init(keys, { deadlineMs: NOW - 1 })).toBe("deadline");
    expect(await redis.exists(...jobKeyList(keys))).toBe(0);
  });
});

describe("applyReportBatch", () => {
  it("merges sums, maxima and minima, each batch once, in any order", async () => {
    const keys = freshKeys();
    await init(keys);
    expect(
      await apply(keys, 2, [
        ["sum", "n", 3],
        ["max", "t", 10],
        ["min", "t", 10],
      ]),
    ).toEqual({ kind: "applied", done: 1 });
    expect(
      await apply(keys, 0, [
        ["sum", "n", 4],
        ["max", "t", 30],
        ["min", "t", 30],
      ]),
    ).toEqual({ kind: "applied", done: 2 });
    // The same batch again (a retry after a lost acknowledgement): nothing changes.
    expect(
      await apply(keys, 2, [
        ["sum", "n", 3],
        ["max", "t", 99],
      ]),
    ).toEqual({ kind: "duplicate" });
    expect(
      await apply(keys, 1, [
        ["sum", "n", 1],
        ["max", "t", 20],
        ["min", "t", 5],
      ]),
    ).toEqual({ kind: "applied", done: 3 });
    expect(await readMergedFields(redis, keys)).toEqual(
      new Map([
        ["s:n", 8],
        ["x:t", 30],
        ["n:t", 5],
      ]),
    );
    const snapshot = await readJobSnapshot(redis, keys);
    expect(snapshot.done).toBe(3);
    expect(snapshot.log.get(1)).toEqual([12, 100, 1]);
    for (const key of [keys.acc, keys.done, keys.log])
      expect(await redis.pexpiretime(key)).toBe(NOW + 120_000);
  });

  it("applies nothing past the deadline, after the run stopped, or when the state is gone", async () => {
    const keys = freshKeys();
    await init(keys);
    expect(await apply(keys, 0, [["sum", "n", 1]], NOW + 60_001)).toEqual({ kind: "deadline" });
    await finishJobState(redis, keys, { nowMs: NOW, state: "succeeded", ttlMs: 1_000 });
    expect(await apply(keys, 1, [["sum", "n", 1]])).toEqual({ kind: "stopped" });
    await discardJobState(redis, keys);
    expect(await apply(keys, 2, [["sum", "n", 1]])).toEqual({ kind: "gone" });
    expect(await redis.exists(...jobKeyList(keys))).toBe(0);
  });

  it("rejects a field without a merge prefix before writing anything", async () => {
    const keys = freshKeys();
    await init(keys);
    await expect(
      redis.subqApplyReportBatch(...jobKeyList(keys), NOW, 0, "1 1 1", "s:ok", "1", "bad", "2"),
    ).rejects.toThrow(/must start with s:, x: or n:/);
    await expect(
      redis.subqApplyReportBatch(...jobKeyList(keys), NOW, 0, "1 1 1", "s:ok", "1.5"),
    ).rejects.toThrow(/must be a whole number/);
    expect(await redis.exists(keys.acc, keys.done)).toBe(0);
  });
});

describe("finishReportJob", () => {
  it("marks the state finished and keeps it for the inspection time only", async () => {
    const keys = freshKeys();
    await init(keys);
    await apply(keys, 0, [["sum", "n", 1]]);
    expect(await finishJobState(redis, keys, { nowMs: NOW, state: "succeeded", ttlMs: 5_000 })).toBe(true);
    expect(await redis.hget(keys.meta, "state")).toBe("succeeded");
    for (const key of [keys.meta, keys.acc, keys.done, keys.log]) {
      const ttl = await redis.pttl(key);
      expect(ttl).toBeGreaterThan(4_000);
      expect(ttl).toBeLessThanOrEqual(5_000);
    }
  });

  it("answers gone for a state that does not exist", async () => {
    expect(await finishJobState(redis, freshKeys(), { nowMs: NOW, state: "succeeded", ttlMs: 5_000 })).toBe(
      false,
    );
  });
});

declare module "ioredis" {
  interface RedisCommander<Context> {
    subqApplyReportBatch(...args: (string | number)[]): Promise<unknown>;
  }
}
