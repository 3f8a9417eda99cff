import { describe, expect, it } from "vitest";
import { RedisOutage } from "./redis-outage.js";

describe("RedisOutage", () => {
  it("gives one version per window, never below a version seen, and moves it with the window", () => {
    let now = 1_000_000;
    const outage = new RedisOutage({ windowMs: 5_000, maxAnswers: 10 }, () => now);
    const first = outage.windowVersion("acme", 0);
    expect(first).toBe(1_000_000 * 1000);
    now += 4_999;
    expect(outage.windowVersion("acme", 0)).toBe(first);
    now += 1;
    expect(outage.windowVersion("acme", 0)).toBe(1_005_000 * 1000);
    // A version this process saw moments ago (above the window's start) is kept as the floor.
    const seen = 1_007_500 * 1000;
    expect(outage.windowVersion("acme", seen)).toBe(seen);
    expect(outage.windowVersion("acme", 0), "the floor holds for the window").toBe(seen);
  });

  it("moves the configuration once per tenant once Redis is back, however many ask at once", async () => {
    const outage = new RedisOutage({ windowMs: 5_000, maxAnswers: 10 }, () => 0);
    expect(outage.owesRecovery("acme")).toBe(false);
    outage.windowVersion("acme", 0);
    outage.windowVersion("beta", 0);
    expect(outage.owesRecovery("acme")).toBe(true);
    let moves = 0;
    const move = async () => ++moves * 1000;
    const all = await Promise.all([outage.recover("acme", move), outage.recover("acme", move)]);
    expect(all).toEqual([1000, 1000]);
    expect(moves).toBe(1);
    expect(await outage.recover("acme", move)).toBeNull();
    expect(outage.owesRecovery("acme")).toBe(false);
    expect(outage.owesRecovery("beta"), "another tenant still owes its own").toBe(true);
  });

  it("names the queries asked for during the outage once Redis is back, to refill them", async () => {
    const recovered: [string, unknown[]][] = [];
    const outage = new RedisOutage(
      { windowMs: 5_000, maxAnswers: 10 },
      () => 0,
      (tenant, plans) => recovered.push([tenant, [...plans]]),
    );
    const a = { jql: "project = A" } as never;
    const b = { jql: "project = B" } as never;
    outage.windowVersion("acme", 0, a);
    outage.windowVersion("acme", 0, b);
    outage.windowVersion("acme", 0, a);
    await outage.recover("acme", async () => 1);
    expect(recovered).toEqual([["acme", [a, b]]]);
  });
});
