import { describe, expect, it } from "vitest";
import { CircuitBreaker } from "./gates.js";

describe("CircuitBreaker", () => {
  it("opens after the threshold, then lets one probe through at a time", () => {
    let now = 0;
    const breaker = new CircuitBreaker(2, 500, () => now);
    breaker.failure();
    expect(breaker.allows()).toBe(true);
    breaker.failure();
    expect(breaker.allows()).toBe(false);
    now = 500;
    expect(breaker.allows(), "the probe").toBe(true);
    expect(breaker.allows(), "everyone else while the probe runs").toBe(false);
    breaker.failure();
    expect(breaker.allows(), "the probe failed: open again").toBe(false);
    now = 1_000;
    expect(breaker.allows()).toBe(true);
    breaker.success();
    expect(breaker.allows()).toBe(true);
    expect(breaker.allows()).toBe(true);
    expect(breaker.open).toBe(false);
  });

  it("a probe that ends without a verdict lets the next caller probe", () => {
    let now = 0;
    const breaker = new CircuitBreaker(1, 100, () => now);
    breaker.failure();
    now = 100;
    expect(breaker.allows()).toBe(true);
    expect(breaker.allows()).toBe(false);
    breaker.release();
    expect(breaker.allows()).toBe(true);
  });
});
