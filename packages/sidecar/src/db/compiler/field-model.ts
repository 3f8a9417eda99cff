/**
 * What the clause compilers need to know about a field: where its values live (a
 * `ValueSource`), what a literal denotes, which function results it takes, how it is
 * ordered, searched as text, sorted, and its history. The SQL counterpart of the
 * evaluator's FieldModel (packages/jql/src/evaluate/field-model.ts): one model per system
 * field kind and custom field type, the operators written once against this interface.
 */
import { dateValue, durationSeconds, type FunctionResult, isRelativeOffset, type Literal } from "@subq/jql";
import type { CompileEnv } from "./env.js";
import type { SqlType } from "./params.js";
import type { ValueSource } from "./sources.js";

/** An id, user id, label, calendar date (`YYYY-MM-DD`), instant (epoch ms) or number. */
export type Value = number | string;

export type Ordering = "<" | ">" | "<=" | ">=";

/** An operand resolved in TypeScript: catalog values, EMPTY, and issue sets only the database knows. */
export interface ResolvedOperand {
  readonly values: readonly Value[];
  /** EMPTY was among the operands (or a literal meaning EMPTY: `Unresolved`). */
  readonly empty: boolean;
  /**
   * How the text tests EMPTY, so it depends on the operand's shape, not its values: an
   * EMPTY item (always), a literal of a field where a literal may mean EMPTY (with a
   * boolean parameter), or not at all.
   */
  readonly emptyShape: "item" | "literal" | "none";
  /** Sub-selects of issue ids (`watchedIssues()`, `votedIssues()`), in a fixed order. */
  readonly issueSets: readonly string[];
}

/** ORDER BY of one key: expressions compared in order, and the joins they read. */
export interface SortSql {
  readonly exprs: readonly string[];
  readonly joins: readonly string[];
}

/** `~` / `!~` over the field's texts (each matched on its own). */
export interface TextTarget {
  /** Some text matches every pattern of the array parameter `patterns`; `anchor` is one more pattern (an index hint). */
  match(patterns: string, anchor: () => string): string;
}

export interface HistorySpec {
  /** `issue_changes.field`. */
  readonly field: string;
  /** Add/remove items (fixVersion). */
  readonly multi: boolean;
  /** The current value as text (single-valued fields). */
  readonly current: string;
}

export interface SqlField {
  readonly label: string;
  /** Has / has no value; `in` and `some` for the operators. */
  readonly source: ValueSource;
  /** What a literal denotes; "empty" for a literal meaning EMPTY. Absent: only EMPTY is accepted. */
  readonly literal?: (lit: Literal) => readonly Value[] | "empty";
  /** A literal may denote EMPTY (`resolution = Unresolved`). */
  readonly emptyLiterals?: boolean;
  readonly functions: readonly FunctionResult[];
  /** Some value of the issue is denoted by the operand. */
  readonly member: (operand: ResolvedOperand) => string;
  /** `<`, `>`, `<=`, `>=` against the operand (absent: not ordered). */
  readonly order?: (op: Ordering, operand: ResolvedOperand) => string;
  /** Values are calendar dates standing for their first instant (due, date custom fields). */
  readonly calendar?: boolean;
  readonly text?: TextTarget;
  readonly sort?: (descending: boolean, alias: string) => SortSql;
  readonly history?: HistorySpec;
}

export function one<T>(value: T | null | undefined): readonly T[] {
  return value === null || value === undefined ? [] : [value];
}

const NUMBER = /^-?\d+(?:\.\d+)?$/;

export function numberLiteral(lit: Literal): readonly Value[] {
  return NUMBER.test(lit.value) ? [Number(lit.value)] : [];
}

export function durationLiteral(lit: Literal): readonly Value[] {
  return one(durationSeconds(lit.value));
}

/** Date operands: a relative offset (reads the moment) or an absolute date in the tenant's zone. */
export function instantLiteral(env: CompileEnv): (lit: Literal) => readonly Value[] {
  return (lit) => {
    // Only a relative offset reads the moment; anything else is absolute or no date at all.
    const now = isRelativeOffset(lit.value) ? env.now(`the relative date '${lit.value}'`) : 0;
    return one(dateValue(lit.value, now, env.catalog.zone));
  };
}

/** Membership as one array parameter of the values (encoded for Postgres when they need it). */
export function memberOf(
  source: ValueSource,
  env: CompileEnv,
  type: SqlType,
  encode?: (value: never) => unknown,
) {
  return (operand: ResolvedOperand): string =>
    source.in(env.params.list(encode ? operand.values.map((v) => encode(v as never)) : operand.values, type));
}

/** Orderings on a numeric (or instant) value: some value compares true with some operand value. */
export function numericOrder(
  source: ValueSource,
  env: CompileEnv,
  type: SqlType,
  encode = (v: number): unknown => v,
) {
  return (op: Ordering, operand: ResolvedOperand): string => {
    const numbers = operand.values as readonly number[];
    // Some v, some r: v < r ⟺ v < max(r); v > r ⟺ v > min(r). None: NULL, which never holds.
    const bound = numbers.length === 0 ? null : op[0] === "<" ? Math.max(...numbers) : Math.min(...numbers);
    const param = env.params.one(bound === null ? null : encode(bound), type);
    return source.some((v) => `${v} ${op} ${param}`);
  };
}

/** Sort by a single SQL expression. */
export function sortBy(expr: string): (descending: boolean, alias: string) => SortSql {
  return () => ({ exprs: [expr], joins: [] });
}

export function holds(op: Ordering, a: number, b: number): boolean {
  switch (op) {
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
  }
}

/** ` OR <no value>` as the operand's EMPTY demands (see `ResolvedOperand.emptyShape`); `none` is the no-value test. */
export function orEmpty(operand: ResolvedOperand, none: () => string, env: CompileEnv): string {
  if (operand.emptyShape === "item") return ` OR ${none()}`;
  if (operand.emptyShape === "literal")
    return ` OR (${env.params.one(operand.empty, "boolean")} AND ${none()})`;
  return "";
}
