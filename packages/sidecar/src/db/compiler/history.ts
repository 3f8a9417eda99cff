/**
 * WAS, WAS IN, WAS NOT, WAS NOT IN and CHANGED (docs/jql-semantics.md §7) over the
 * timelines of timeline-sql.ts and the change items themselves, as EXISTS sub-selects
 * correlated with the issue (the index issue_changes (issue_id, field, at) serves them).
 *
 * `f WAS v`: some interval [start, end) of positive length holds a denoted value (EMPTY:
 * no value) and passes every predicate: BEFORE d: start < d · AFTER d: end > d · ON d:
 * start < D1 and end > D0 ([D0, D1) the tenant-zone day of d) · DURING (a, b): a ≤ b,
 * start ≤ b, end > a · BY u: its author. WAS NOT / WAS NOT IN: NOT EXISTS. `f CHANGED`:
 * some item passes every predicate: FROM / TO (its from / to), AFTER (at > d), BEFORE
 * (at < d), ON (D0 ≤ at < D1), DURING (a ≤ at ≤ b), BY. A date that is not one is a NULL
 * parameter: its predicate never holds. Compiled in the evaluator's order, so errors agree.
 */
import { dayBounds, type HistoryPredicate, type Operand, systemField, type TerminalClause } from "@subq/jql";
import type { CompileEnv } from "./env.js";
import { orEmpty, type ResolvedOperand, type SqlField } from "./field-model.js";
import { modelOf } from "./models.js";
import { resolveInstants, resolveOperand } from "./operands.js";
import { instantText } from "./sql-values.js";
import { changeItemsFrom, singleTimelineSql, versionTimelineSql } from "./timeline-sql.js";

/** Only one side is ever written (WAS or CHANGED), so parameters are made when it is. */
interface HistoryTest {
  /** On the interval row `tl` (value, start_at, end_at, author). */
  readonly interval: () => string;
  /** On the change item row `ch` (from_value, to_value, author_id, at). */
  readonly change: () => string;
}

const HISTORY_FIELDS = "status, assignee, priority, resolution, reporter, issuetype and fixVersion";

export function compileHistory(clause: TerminalClause, model: SqlField, env: CompileEnv): string {
  const spec = model.history;
  if (!spec) {
    env.fail(
      "E_UNSUPPORTED_HISTORY",
      `Field '${model.label}' has no history in subq; WAS and CHANGED support ${HISTORY_FIELDS}`,
      clause.field.span,
    );
  }
  const tests = clause.predicates.map((p) => compilePredicate(p, clause, model, env));
  if (clause.operator === "changed") {
    const conditions = tests.map((t) => ` AND ${t.change()}`).join("");
    return `EXISTS (SELECT 1 ${changeItemsFrom(spec.field)}${conditions})`;
  }
  const valueTest = textIn("tl.value", resolveOperand(clause.operand!, model, env), env);
  const timeline = spec.multi ? versionTimelineSql() : singleTimelineSql(spec.field, spec.current);
  const conditions = [valueTest, ...tests.map((t) => t.interval())].map((c) => ` AND ${c}`).join("");
  const was = `EXISTS (SELECT 1 FROM (${timeline}) tl WHERE tl.start_at < tl.end_at${conditions})`;
  return clause.operator === "was" || clause.operator === "was in" ? was : `NOT ${was}`;
}

/** `column` (text, NULL = EMPTY) is one of the denoted values, as text. */
function textIn(column: string, operand: ResolvedOperand, env: CompileEnv): string {
  const values = env.params.list(operand.values.map(String), "text");
  const empty = orEmpty(operand, () => `${column} IS NULL`, env);
  return empty ? `(${column} = ANY(${values})${empty})` : `${column} = ANY(${values})`;
}

function compilePredicate(
  p: HistoryPredicate,
  clause: TerminalClause,
  model: SqlField,
  env: CompileEnv,
): HistoryTest {
  const what = p.type.toUpperCase();
  const dates = modelOf({ kind: "system", field: systemField("created") }, env);
  const instant = (operand: Operand = p.operand) => {
    const [t] = resolveInstants(operand, dates, env, what);
    return t;
  };
  const param = (t: number | undefined) =>
    env.params.one(t === undefined ? null : instantText(t), "timestamptz");
  switch (p.type) {
    case "before": {
      const t = instant();
      return { interval: () => `tl.start_at < ${param(t)}`, change: () => `ch.at < ${param(t)}` };
    }
    case "after": {
      const t = instant();
      return { interval: () => `tl.end_at > ${param(t)}`, change: () => `ch.at > ${param(t)}` };
    }
    case "on": {
      const t = instant();
      const [d0, d1] = t === undefined ? [undefined, undefined] : dayBounds(t, env.catalog.zone);
      return {
        interval: () => `(tl.start_at < ${param(d1)} AND tl.end_at > ${param(d0)})`,
        change: () => `(${param(d0)} <= ch.at AND ch.at < ${param(d1)})`,
      };
    }
    case "during": {
      const bounds = p.operand.kind === "list" && p.operand.items.length === 2 ? p.operand.items : null;
      if (!bounds) env.fail("E_BAD_VALUE", "DURING takes two dates: DURING (from, to)", p.operand.span);
      const [ta, tb] = bounds.map((item) => instant(item));
      const range = () => [param(ta), param(tb)] as const;
      return {
        interval: () => {
          const [a, b] = range();
          return `(${a} <= ${b} AND tl.start_at <= ${b} AND tl.end_at > ${a})`;
        },
        change: () => {
          const [a, b] = range();
          return `(${a} <= ch.at AND ch.at <= ${b})`;
        },
      };
    }
    case "by": {
      const users = modelOf({ kind: "system", field: systemField("assignee") }, env);
      const denoted = resolveOperand(p.operand, users, env);
      return {
        interval: () => textIn("tl.author", denoted, env),
        change: () => textIn("ch.author_id", denoted, env),
      };
    }
    case "from":
    case "to": {
      if (clause.operator !== "changed") env.fail("E_BAD_VALUE", `${what} only follows CHANGED`, p.span);
      const denoted = resolveOperand(p.operand, model, env);
      const column = p.type === "from" ? "ch.from_value" : "ch.to_value";
      return { interval: () => "FALSE", change: () => textIn(column, denoted, env) };
    }
  }
}
