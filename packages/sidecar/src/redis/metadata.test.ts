import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeMetadata, encodeMetadata } from "./metadata.js";

describe("metadata text", () => {
  it("is sorted, de-duplicated and readable", () => {
    expect(encodeMetadata({ status: [3], project: [10001, 10000, 10000, 9] })).toBe(
      "project=9,10000,10001;status=3",
    );
    expect(encodeMetadata({ status: ["Waiting for support", "Done"] })).toBe(
      "status=Done,Waiting%20for%20support",
    );
    expect(encodeMetadata({})).toBe("");
  });

  it("decodes what it encodes", () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/),
          fc.array(fc.oneof(fc.string({ minLength: 1 }), fc.nat()), { minLength: 1, maxLength: 4 }),
        ),
        (metadata) => {
          const decoded = decodeMetadata(encodeMetadata(metadata));
          for (const [field, values] of Object.entries(metadata)) {
            expect([...(decoded[field] ?? [])].sort()).toEqual([...new Set(values.map(String))].sort());
          }
          expect(Object.keys(decoded).sort()).toEqual(Object.keys(metadata).sort());
        },
      ),
    );
  });

  it("rejects empty value sets and malformed text", () => {
    expect(() => encodeMetadata({ project: [] })).toThrow(/field project needs at least one non-empty value/);
    expect(() => encodeMetadata({ Project: [1] })).toThrow(/field names look like "project"/);
    expect(() => decodeMetadata("project")).toThrow(/expected "field=value,value;field=value"/);
    expect(() => decodeMetadata("project=")).toThrow(/at "project="/);
  });
});
