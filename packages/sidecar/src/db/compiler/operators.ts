/**
 * `=`, `!=`, `IN`, `NOT IN`, `IS [NOT]` and the orderings (docs/jql-semantics.md §1):
 *
 *   f = / IN operand      member(values) [OR none()   when EMPTY is among the operands]
 *   f != / NOT IN operand has() AND NOT member(values)
 *   f IS [NOT] EMPTY      none() / has()
 *   f < operand           some value compares true with some operand value
 *
 * `member` is never NULL where `has` holds, so the negation is exact. Values that denote
 * nothing leave an empty array: `=` never matches, `!=` excludes nothing.
 *
 * Calendar-date fields (due, date custom fields) stand for their first instant in the
 * tenant's zone. `dateComparison` (dates.ts) turns `d op t` into a comparison of dates,
 * computed here, and it is written with a fixed operator so the text does not depend on
 * the value: `<`/`<=` as `d < $n`, `>`/`>=` as `d >= $n` (the boundary moved by a day where
 * needed), `=` as `d = ANY($n)` with the exact day starts only.
 */
import { dateComparison, type OrderingOperator, type TerminalClause } from "@subq/jql";
import type { CompileEnv } from "./env.js";
import { type Ordering, orEmpty, type SqlField } from "./field-model.js";
import { resolveInstants, resolveOperand } from "./operands.js";
import { dateText, nextDate } from "./sql-values.js";

export function emptinessSql(model: SqlField, empty: boolean): string {
  return empty ? model.source.none() : model.source.has();
}

export function compileValueClause(clause: TerminalClause, model: SqlField, env: CompileEnv): string {
  const op = clause.operator;
  if (op === "is" || op === "is not") return emptinessSql(model, op === "is");
  if (op === "<" || op === ">" || op === "<=" || op === ">=") return ordering(op, clause, model, env);
  const resolved = resolveOperand(clause.operand!, model, env);
  let values = resolved.values;
  if (model.calendar) {
    values = values.flatMap((instant) => {
      const exact = dateComparison("=", instant as number, env.catalog.zone);
      return typeof exact === "boolean" ? [] : [exact.date];
    });
  }
  const member = model.member({ ...resolved, values });
  if (op === "=" || op === "in") {
    const empty = orEmpty(resolved, model.source.none, env);
    return empty ? `(${member}${empty})` : member;
  }
  const has = model.source.has();
  return has === "TRUE" ? `NOT (${member})` : `(${has} AND NOT (${member}))`;
}

function ordering(op: Ordering, clause: TerminalClause, model: SqlField, env: CompileEnv): string {
  if (model.calendar) return calendarOrdering(op, clause, model, env);
  if (!model.order) {
    env.fail(
      "E_UNSUPPORTED_OPERATOR",
      `Field '${model.label}' is not ordered; '${op}' does not apply to it`,
      clause.span,
    );
  }
  return model.order(op, resolveOperand(clause.operand!, model, env));
}

/** `d op t` for the (at most one) instant t the operand denotes; none: never. */
function calendarOrdering(op: Ordering, clause: TerminalClause, model: SqlField, env: CompileEnv): string {
  const [instant] = resolveInstants(clause.operand!, model, env, `'${op}'`);
  const comparison =
    instant === undefined ? undefined : dateComparison(op as OrderingOperator, instant, env.catalog.zone);
  const below = op === "<" || op === "<=";
  let bound: string | null = null;
  // Orderings always come back as a comparison of dates: d <= D ⟺ d < D+1; d > D ⟺ d >= D+1.
  if (typeof comparison === "object") {
    const { op: rewritten, date } = comparison;
    bound = dateText(rewritten === "<=" || rewritten === ">" ? nextDate(date) : date);
  }
  const param = env.params.one(bound, "date");
  return model.source.some((d) => `${d} ${below ? "<" : ">="} ${param}`);
}
