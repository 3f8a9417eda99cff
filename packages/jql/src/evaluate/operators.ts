/**
 * `=`, `!=`, `IN`, `NOT IN`, `IS [NOT]` and the orderings over a field's value set
 * (docs/jql-semantics.md §1): `=`/`IN` match when some value is denoted by the operand
 * (or the field is empty and EMPTY is among the operands); `!=`/`NOT IN` when the field
 * is non-empty and no value is denoted; orderings when some value compares true with
 * some operand value of the same group (never on an empty field).
 *
 * Calendar-date fields (`due`, date custom fields) stand for their first instant in the
 * tenant's zone: equality keeps the operand instants that are exactly a day's first
 * instant, and orderings become date comparisons (`dateComparison` in dates.ts).
 */
import type { ComparisonOperator, TerminalClause } from "../ast.js";
import { dateComparison, type OrderingOperator } from "../dates.js";
import type { IssueSnapshot } from "../model.js";
import { type EvalEnv, fail, type Predicate } from "./env.js";
import type { FieldModel, Value } from "./field-model.js";
import { resolveInstants, resolveOperand } from "./operands.js";

type Ordering = Extract<ComparisonOperator, "<" | ">" | "<=" | ">=">;

export function emptiness(model: FieldModel, empty: boolean): Predicate {
  return empty ? (issue) => model.values(issue).length === 0 : (issue) => model.values(issue).length > 0;
}

export function compileValueClause(clause: TerminalClause, model: FieldModel, env: EvalEnv): Predicate {
  const op = clause.operator;
  if (op === "is" || op === "is not") return emptiness(model, op === "is");
  const operand = clause.operand!;
  if (op === "<" || op === ">" || op === "<=" || op === ">=") return ordering(op, clause, model, env);
  const resolved = resolveOperand(operand, model, env);
  let denoted: readonly Value[] = resolved.values;
  if (model.calendar) {
    denoted = denoted.flatMap((instant) => {
      const exact = dateComparison("=", instant as number, env.zone);
      return typeof exact === "boolean" ? [] : [exact.date];
    });
  }
  const set = new Set(denoted);
  const { values } = model;
  if (op === "=" || op === "in") {
    if (set.size === 0) return resolved.empty ? emptiness(model, true) : () => false;
    return (issue) => {
      const vs = values(issue);
      if (vs.length === 0) return resolved.empty;
      for (const v of vs) if (set.has(v)) return true;
      return false;
    };
  }
  return (issue) => {
    const vs = values(issue);
    if (vs.length === 0) return false;
    for (const v of vs) if (set.has(v)) return false;
    return true;
  };
}

function ordering(op: Ordering, clause: TerminalClause, model: FieldModel, env: EvalEnv): Predicate {
  if (model.calendar) return calendarOrdering(op, clause, model, env);
  const order = model.order;
  if (!order) {
    fail(
      env,
      "E_UNSUPPORTED_OPERATOR",
      `Field '${model.label}' is not ordered; '${op}' does not apply to it`,
      clause.span,
    );
  }
  const keys = resolveOperand(clause.operand!, model, env).values.flatMap((v) => {
    const key = order.operandKey(v);
    return key ? [key] : [];
  });
  if (keys.length === 0) return () => false;
  return (issue: IssueSnapshot) =>
    order.issueKeys(issue).some((k) => keys.some((r) => k.group === r.group && holds(op, k.rank, r.rank)));
}

function calendarOrdering(op: Ordering, clause: TerminalClause, model: FieldModel, env: EvalEnv): Predicate {
  const conditions = resolveInstants(clause.operand!, model, env, `'${op}'`).map((t) =>
    dateComparison(op as OrderingOperator, t, env.zone),
  );
  return (issue) =>
    model
      .values(issue)
      .some((d) =>
        conditions.some((c) =>
          typeof c === "boolean" ? c : holds(c.op as Ordering | "=", d as string, c.date),
        ),
      );
}

function holds<T extends number | string>(op: Ordering | "=", a: T, b: T): boolean {
  switch (op) {
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    case "=":
      return a === b;
  }
}
