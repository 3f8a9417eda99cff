/**
 * What the operators need to know about a field: its values on an issue, what a literal
 * denotes, which function results it takes, whether and how it is ordered and sorted,
 * and its history. One model per system field kind (system-models.ts) and custom field
 * type (custom-models.ts); the operators (operators.ts, text.ts, history.ts, order.ts)
 * are written once against this interface.
 */
import type { Literal } from "../ast.js";
import { dateValue, durationSeconds } from "../dates.js";
import type { FunctionResult } from "../functions.js";
import type { IssueSnapshot } from "../model.js";
import type { EvalEnv } from "./env.js";

/** An id, user id, label, calendar date (`YYYY-MM-DD`), instant or number. */
export type Value = number | string;

/** Ordering key: comparable only within one group (versions and issue keys per project; 0 = global). */
export interface OrderKey {
  readonly group: number;
  readonly rank: number;
}

/** A sort tuple, compared element by element (strings by code point). */
export type SortTuple = readonly (number | string)[];

export interface FieldModel {
  readonly label: string;
  /** The field's values on an issue; none = EMPTY. Text fields: their non-empty texts. */
  values(issue: IssueSnapshot): readonly Value[];
  /**
   * What a literal denotes, in the domain of `values` (instants for date fields); "empty"
   * for a literal meaning EMPTY. Absent: `=`, `!=`, `IN`, `NOT IN` take only EMPTY.
   */
  readonly literal?: (lit: Literal) => readonly Value[] | "empty";
  /** Function results this field takes as operands. */
  readonly functions: readonly FunctionResult[];
  /** `<`, `>`, `<=`, `>=` (absent: not ordered). */
  readonly order?: {
    readonly operandKey: (value: Value) => OrderKey | undefined;
    readonly issueKeys: (issue: IssueSnapshot) => readonly OrderKey[];
  };
  /** Values are calendar dates and operands instants (docs/jql-semantics.md §3, `due`). */
  readonly calendar?: boolean;
  /** `~` and `!~` search the values. */
  readonly text?: boolean;
  /** ORDER BY: one tuple per value (absent: not sortable). */
  readonly sort?: (issue: IssueSnapshot) => readonly SortTuple[];
  /** WAS / CHANGED: the change items' field name; `multi` for add/remove items (fixVersion). */
  readonly history?: { readonly field: string; readonly multi: boolean };
}

export function one<T>(value: T | null | undefined): readonly T[] {
  return value === null || value === undefined ? [] : [value];
}

export function nonEmptyText(text: string | null | undefined): readonly string[] {
  return text === null || text === undefined || text === "" ? [] : [text];
}

const NUMBER = /^-?\d+(?:\.\d+)?$/;

export function numberLiteral(lit: Literal): readonly Value[] {
  return NUMBER.test(lit.value) ? [Number(lit.value)] : [];
}

export function durationLiteral(lit: Literal): readonly Value[] {
  return one(durationSeconds(lit.value));
}

export function instantLiteral(env: EvalEnv): (lit: Literal) => readonly Value[] {
  return (lit) => one(dateValue(lit.value, env.context.now, env.zone));
}

/** Ordered by the number itself, one group. */
export function numeric(values: (issue: IssueSnapshot) => readonly Value[]): FieldModel["order"] {
  return {
    operandKey: (value) => (typeof value === "number" ? { group: 0, rank: value } : undefined),
    issueKeys: (issue) => values(issue).map((value) => ({ group: 0, rank: value as number })),
  };
}

export function tuples(values: readonly Value[]): readonly SortTuple[] {
  return values.map((value) => [value]);
}

/** A datetime field, system (`created`) or custom: instants, ordered as numbers. */
export function datetimeModel(
  label: string,
  values: (issue: IssueSnapshot) => readonly Value[],
  sort: FieldModel["sort"],
  env: EvalEnv,
): FieldModel {
  return {
    label,
    values,
    literal: instantLiteral(env),
    functions: ["instant"],
    order: numeric(values),
    sort,
  };
}

/** A date field, system (`due`) or custom: calendar dates, compared with instant operands. */
export function dateModel(
  label: string,
  values: (issue: IssueSnapshot) => readonly Value[],
  sort: FieldModel["sort"],
  env: EvalEnv,
): FieldModel {
  return { label, values, literal: instantLiteral(env), functions: ["instant"], calendar: true, sort };
}
