import { describe, expect, it } from "vitest";
import type { Clause } from "./ast.js";
import { flipOperator, pushNotDown } from "./negation.js";
import { parse } from "./parser.js";
import { printClause } from "./printer.js";

function pushed(jql: string): string {
  return printClause(pushNotDown(parse(jql).where!));
}

function hasNotAboveNonChanged(clause: Clause): boolean {
  switch (clause.kind) {
    case "terminal":
      return false;
    case "not":
      return clause.clause.kind !== "terminal" || clause.clause.operator !== "changed";
    default:
      return clause.clauses.some(hasNotAboveNonChanged);
  }
}

describe("pushNotDown", () => {
  it.each([
    ["NOT assignee = bob", "assignee != bob"],
    ["NOT assignee != bob", "assignee = bob"],
    ["NOT status IN (a, b)", "status NOT IN (a, b)"],
    ["NOT status NOT IN (a, b)", "status IN (a, b)"],
    ["NOT due IS EMPTY", "due IS NOT EMPTY"],
    ["NOT due IS NOT EMPTY", "due IS EMPTY"],
    ["NOT votes < 3", "votes >= 3"],
    ["NOT votes >= 3", "votes < 3"],
    ["NOT votes > 3", "votes <= 3"],
    ["NOT votes <= 3", "votes > 3"],
    ["NOT summary ~ x", "summary !~ x"],
    ["NOT summary !~ x", "summary ~ x"],
    ["NOT status WAS Open BY bob", "status WAS NOT Open BY bob"],
    ["NOT status WAS NOT Open", "status WAS Open"],
    ["NOT status WAS IN (a, b) BEFORE 2020-01-01", "status WAS NOT IN (a, b) BEFORE 2020-01-01"],
    ["NOT status WAS NOT IN (a, b)", "status WAS IN (a, b)"],
    ["NOT status CHANGED", "NOT status CHANGED"],
    ["NOT NOT status CHANGED", "status CHANGED"],
    ["NOT NOT NOT a = 1", "a != 1"],
    ["NOT (a = 1 AND b = 2)", "a != 1 OR b != 2"],
    ["NOT (a = 1 OR b = 2)", "a != 1 AND b != 2"],
    ["NOT (a = 1 OR NOT (b = 2 AND c CHANGED))", "a != 1 AND (b = 2 AND c CHANGED)"],
    ["NOT (a = 1 AND b CHANGED) OR c = 3", "(a != 1 OR NOT b CHANGED) OR c = 3"],
    ["a = 1 AND NOT (b = 2 OR c = 3)", "a = 1 AND (b != 2 AND c != 3)"],
  ])("%s → %s", (jql, expected) => {
    expect(pushed(jql)).toBe(expected);
  });

  it("leaves NOT only over CHANGED, and is idempotent", () => {
    for (const jql of ["NOT (a = 1 AND (b CHANGED OR NOT c IN (1)))", "NOT NOT (x ~ y OR NOT z WAS 1)"]) {
      const once = pushNotDown(parse(jql).where!);
      expect(hasNotAboveNonChanged(once)).toBe(false);
      expect(printClause(pushNotDown(once))).toBe(printClause(once));
    }
  });

  it("flips every operator but CHANGED, as an involution", () => {
    const operators = ["=", "!=", "<", ">", "<=", ">=", "~", "!~", "in", "not in", "is", "is not"] as const;
    for (const op of [...operators, "was", "was not", "was in", "was not in"] as const) {
      expect(flipOperator(flipOperator(op)!)).toBe(op);
    }
    expect(flipOperator("changed")).toBeNull();
  });
});
