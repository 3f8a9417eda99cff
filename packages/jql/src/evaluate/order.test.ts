/** ORDER BY (docs/jql-semantics.md §9): default directions, nulls, multi-valued fields, ties. */
import { describe, expect, it } from "vitest";
import { compareCodePoints } from "./order.js";
import { searchKeys } from "./test-support.js";

describe("ORDER BY", () => {
  it.each([
    ["", "SEC-1 PUB-2 PUB-3 PUB-1 PUB-10 SEC-2"],
    ["ORDER BY created", "SEC-1 PUB-2 PUB-3 PUB-1 PUB-10 SEC-2"],
    ["ORDER BY created ASC", "SEC-2 PUB-10 PUB-1 PUB-3 PUB-2 SEC-1"],
    ["ORDER BY priority", "PUB-10 PUB-3 PUB-1 SEC-2 PUB-2 SEC-1"],
    ["ORDER BY priority ASC", "SEC-1 SEC-2 PUB-2 PUB-1 PUB-3 PUB-10"],
    ["ORDER BY key", "PUB-1 PUB-2 PUB-3 PUB-10 SEC-1 SEC-2"],
    ["ORDER BY issuekey DESC", "SEC-2 SEC-1 PUB-10 PUB-3 PUB-2 PUB-1"],
    ["ORDER BY due ASC", "PUB-3 SEC-1 PUB-10 PUB-1 SEC-2 PUB-2"],
    ["ORDER BY due", "SEC-2 PUB-2 PUB-1 SEC-1 PUB-10 PUB-3"],
    ["ORDER BY fixVersion ASC", "PUB-2 PUB-3 PUB-1 SEC-2 SEC-1 PUB-10"],
    ["ORDER BY fixVersion DESC", "PUB-10 SEC-2 SEC-1 PUB-1 PUB-3 PUB-2"],
    ["ORDER BY assignee, created", "PUB-1 SEC-1 PUB-3 PUB-10 PUB-2 SEC-2"],
    ["ORDER BY summary", "SEC-2 PUB-3 PUB-1 SEC-1 PUB-2 PUB-10"],
    ['ORDER BY "Story Points" DESC', "SEC-2 SEC-1 PUB-10 PUB-2 PUB-1 PUB-3"],
    ["ORDER BY project DESC, key", "SEC-1 SEC-2 PUB-1 PUB-2 PUB-3 PUB-10"],
    ["ORDER BY status", "SEC-1 PUB-1 PUB-2 SEC-2 PUB-3 PUB-10"],
    ["ORDER BY statusCategory, key", "PUB-1 PUB-10 SEC-1 PUB-2 PUB-3 SEC-2"],
    // "Regression" < "backend" < "frontend" by code point.
    ["ORDER BY labels", "PUB-1 PUB-10 PUB-3 SEC-2 SEC-1 PUB-2"],
    ["ORDER BY votes, key", "SEC-2 PUB-1 PUB-2 PUB-3 PUB-10 SEC-1"],
    ["project = PUB ORDER BY workRatio DESC", "PUB-10 PUB-2 PUB-3 PUB-1"],
  ])("%j", (jql, expected) => {
    expect(searchKeys(jql, "alice")).toEqual(expected.split(" "));
  });

  it('sorts text by code point, as Postgres COLLATE "C"', () => {
    const words = ["b", "B", "a", "é", "\u{1F600}", "\uFFFD", "ab", ""];
    expect([...words].sort(compareCodePoints)).toEqual(["", "B", "a", "ab", "b", "é", "\uFFFD", "\u{1F600}"]);
  });
});
