/**
 * ORDER BY (docs/jql-semantics.md §9) as a total order, so pages match the compiler's:
 * the keys in order, then issue id descending. Without ORDER BY: `created DESC`.
 *
 * - A key without a direction takes the field's default, as in Jira: DESC for created,
 *   updated, resolved, due, priority, votes and watchers; ASC otherwise.
 * - Missing values sort last ascending and first descending (Postgres's default).
 * - A multi-valued field sorts by its least value ascending and its greatest descending.
 * - Sort values (field-model.ts `sort`): configuration by id, except project (key),
 *   status category, priority (urgency) and versions (project id, sequence); issuekey by
 *   (project key, issue number); users by id; text by Unicode code point (Postgres
 *   `COLLATE "C"`); numbers, instants and dates by value.
 * - A custom field name shared by several fields sorts by the one with the lowest id.
 */
import type { OrderBy, SortDirection } from "../ast.js";
import type { IssueSnapshot } from "../model.js";
import { type EvalEnv, fail } from "./env.js";
import type { SortTuple } from "./field-model.js";
import { fieldModels } from "./models.js";

const DESCENDING_BY_DEFAULT = new Set([
  "created",
  "updated",
  "resolved",
  "due",
  "priority",
  "votes",
  "watchers",
]);

interface Key {
  readonly sort: (issue: IssueSnapshot) => readonly SortTuple[];
  readonly descending: boolean;
}

function keysOf(orderBy: OrderBy | null, env: EvalEnv): readonly Key[] {
  if (!orderBy) return [{ sort: (issue) => [[issue.created]], descending: true }];
  return orderBy.keys.map((key) => {
    const { ref, model } = fieldModels(key.field, env)[0]!;
    const sortable = ref.kind === "custom" || ref.field.sortable;
    if (!model.sort || !sortable) {
      fail(env, "E_UNSUPPORTED_FIELD", `Field '${model.label}' cannot be used in ORDER BY`, key.field.span);
    }
    const direction: SortDirection =
      key.direction ?? (DESCENDING_BY_DEFAULT.has(model.label) && ref.kind === "system" ? "desc" : "asc");
    return { sort: model.sort, descending: direction === "desc" };
  });
}

/** A comparator of issues for the query's ORDER BY (total: ties broken by id descending). */
export function issueComparator(
  orderBy: OrderBy | null,
  env: EvalEnv,
): (a: IssueSnapshot, b: IssueSnapshot) => number {
  const keys = keysOf(orderBy, env);
  const memo = new Map<number, readonly (SortTuple | null)[]>();
  const valuesOf = (issue: IssueSnapshot) => {
    let values = memo.get(issue.id);
    if (!values) {
      values = keys.map((key) => pick(key.sort(issue), key.descending));
      memo.set(issue.id, values);
    }
    return values;
  };
  return (a, b) => {
    const va = valuesOf(a);
    const vb = valuesOf(b);
    for (let i = 0; i < keys.length; i++) {
      const c = compareNullable(va[i]!, vb[i]!);
      if (c !== 0) return keys[i]!.descending ? -c : c;
    }
    return b.id - a.id;
  };
}

/** The value a multi-valued field sorts by: its least ascending, its greatest descending. */
function pick(tuples: readonly SortTuple[], descending: boolean): SortTuple | null {
  let best: SortTuple | null = null;
  for (const t of tuples) {
    if (best === null || (descending ? compareTuples(t, best) > 0 : compareTuples(t, best) < 0)) best = t;
  }
  return best;
}

/** Null (missing) is greater than every value: last ascending, first descending. */
function compareNullable(a: SortTuple | null, b: SortTuple | null): number {
  if (a === null) return b === null ? 0 : 1;
  if (b === null) return -1;
  return compareTuples(a, b);
}

export function compareTuples(a: SortTuple, b: SortTuple): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") return x < y ? -1 : 1;
    if (typeof x === "string" && typeof y === "string") return compareCodePoints(x, y);
    return typeof x === "number" ? -1 : 1;
  }
  return a.length - b.length;
}

/** Strings in Unicode code point order (UTF-16 code unit order differs above U+D7FF). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit <= 0xdfff ? unit + 0x2000 : unit - 0x800;
}
