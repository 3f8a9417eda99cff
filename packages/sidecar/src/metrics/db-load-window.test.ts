import { describe, expect, it } from "vitest";
import { DbLoadWindow } from "./db-load-window.js";

function at(start = 1_000_000) {
  const clock = { now: start };
  return { clock, tick: () => clock.now };
}

describe("DbLoadWindow", () => {
  it("divides database seconds by distinct users", () => {
    const { tick } = at();
    const window = new DbLoadWindow(60_000, tick);
    window.record("ann", 1);
    window.record("bob", 2);
    window.record("ann", 3);
    expect(window.read()).toEqual({ seconds: 6, users: 2, perUser: 3 });
  });

  it("counts time without a user toward the load but adds no user", () => {
    const { tick } = at();
    const window = new DbLoadWindow(60_000, tick);
    window.record(null, 4);
    expect(window.read()).toEqual({ seconds: 4, users: 0, perUser: 0 });
    window.record("ann", 1);
    expect(window.read()).toEqual({ seconds: 5, users: 1, perUser: 5 });
  });

  it("forgets seconds and users that left the window", () => {
    const { clock, tick } = at();
    const window = new DbLoadWindow(60_000, tick, 12);
    window.record("ann", 10);
    clock.now += 30_000;
    window.record("bob", 2);
    expect(window.read()).toEqual({ seconds: 12, users: 2, perUser: 6 });
    clock.now += 35_000; // ann's second is 65 s old
    expect(window.read()).toEqual({ seconds: 2, users: 1, perUser: 2 });
    clock.now += 60_000;
    expect(window.read()).toEqual({ seconds: 0, users: 0, perUser: 0 });
  });

  it("reuses a ring slot for a later bucket without keeping the old seconds", () => {
    const { clock, tick } = at(0);
    const window = new DbLoadWindow(1_000, tick, 4);
    window.record("a", 1);
    clock.now += 1_000; // the same slot, one window later
    window.record("b", 2);
    expect(window.read()).toEqual({ seconds: 2, users: 1, perUser: 2 });
  });

  it("keeps a user seen again in the window", () => {
    const { clock, tick } = at();
    const window = new DbLoadWindow(10_000, tick);
    window.record("ann", 1);
    window.record("bob", 1);
    clock.now += 8_000;
    window.record("ann", 1);
    clock.now += 5_000; // bob last seen 13 s ago, ann 5 s ago
    expect(window.read().users).toBe(1);
  });

  it("ignores negative and non-finite durations", () => {
    const window = new DbLoadWindow(10_000, () => 0);
    window.record("ann", -1);
    window.record("ann", Number.NaN);
    expect(window.read()).toEqual({ seconds: 0, users: 0, perUser: 0 });
  });
});
