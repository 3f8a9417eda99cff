import { describe, expect, it } from "vitest";
import { refreshPriority, resolveRefreshPolicy, staleness } from "./refresh-policy.js";

const policy = resolveRefreshPolicy({ changeThreshold: 10, maxAgeMs: 1_000, minReads: 1 });

describe("refresh policy", () => {
  it("calls a report stale at the change threshold or past the maximum age, and says which", () => {
    expect(staleness({ readsSince: 0, changesSince: 9, ageMs: 999 }, policy)).toEqual({
      stale: false,
      reason: "9 change events in scope since the report's run (threshold 10)",
    });
    expect(staleness({ readsSince: 0, changesSince: 10, ageMs: 0 }, policy).stale).toBe(true);
    const old = staleness({ readsSince: 0, changesSince: 0, ageMs: 1_000 }, policy);
    expect(old.stale).toBe(true);
    expect(old.reason).toMatch(/^older than/);
  });

  it("prioritises stale reports by reads times changes and skips unread ones", () => {
    expect(refreshPriority({ readsSince: 5, changesSince: 3, ageMs: 0 }, policy)).toBeNull();
    expect(refreshPriority({ readsSince: 0, changesSince: 50, ageMs: 0 }, policy)).toBeNull();
    const hot = refreshPriority({ readsSince: 20, changesSince: 10, ageMs: 0 }, policy)!;
    const busy = refreshPriority({ readsSince: 2, changesSince: 40, ageMs: 0 }, policy)!;
    const old = refreshPriority({ readsSince: 1, changesSince: 0, ageMs: 5_000 }, policy)!;
    expect([hot, busy, old]).toEqual([200, 80, 1]);
  });

  it("rejects unknown or out-of-range options by name", () => {
    expect(() => resolveRefreshPolicy({ changeThreshold: 0 })).toThrow(
      /changeThreshold: expected a whole number from 1/,
    );
    expect(() => resolveRefreshPolicy({ treshold: 3 } as never)).toThrow(
      /unknown option; the options are changeThreshold/,
    );
  });
});
