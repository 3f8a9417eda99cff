import { describe, expect, it } from "vitest";
import { batchStats, issuesIn } from "./batch-stats.js";

describe("batch stats", () => {
  it("summarises durations, retries and issues of the batch log", () => {
    const log = new Map<number, readonly [number, number, number]>([
      [0, [40, 100, 1]],
      [1, [10, 100, 2]],
      [2, [30, 50, 1]],
      [3, [20, 100, 3]],
    ]);
    expect(batchStats(log)).toEqual({ count: 4, retried: 2, totalMs: 100, p50Ms: 30, p95Ms: 40, maxMs: 40 });
    expect(issuesIn(log)).toBe(350);
  });

  it("is all zeros for a run without batches", () => {
    expect(batchStats(new Map())).toEqual({ count: 0, retried: 0, totalMs: 0, p50Ms: 0, p95Ms: 0, maxMs: 0 });
  });
});
