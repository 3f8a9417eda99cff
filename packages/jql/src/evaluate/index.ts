/**
 * The in-memory evaluator of JQL over a `Dataset` (model.ts): the oracle of the SQL
 * compiler's differential tests and the sidecar's way to patch cached member sets from
 * issue snapshots. Pure and synchronous; build an environment once (`createEvalEnv`, or
 * `indexDataset` once plus an environment per searcher and moment), then `evaluate` a
 * clause on issues (compiled once per clause and environment: a static predicate costs
 * well under a microsecond per snapshot) or `searchIssues` / `evaluateQuery` a query.
 *
 * Its semantics are docs/jql-semantics.md; where that contract left room, the decisions
 * are written there (and in the module docs here):
 * - values and EMPTY, operators: operators.ts · NOT: negation.ts (pushed down; NOT stays
 *   only over CHANGED) · literals: lookup.ts (ids/names/keys), an unknown value denotes
 *   no object (`=` never matches it, `!=` excludes nothing for it) · fields: field-ref.ts,
 *   config-models.ts, issue-models.ts, custom-models.ts · functions: functions.ts ·
 *   dates: ../dates.ts · text search: text.ts, ../text-query.ts · history: history.ts,
 *   timeline.ts · permissions and comment visibility: permissions.ts · ORDER BY: order.ts.
 * - Errors are `JqlError`s with the span of what is wrong: E_UNKNOWN_FIELD,
 *   E_UNSUPPORTED_FIELD, E_UNSUPPORTED_FUNCTION, E_UNSUPPORTED_OPERATOR (an operator the
 *   field does not have), E_UNSUPPORTED_HISTORY, E_BAD_VALUE (function arity, increments,
 *   DURING), E_TEXT_SYNTAX. They are raised when a clause is compiled, whatever the data.
 * - `evaluate` ignores permissions (Stage 1 semantics); `searchIssues` applies the
 *   searcher's browse and security-level permissions, then orders.
 */
export { type DatasetIndex, indexDataset } from "./dataset-index.js";
export { createEvalEnv, type EvalEnv, type EvalOptions, type Predicate } from "./env.js";
export { compareCodePoints, issueComparator } from "./order.js";
export { commentVisible, evaluate, evaluateQuery, isVisible, predicateOf, searchIssues } from "./query.js";
