import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isReportError } from "../errors.js";
import {
  type Contribution,
  createContribution,
  encodeContribution,
  mergeContributions,
  mergedState,
  parseMergedFields,
} from "./contribution.js";

const op = fc.constantFrom("sum", "max", "min") as fc.Arbitrary<"sum" | "max" | "min">;
const entry = fc.tuple(
  op,
  fc.constantFrom("a", "b", "cf:1:last", "x.y"),
  fc.integer({ min: -1e9, max: 1e9 }),
);
const batch = fc.array(entry, { maxLength: 12 }).map((entries) => {
  const out = createContribution();
  for (const [kind, key, value] of entries) out[kind](key, value);
  return out.build();
});

describe("contributions", () => {
  it("merge to the same state in any order (sum, max, min commute)", () => {
    fc.assert(
      fc.property(fc.array(batch, { maxLength: 8 }), fc.func(fc.integer()), (batches, rank) => {
        const shuffled = [...batches].sort((a, b) => rank(a) - rank(b));
        expect(mergeContributions(shuffled)).toEqual(mergeContributions(batches));
      }),
    );
  });

  it("keep each merge operation in its own field, so one key merged two ways never collides", () => {
    const out = createContribution();
    out.sum("k", 2);
    out.sum("k", 3);
    out.max("k", 7);
    out.max("k", 4);
    out.min("k", 7);
    out.min("k", 4);
    const built = out.build();
    expect([...built]).toEqual([
      ["s:k", 5],
      ["x:k", 7],
      ["n:k", 4],
    ]);
    expect(encodeContribution(built)).toEqual(["s:k", "5", "x:k", "7", "n:k", "4"]);
    const state = mergedState(built);
    expect([state.sum("k"), state.max("k"), state.min("k")]).toEqual([5, 7, 4]);
    expect([state.sum("absent"), state.max("absent"), state.min("absent")]).toEqual([
      0,
      undefined,
      undefined,
    ]);
  });

  it("lists the keys of one operation under a prefix", () => {
    const state = mergedState(
      new Map([
        ["x:project:1", 1],
        ["x:project:20", 1],
        ["s:project:3", 1],
        ["x:cf:1", 5],
      ]),
    );
    expect(state.keys("max", "project:").sort()).toEqual(["1", "20"]);
  });

  it("refuses fractional values and keys outside the readable alphabet", () => {
    const out = createContribution();
    expect(() => out.sum("k", 1.5)).toThrow(/whole numbers/);
    expect(() => out.max("has space", 1)).toThrow(/1-200 characters/);
    try {
      out.min("", 1);
    } catch (error) {
      expect(isReportError(error, "E_REPORT_TOOL")).toBe(true);
    }
  });

  it("parses the accumulator hash back, and calls a foreign field corruption", () => {
    expect([...parseMergedFields({ "s:a": "3", "x:b": "-2" })]).toEqual([
      ["s:a", 3],
      ["x:b", -2],
    ]);
    expect(() => parseMergedFields({ "s:a": "3.5" })).toThrow(/not a counter/);
    expect(() => parseMergedFields({ "q:a": "3" })).toThrow(/not a counter/);
  });

  it("merges like the Lua script: a sum adds, max and min keep the extreme", () => {
    const a: Contribution = new Map([
      ["s:n", 2],
      ["x:t", 10],
      ["n:t", 10],
    ]);
    const b: Contribution = new Map([
      ["s:n", 5],
      ["x:t", 3],
      ["n:t", 3],
    ]);
    expect(mergeContributions([a, b])).toEqual(
      new Map([
        ["s:n", 7],
        ["x:t", 10],
        ["n:t", 3],
      ]),
    );
  });
});
