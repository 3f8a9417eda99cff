/**
 * When one atom implies another, for absorption (absorb.ts). Identical texts; a clause
 * that needs a value of f (`f = v`, `f > v`, `f != v`, ...) implies `f IS NOT EMPTY`; and
 * membership clauses on one field with the same predicates: `f IN A` implies `f IN B`
 * when A ⊆ B, `f NOT IN A` implies `f NOT IN B` when B ⊆ A (likewise WAS IN, WAS NOT IN).
 * All of these also hold for a name shared by several custom fields (the clause holds
 * for one of them).
 */
import type { Clause, TerminalClause } from "../ast.js";
import { printOperand } from "../printer.js";
import { familyOf, itemsOf } from "./fold.js";
import { fieldKey } from "./merge.js";
import { type TextCache, textOf } from "./text.js";

const NEEDS_VALUE: ReadonlySet<string> = new Set(["=", "!=", "<", ">", "<=", ">=", "~", "!~", "not in"]);

/** The field a clause needs a value of, if any. */
function needsValueOf(clause: Clause): string | undefined {
  if (clause.kind !== "terminal" || clause.operator === "is not") return undefined;
  const field = fieldKey(clause.field);
  if (field === undefined) return undefined;
  if (NEEDS_VALUE.has(clause.operator)) return field;
  const items = clause.operator === "in" ? itemsOf(clause) : undefined;
  return items && !items.some((i) => i.kind === "empty") ? field : undefined;
}

/** The field of `f IS NOT EMPTY`. */
export function notEmptyField(clause: Clause): string | undefined {
  return clause.kind === "terminal" && clause.operator === "is not" ? fieldKey(clause.field) : undefined;
}

function itemTexts(clause: TerminalClause): Set<string> | undefined {
  const items = itemsOf(clause);
  return items && new Set(items.map(printOperand));
}

function subset(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const t of a) if (!b.has(t)) return false;
  return true;
}

function setImplies(p: TerminalClause, q: TerminalClause): boolean {
  const family = familyOf(p.operator);
  if (!family || family !== familyOf(q.operator)) return false;
  const field = fieldKey(p.field);
  if (field === undefined || field !== fieldKey(q.field) || p.predicates.length + q.predicates.length > 0)
    return false;
  const [a, b] = [itemTexts(p), itemTexts(q)];
  if (!a || !b) return false;
  return family === "in" || family === "was in" ? subset(a, b) : subset(b, a);
}

export function atomImplies(p: Clause, q: Clause, texts: TextCache): boolean {
  if (textOf(p, texts) === textOf(q, texts)) return true;
  if (p.kind !== "terminal" || q.kind !== "terminal") return false;
  const field = notEmptyField(q);
  if (field !== undefined && needsValueOf(p) === field) return true;
  return setImplies(p, q);
}
