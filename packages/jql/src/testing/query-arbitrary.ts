/**
 * fast-check arbitraries for *meaningful* JQL over a catalog: real field names (and
 * aliases, `cf[N]`, custom field names), values that exist (ids, names, keys, in any
 * case) and, optionally, values that do not, functions that fit the field, absolute and
 * relative dates, EMPTY (also inside lists), NOT, nesting, history clauses and ORDER BY.
 * Every generated query is one the evaluator and the SQL compiler must answer, so the
 * normalizer, splitter and compiler tests share it. Spans are dummies.
 */
import fc from "fast-check";
import type { Clause, HistoryPredicate, Operand, Operator, Query, TerminalClause } from "../ast.js";
import type { Catalog } from "../model.js";
import { print } from "../printer.js";
import {
  call,
  DATE_FUNCTIONS,
  DATES,
  EMPTY,
  type FieldSpec,
  type FieldValueOptions,
  fieldSpecs,
  list,
  named,
  SPAN,
  str,
} from "./query-fields.js";

export { type FieldSpec, fieldSpecs } from "./query-fields.js";

export interface QueryArbitraryOptions extends FieldValueOptions {
  /** Include WAS / CHANGED clauses (default true). */
  readonly history?: boolean;
  /** Include ORDER BY (default true). */
  readonly orderBy?: boolean;
  /** Nesting depth of AND / OR / NOT (default 3). */
  readonly maxDepth?: number;
}

function terminal(spec: FieldSpec, history: boolean, author: Operand): fc.Arbitrary<TerminalClause> {
  const field = fc.constantFrom(...spec.fields);
  const value = fc.constantFrom(...(spec.values.length ? spec.values : [EMPTY]));
  const scalar = spec.functions.length
    ? fc.oneof({ weight: 3, arbitrary: value }, fc.constantFrom(...spec.functions))
    : value;
  const items = fc.array(fc.oneof({ weight: 4, arbitrary: scalar }, fc.constant(EMPTY)), {
    minLength: 1,
    maxLength: 4,
  });
  const make = (
    operator: Operator,
    operand: fc.Arbitrary<Operand | null>,
    predicates = fc.constant<HistoryPredicate[]>([]),
  ) =>
    fc
      .record({ field, operand, predicates })
      .map((r): TerminalClause => ({ kind: "terminal", span: SPAN, operator, ...r }));
  const options: fc.Arbitrary<TerminalClause>[] = [
    make("is", fc.constant(EMPTY)),
    make("is not", fc.constant(EMPTY)),
  ];
  if (spec.shape === "text") {
    options.push(make("~", value), make("!~", value));
  } else if (spec.shape !== "empty-only") {
    const membership = spec.shape === "date" ? fc.oneof(value, fc.constantFrom(...spec.functions)) : scalar;
    options.push(
      make("=", membership),
      make("!=", membership),
      make("in", items.map(list)),
      make("not in", items.map(list)),
    );
  }
  if (spec.shape === "ordered" || spec.shape === "date") {
    const ordered = spec.shape === "date" ? fc.oneof(value, fc.constantFrom(...spec.functions)) : value;
    options.push(...(["<", ">", "<=", ">="] as const).map((op) => make(op, ordered)));
  }
  if (history && spec.history) options.push(...historyClauses(author, make, value));
  return fc.oneof(...options);
}

function historyClauses(
  author: Operand,
  make: (
    op: Operator,
    operand: fc.Arbitrary<Operand | null>,
    p?: fc.Arbitrary<HistoryPredicate[]>,
  ) => fc.Arbitrary<TerminalClause>,
  value: fc.Arbitrary<Operand>,
): fc.Arbitrary<TerminalClause>[] {
  const date = fc.oneof(fc.constantFrom(...DATES.map(str)), fc.constantFrom(...DATE_FUNCTIONS));
  const predicate = (types: readonly HistoryPredicate["type"][]) =>
    fc
      .constantFrom(...types)
      .chain((type) =>
        (type === "from" || type === "to"
          ? fc.oneof(value, fc.constant(EMPTY))
          : type === "by"
            ? fc.constantFrom(author, call("currentUser"))
            : type === "during"
              ? fc.tuple(date, date).map(list)
              : date
        ).map((operand): HistoryPredicate => ({ kind: "predicate", span: SPAN, type, operand })),
      );
  const was = fc.array(predicate(["after", "before", "on", "during", "by"]), { maxLength: 2 });
  const changed = fc.array(predicate(["after", "before", "on", "during", "by", "from", "to"]), {
    maxLength: 3,
  });
  const wasValue = fc.oneof({ weight: 3, arbitrary: value }, fc.constant(EMPTY));
  return [
    make("was", wasValue, was),
    make("was not", wasValue, was),
    make("was in", fc.array(wasValue, { minLength: 1, maxLength: 3 }).map(list), was),
    make("changed", fc.constant(null), changed),
  ];
}

export function catalogClauseArbitrary(
  c: Catalog,
  options: QueryArbitraryOptions = {},
): fc.Arbitrary<Clause> {
  const author = str(c.users[0]?.id ?? "nobody");
  const atoms = fieldSpecs(c, options).map((spec) => terminal(spec, options.history ?? true, author));
  // Half of the queries use only a few fields, so that clauses on one field meet (where
  // merging, absorption and placeholders interact); the others use any field.
  return fc.oneof(
    clauseOver(fc.oneof(...atoms), options),
    fc.subarray(atoms, { minLength: 1, maxLength: 3 }).chain((few) => clauseOver(fc.oneof(...few), options)),
  );
}

function clauseOver(atom: fc.Arbitrary<Clause>, options: QueryArbitraryOptions): fc.Arbitrary<Clause> {
  const { clause } = fc.letrec<{ clause: Clause }>((tie) => ({
    clause: fc.oneof(
      { depthSize: "small", maxDepth: options.maxDepth ?? 3, withCrossShrink: true },
      atom,
      fc
        .array(tie("clause"), { minLength: 2, maxLength: 3 })
        .map((clauses): Clause => ({ kind: "and", span: SPAN, clauses })),
      fc
        .array(tie("clause"), { minLength: 2, maxLength: 3 })
        .map((clauses): Clause => ({ kind: "or", span: SPAN, clauses })),
      tie("clause").map((inner): Clause => ({ kind: "not", span: SPAN, clause: inner })),
    ),
  }));
  return clause;
}

const SORTABLE = [
  "priority",
  "created",
  "updated",
  "key",
  "status",
  "assignee",
  "due",
  "fixVersion",
  "summary",
];

export function catalogQueryArbitrary(c: Catalog, options: QueryArbitraryOptions = {}): fc.Arbitrary<Query> {
  const sortKey = fc.record({
    f: fc.constantFrom(...SORTABLE),
    d: fc.constantFrom("asc" as const, "desc" as const, null),
  });
  const orderBy = fc.array(sortKey, { minLength: 1, maxLength: 3 }).map((keys) => ({
    kind: "orderBy" as const,
    span: SPAN,
    keys: keys.map((k) => ({ kind: "sort" as const, span: SPAN, field: named(k.f), direction: k.d })),
  }));
  return fc
    .record({
      where: fc.option(catalogClauseArbitrary(c, options), { nil: null, freq: 10 }),
      orderBy: options.orderBy === false ? fc.constant(null) : fc.option(orderBy, { nil: null }),
    })
    .map((r): Query => ({ kind: "query", span: SPAN, ...r }));
}

/** Printed queries. */
export function catalogJqlArbitrary(c: Catalog, options: QueryArbitraryOptions = {}): fc.Arbitrary<string> {
  return catalogQueryArbitrary(c, options).map(print);
}
