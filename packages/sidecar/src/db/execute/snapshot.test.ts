import { describe, expect, it } from "vitest";
import { parseSnapshot, snapshotIncludes } from "./snapshot.js";

describe("snapshotIncludes", () => {
  const snapshot = "100:110:102,105";

  it("sees transactions below xmin, and below xmax unless in progress", () => {
    expect(snapshotIncludes(snapshot, 99)).toBe(true);
    expect(snapshotIncludes(snapshot, "100")).toBe(true);
    expect(snapshotIncludes(snapshot, 101n)).toBe(true);
    expect(snapshotIncludes(snapshot, 102)).toBe(false);
    expect(snapshotIncludes(snapshot, 105)).toBe(false);
    expect(snapshotIncludes(snapshot, 109)).toBe(true);
    expect(snapshotIncludes(snapshot, 110)).toBe(false);
    expect(snapshotIncludes(snapshot, 5000)).toBe(false);
  });

  it("handles an empty in-progress list and 64-bit ids", () => {
    expect(snapshotIncludes("7:7:", 6)).toBe(true);
    expect(snapshotIncludes("7:7:", 7)).toBe(false);
    const big = "4294967396:4294967400:4294967397";
    expect(snapshotIncludes(big, "4294967396")).toBe(true);
    expect(snapshotIncludes(big, "4294967397")).toBe(false);
    expect(snapshotIncludes(parseSnapshot(big), 4294967399n)).toBe(true);
  });

  it("rejects what is not a snapshot or a transaction id", () => {
    expect(() => parseSnapshot("1:2")).toThrow(TypeError);
    expect(() => parseSnapshot("5:4:")).toThrow(/above xmax/);
    expect(() => snapshotIncludes(snapshot, -1)).toThrow(TypeError);
    expect(() => snapshotIncludes(snapshot, "1e3")).toThrow(TypeError);
  });
});
