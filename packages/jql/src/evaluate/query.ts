/**
 * The evaluator's entry points: one clause on one issue (`evaluate`, compiled once per
 * environment and clause), and a whole query over a dataset (`searchIssues`): the WHERE
 * clause, then the searcher's permissions, then ORDER BY.
 */
import type { Clause, Query } from "../ast.js";
import type { Comment, Dataset, IssueSnapshot, SearchContext } from "../model.js";
import { compileClause } from "./compile.js";
import type { DatasetIndex } from "./dataset-index.js";
import { createEvalEnv, type EvalEnv, type EvalOptions, type Predicate } from "./env.js";
import { issueComparator } from "./order.js";
import { isCommentVisible, isVisible as visibleTo } from "./permissions.js";

/** The compiled predicate of a clause in an environment (memoized by clause identity). */
export function predicateOf(clause: Clause, env: EvalEnv): Predicate {
  let predicate = env.compiled.get(clause);
  if (!predicate) {
    predicate = compileClause(clause, env);
    env.compiled.set(clause, predicate);
  }
  return predicate;
}

/**
 * Whether an issue satisfies a clause (null: every issue), without permissions. Throws
 * `JqlError` for unknown or unsupported fields, functions, operators and text syntax.
 */
export function evaluate(clause: Clause | null, issue: IssueSnapshot, env: EvalEnv): boolean {
  return clause === null || predicateOf(clause, env)(issue);
}

/** Browse permission and security level for the environment's searcher. */
export function isVisible(issue: IssueSnapshot, env: EvalEnv): boolean {
  return visibleTo(issue, env.index, env.access);
}

/** A comment is visible: its issue is, and its group or role restriction (if any) admits the searcher. */
export function commentVisible(comment: Comment, issue: IssueSnapshot, env: EvalEnv): boolean {
  return isCommentVisible(comment, issue, env.index, env.access);
}

/** The issues of the environment's dataset that match and are visible, in ORDER BY order. */
export function searchIssues(query: Query, env: EvalEnv): IssueSnapshot[] {
  const matches = query.where ? predicateOf(query.where, env) : () => true;
  const compare = issueComparator(query.orderBy, env);
  return env.index.dataset.issues.filter((issue) => matches(issue) && isVisible(issue, env)).sort(compare);
}

export function evaluateQuery(
  query: Query,
  data: Dataset | DatasetIndex,
  context: SearchContext,
  options?: EvalOptions,
): IssueSnapshot[] {
  return searchIssues(query, createEvalEnv(data, context, options));
}
