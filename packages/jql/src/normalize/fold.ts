/**
 * Membership clauses in one canonical spelling. `=`, `IN` and `IS EMPTY` all say "some
 * value of f is in this set" (EMPTY in the set: or f is empty); `!=`, `NOT IN` and
 * `IS NOT EMPTY` say "f is non-empty and no value is in this set" (docs/jql-semantics.md
 * §1), and likewise `WAS`/`WAS IN` and `WAS NOT`/`WAS NOT IN`. So a clause is its
 * family plus an item set: folding sorts and dedupes the items and picks the shortest
 * spelling (`IN (a)` → `= a`, `IN (EMPTY)` → `IS EMPTY`, `NOT IN (EMPTY)` → `IS NOT EMPTY`).
 */
import type { ListOperand, Operand, Operator, TerminalClause } from "../ast.js";
import { printOperand } from "../printer.js";
import { isKnownFunction, isSingular } from "./functions.js";
import { compareText } from "./text.js";

export type Family = "in" | "not in" | "was in" | "was not in";

const FAMILY: Partial<Record<Operator, Family>> = {
  "=": "in",
  in: "in",
  is: "in",
  "!=": "not in",
  "not in": "not in",
  "is not": "not in",
  was: "was in",
  "was in": "was in",
  "was not": "was not in",
  "was not in": "was not in",
};

const SINGLE: Record<Family, Operator> = {
  in: "=",
  "not in": "!=",
  "was in": "was",
  "was not in": "was not",
};

export function familyOf(operator: Operator): Family | undefined {
  return FAMILY[operator];
}

function pushItems(operand: Operand, out: Operand[]): void {
  if (operand.kind === "list") for (const item of operand.items) pushItems(item, out);
  else out.push(operand);
}

/**
 * The item set of a membership clause, or undefined when the clause is not one: other
 * operators, and `=`-like operators applied to a function this package does not know
 * (its meaning with `=` versus `IN` is unknown, so it is left as written).
 */
export function itemsOf(clause: TerminalClause): readonly Operand[] | undefined {
  const { operator, operand } = clause;
  if (operator === "is") return [operand!];
  if (operator === "is not") return [];
  if (familyOf(operator) === undefined || !operand) return undefined;
  if (operand.kind === "function" && !operator.endsWith("in") && !isKnownFunction(operand)) return undefined;
  if (operand.kind !== "list") return [operand];
  const items: Operand[] = [];
  pushItems(operand, items);
  return items;
}

/** `f <family> items` spelled canonically; `proto` gives the field, span and predicates. */
export function foldMembership(
  proto: TerminalClause,
  family: Family,
  items: readonly Operand[],
): TerminalClause {
  if (items.length === 1 && items[0]!.kind !== "list") return foldOne(proto, family, items[0]!);
  const keyed: { item: Operand; text: string }[] = [];
  for (const item of items) {
    if (item.kind === "empty" && family === "not in") continue; // EMPTY in NOT IN adds nothing
    if (item.kind === "list") {
      const flat: Operand[] = [];
      pushItems(item, flat);
      for (const inner of flat) keyed.push({ item: inner, text: printOperand(inner) });
    } else keyed.push({ item, text: printOperand(item) });
  }
  keyed.sort((a, b) => compareText(a.text, b.text));
  const unique: Operand[] = [];
  for (let i = 0; i < keyed.length; i++) {
    if (i === 0 || keyed[i]!.text !== keyed[i - 1]!.text) unique.push(keyed[i]!.item);
  }
  if (unique.length === 0) return notEmpty(proto);
  if (unique.length === 1) return foldOne(proto, family, unique[0]!);
  const list: ListOperand = { kind: "list", span: proto.operand?.span ?? proto.span, items: unique };
  return withOperator(proto, family, list);
}

/** One item: the single-value spelling (`= a`, `IS EMPTY`, `IN f()` for set-valued functions). */
function foldOne(proto: TerminalClause, family: Family, only: Operand): TerminalClause {
  if (only.kind === "empty") {
    if (family === "in") return withOperator(proto, "is", only);
    if (family === "not in") return notEmpty(proto);
  }
  if (only.kind === "function" && !isSingular(only)) return withOperator(proto, family, only);
  return withOperator(proto, SINGLE[family], only);
}

function notEmpty(proto: TerminalClause): TerminalClause {
  if (proto.operator === "is not") return proto;
  return withOperator(proto, "is not", { kind: "empty", span: proto.operand?.span ?? proto.span });
}

function withOperator(proto: TerminalClause, operator: Operator, operand: Operand): TerminalClause {
  if (proto.operator === operator && proto.operand === operand) return proto;
  return { ...proto, operator, operand };
}
