import { describe, expect, it } from "vitest";
import type { ValueDomain } from "./catalog.js";
import { catalogResolver } from "./catalog-memory.js";
import { SAMPLE_CATALOG } from "./testing/sample-catalog.js";

const resolver = catalogResolver(SAMPLE_CATALOG);

// [domain, text, written as a number, field id, ids]
const LOOKUPS: readonly (readonly [ValueDomain, string, boolean, number | undefined, readonly string[]])[] = [
  // A key wins over another project's name (project BAZ is named "FOO").
  ["project", "FOO", false, undefined, ["10000"]],
  ["project", "foo", false, undefined, ["10000"]],
  ["project", "Foo Project", false, undefined, ["10000"]],
  ["project", "BAZ", false, undefined, ["10002"]],
  ["project", "10001", true, undefined, ["10001"]],
  ["project", "10001", false, undefined, ["10001"]],
  ["project", "NOPE", false, undefined, []],
  // Numbers are ids first, strings names first.
  ["status", "3", true, undefined, ["3"]],
  ["status", "3", false, undefined, ["5"]],
  ["status", "in progress", false, undefined, ["3"]],
  ["status", "10001", false, undefined, ["10001"]],
  ["status", "42", true, undefined, []],
  // Names shared by several objects denote all of them.
  ["component", "backend", false, undefined, ["100", "101"]],
  ["version", "1.0", false, undefined, ["200", "201"]],
  ["sprint", "Sprint 2", false, undefined, ["2"]],
  ["issuetype", "SUB-TASK", false, undefined, ["5"]],
  ["priority", "High", false, undefined, ["2"]],
  ["resolution", "won't do", false, undefined, ["2"]],
  ["category", "Internal", false, undefined, ["1"]],
  ["level", "secret", false, undefined, ["1"]],
  // Users by id (exact), e-mail, display name.
  ["user", "u2", false, undefined, ["u2"]],
  ["user", "U2", false, undefined, []],
  ["user", "BOB@example.com", false, undefined, ["u2"]],
  ["user", "alice smith", false, undefined, ["u1"]],
  // Options only within their field.
  ["option", "red", false, 10020, ["1"]],
  ["option", "Impediment", false, 10030, ["3"]],
  ["option", "Red", false, 10030, []],
  ["option", "Red", false, undefined, []],
];

describe("catalogResolver", () => {
  for (const [domain, text, number, fieldId, ids] of LOOKUPS) {
    it(`${domain} ${number ? text : JSON.stringify(text)}${fieldId ? ` of cf[${fieldId}]` : ""} → [${ids.join(", ")}]`, () => {
      expect(resolver.lookup(domain, text, number, fieldId)).toEqual(ids);
    });
  }

  it("finds custom fields by id and by name (case-insensitive, all of a shared name)", () => {
    expect(resolver.customFieldById(10016)).toEqual({ id: 10016, name: "Story Points", type: "number" });
    expect(resolver.customFieldById(1)).toBeUndefined();
    expect(resolver.customFieldsByName("story POINTS").map((f) => f.id)).toEqual([10016]);
    expect(resolver.customFieldsByName("team").map((f) => f.id)).toEqual([10020, 10021]);
    expect(resolver.customFieldsByName("nope")).toEqual([]);
  });

  it("offers field names for suggestions", () => {
    expect(resolver.fieldNames?.()).toContain("Story Points");
  });
});
