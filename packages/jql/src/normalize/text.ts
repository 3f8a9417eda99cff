/**
 * Canonical text of normalized clauses, computed bottom-up and cached per run: sorting,
 * deduplication and grouping all compare texts, and the final text of a query is the
 * text of its root. The composition mirrors printer.ts for flattened trees (no AND
 * directly inside AND, no OR inside OR), so `textOf(c) === printClause(c)`.
 */
import type { Clause, Operator } from "../ast.js";
import { printOperand } from "../printer.js";
import { fieldText } from "./fast-lookup.js";

export type TextCache = Map<Clause, string>;

const OPERATOR_TEXT: Readonly<Record<Operator, string>> = {
  "=": "=",
  "!=": "!=",
  "<": "<",
  ">": ">",
  "<=": "<=",
  ">=": ">=",
  "~": "~",
  "!~": "!~",
  in: "IN",
  "not in": "NOT IN",
  is: "IS",
  "is not": "IS NOT",
  was: "WAS",
  "was not": "WAS NOT",
  "was in": "WAS IN",
  "was not in": "WAS NOT IN",
  changed: "CHANGED",
};

export function textOf(clause: Clause, cache: TextCache): string {
  let text = cache.get(clause);
  if (text === undefined) {
    text = compose(clause, cache);
    cache.set(clause, text);
  }
  return text;
}

function compose(clause: Clause, cache: TextCache): string {
  switch (clause.kind) {
    case "terminal": {
      // printer.ts printClause, with the field's text from the fast path.
      let text = `${fieldText(clause.field)} ${OPERATOR_TEXT[clause.operator]}`;
      if (clause.operand) text += ` ${printOperand(clause.operand)}`;
      for (const p of clause.predicates) text += ` ${p.type.toUpperCase()} ${printOperand(p.operand)}`;
      return text;
    }
    case "not": {
      const inner = textOf(clause.clause, cache);
      return clause.clause.kind === "terminal" || clause.clause.kind === "not"
        ? `NOT ${inner}`
        : `NOT (${inner})`;
    }
    case "and": {
      let text = "";
      for (const child of clause.clauses) {
        const part = textOf(child, cache);
        const wrapped = child.kind === "and" || child.kind === "or" ? `(${part})` : part;
        text = text ? `${text} AND ${wrapped}` : wrapped;
      }
      return text;
    }
    case "or": {
      let text = "";
      for (const child of clause.clauses) {
        const part = textOf(child, cache);
        const wrapped = child.kind === "or" ? `(${part})` : part;
        text = text ? `${text} OR ${wrapped}` : wrapped;
      }
      return text;
    }
  }
}

/** Code-unit order: fast, total and independent of the locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
