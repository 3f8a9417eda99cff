/**
 * WAS, WAS IN, WAS NOT, WAS NOT IN and CHANGED (docs/jql-semantics.md §7) over the
 * timelines of timeline.ts and the change items themselves.
 *
 * `f WAS v` holds when some interval has a denoted value (EMPTY: no value) and every
 * predicate holds for that same interval [start, end):
 *   BEFORE d: start < d · AFTER d: end > d · ON d: start < D1 and end > D0, where
 *   [D0, D1) is the calendar day of d in the tenant's zone · DURING (a, b): a ≤ b,
 *   start ≤ b and end > a · BY u: the interval's author is u (EMPTY: no author).
 * `WAS NOT` / `WAS NOT IN` are the exact complements. `f CHANGED` holds when some change
 * item of f satisfies every predicate: FROM v / TO v: its from / to is denoted (EMPTY:
 * null; for fixVersion an addition has no from, a removal no to) · AFTER d: at > d ·
 * BEFORE d: at < d · ON d: D0 ≤ at < D1 · DURING (a, b): a ≤ at ≤ b · BY u: its author.
 * A date operand that denotes no instant (not a date) makes its predicate false.
 */
import type { HistoryPredicate, TerminalClause } from "../ast.js";
import { dayBounds } from "../dates.js";
import { systemField } from "../fields.js";
import type { ChangeItem, IssueSnapshot } from "../model.js";
import { type EvalEnv, fail, type Predicate } from "./env.js";
import type { FieldModel } from "./field-model.js";
import { issueModel } from "./issue-models.js";
import { type Resolved, resolveInstants, resolveOperand } from "./operands.js";
import { type Interval, setTimeline, singleTimeline } from "./timeline.js";

interface HistoryTest {
  interval(interval: Interval): boolean;
  change(item: ChangeItem): boolean;
}

const HISTORY_FIELDS = "status, assignee, priority, resolution, reporter, issuetype and fixVersion";

export function compileHistory(clause: TerminalClause, model: FieldModel, env: EvalEnv): Predicate {
  const spec = model.history;
  if (!spec) {
    fail(
      env,
      "E_UNSUPPORTED_HISTORY",
      `Field '${model.label}' has no history in subq; WAS and CHANGED support ${HISTORY_FIELDS}`,
      clause.field.span,
    );
  }
  const itemsOf = (issue: IssueSnapshot) => env.index.historyByIssue.get(issue.id)?.get(spec.field) ?? [];
  const tests = clause.predicates.map((p) => compilePredicate(p, clause, model, env));
  if (clause.operator === "changed") {
    return (issue) => itemsOf(issue).some((item) => tests.every((t) => t.change(item)));
  }
  const { values, empty } = resolveOperand(clause.operand!, model, env);
  const wanted = new Set(values.map(String));
  const timeline = spec.multi
    ? (issue: IssueSnapshot) => setTimeline(issue, itemsOf(issue), model.values(issue).map(String))
    : (issue: IssueSnapshot) => singleTimeline(issue, itemsOf(issue), current(model, issue));
  const was = (issue: IssueSnapshot) =>
    timeline(issue).some(
      (iv) => (iv.value === null ? empty : wanted.has(iv.value)) && tests.every((t) => t.interval(iv)),
    );
  return clause.operator === "was" || clause.operator === "was in" ? was : (issue) => !was(issue);
}

function current(model: FieldModel, issue: IssueSnapshot): string | null {
  const [value] = model.values(issue);
  return value === undefined ? null : String(value);
}

function compilePredicate(
  p: HistoryPredicate,
  clause: TerminalClause,
  model: FieldModel,
  env: EvalEnv,
): HistoryTest {
  const what = p.type.toUpperCase();
  const dates = issueModel(systemField("created"), env)!;
  const instant = () => resolveInstants(p.operand, dates, env, what);
  switch (p.type) {
    case "before": {
      const ts = instant();
      return { interval: (iv) => ts.some((t) => iv.start < t), change: (c) => ts.some((t) => c.at < t) };
    }
    case "after": {
      const ts = instant();
      return { interval: (iv) => ts.some((t) => iv.end > t), change: (c) => ts.some((t) => c.at > t) };
    }
    case "on": {
      const days = instant().map((t) => dayBounds(t, env.zone));
      return {
        interval: (iv) => days.some(([d0, d1]) => iv.start < d1 && iv.end > d0),
        change: (c) => days.some(([d0, d1]) => d0 <= c.at && c.at < d1),
      };
    }
    case "during": {
      const bounds = p.operand.kind === "list" && p.operand.items.length === 2 ? p.operand.items : null;
      if (!bounds) fail(env, "E_BAD_VALUE", "DURING takes two dates: DURING (from, to)", p.operand.span);
      const [as, bs] = bounds.map((item) => resolveInstants(item, dates, env, what));
      const ranges = as!.flatMap((a) => bs!.filter((b) => a <= b).map((b) => [a, b] as const));
      return {
        interval: (iv) => ranges.some(([a, b]) => iv.start <= b && iv.end > a),
        change: (c) => ranges.some(([a, b]) => a <= c.at && c.at <= b),
      };
    }
    case "by": {
      const users = textSet(resolveOperand(p.operand, issueModel(systemField("assignee"), env)!, env));
      return { interval: (iv) => users(iv.author), change: (c) => users(c.author) };
    }
    case "from":
    case "to": {
      if (clause.operator !== "changed") fail(env, "E_BAD_VALUE", `${what} only follows CHANGED`, p.span);
      const denoted = textSet(resolveOperand(p.operand, model, env));
      return { interval: () => false, change: (c) => denoted(p.type === "from" ? c.from : c.to) };
    }
  }
}

/** Membership of a value (as text) in resolved operands; null matches EMPTY. */
function textSet(resolved: Resolved): (value: string | null) => boolean {
  const set = new Set(resolved.values.map(String));
  return (value) => (value === null ? resolved.empty : set.has(value));
}
