import { describe, expect, it } from "vitest";
import { parseVersionMessage } from "./channel.js";
import {
  checkDuration,
  checkPosition,
  checkTimestamp,
  comparePositions,
  lsnOf,
  snapshotOf,
  toIssueId,
  toIssueIds,
} from "./values.js";

describe("values", () => {
  it("accepts issue ids as numbers, bigints and canonical decimal strings", () => {
    expect(toIssueId(42)).toBe("42");
    expect(toIssueId(9223372036854775807n)).toBe("9223372036854775807");
    expect(toIssueId("0")).toBe("0");
    expect(toIssueIds([1, "2", 3n])).toEqual(["1", "2", "3"]);
  });

  it("rejects ids that would not match a stored member", () => {
    for (const bad of ["007", "-1", "1e3", " 1", "", 1.5, -1, Number.MAX_SAFE_INTEGER + 1, -1n]) {
      expect(() => toIssueId(bad as never)).toThrow(/issueId: issue ids are non-negative integers/);
    }
    expect(() => toIssueIds([1, "x"])).toThrow(/^members\[1\]: /);
  });

  it("validates and compares WAL positions", () => {
    expect(checkPosition("16/B374D848")).toBe("16/B374D848");
    expect(() => checkPosition("16-B374")).toThrow(/position: expected a WAL position like "16\/B374D848"/);
    expect(() => checkPosition("123456789/0")).toThrow(/WAL position/);
    expect(comparePositions("1/0", "0/FFFFFFFF")).toBe(1);
    expect(comparePositions("0/a", "0/A")).toBe(0);
    expect(comparePositions("0/9", "0/A")).toBe(-1);
    expect(checkPosition("0/16B3748@100:105:101,103")).toBe("0/16B3748@100:105:101,103");
    expect(checkPosition("0/16B3748@100:100:")).toBe("0/16B3748@100:100:");
    expect(() => checkPosition("0/16B3748@x")).toThrow(/WAL position/);
    expect(comparePositions("0/A@1:2:", "0/9@5:9:6")).toBe(1);
    expect(lsnOf("0/A@1:2:")).toBe("0/A");
    expect(snapshotOf("0/A@1:2:")).toBe("1:2:");
    expect(snapshotOf("0/A")).toBeNull();
  });

  it("checks clock readings and durations", () => {
    expect(checkTimestamp(0, "now")).toBe(0);
    expect(() => checkTimestamp(-1, "now")).toThrow(
      "now: expected integer ms since the epoch (Date.now()), got -1",
    );
    expect(() => checkDuration(0, "ttlMs")).toThrow(
      "ttlMs: expected a whole number of milliseconds >= 1, got 0",
    );
    expect(checkDuration(0, "ttlMs", 0)).toBe(0);
  });

  it("parses version messages", () => {
    expect(parseVersionMessage("3f9c 1760000000000001 stale")).toEqual({
      subscriptionId: "3f9c",
      version: 1760000000000001,
      state: "stale",
    });
    expect(() => parseVersionMessage("3f9c 1.5 stale")).toThrow(
      /message: expected "<subscriptionId> <version> <state>"/,
    );
    expect(() => parseVersionMessage("3f9c 1 gone")).toThrow(/message/);
  });
});
