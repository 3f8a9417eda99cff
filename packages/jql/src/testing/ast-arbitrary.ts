/**
 * fast-check arbitraries for syntactically valid JQL trees (any names, any values),
 * for printer/parser round trips and for fuzzing. Spans are dummies: compare trees with
 * `stripSpans`. Semantic query generators over a catalog live in query-arbitrary.ts.
 */
import fc from "fast-check";
import type {
  Clause,
  Field,
  HistoryPredicate,
  Literal,
  Operand,
  Operator,
  PredicateType,
  Query,
  SortKey,
  TerminalClause,
} from "../ast.js";

const SPAN = { start: 0, end: 0 };

const tricky = fc.constantFrom(
  "and",
  "OR",
  "empty",
  "null",
  "select",
  "cf",
  "all",
  "order",
  "a b",
  "",
  "-5d",
  "10",
  "-3",
  "x=y",
  'quo"te',
  "back\\slash",
  "tab\there",
  "line\nbreak",
  "日本語",
  "été",
  "\u00a0nbsp",
  "*",
  ".a.b",
  "\ufffe",
);

const text = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.-]{0,8}$/) },
  { weight: 2, arbitrary: tricky },
  // Any text a query can hold: everything but NUL, which the scanner rejects even escaped.
  {
    weight: 1,
    arbitrary: fc.string({ maxLength: 6, unit: "binary" }).map((s) => s.replaceAll("\u0000", "\u0001")),
  },
);

const numberText = fc.integer({ min: -99999, max: 99999 }).map(String);

export const literalArbitrary: fc.Arbitrary<Literal> = fc.oneof(
  {
    weight: 3,
    arbitrary: text.map((value) => ({ kind: "value" as const, span: SPAN, value, number: false })),
  },
  {
    weight: 1,
    arbitrary: numberText.map((value) => ({ kind: "value" as const, span: SPAN, value, number: true })),
  },
);

const functionArbitrary = fc.record({
  kind: fc.constant("function" as const),
  span: fc.constant(SPAN),
  name: fc.oneof(text, numberText),
  args: fc.array(literalArbitrary, { maxLength: 3 }),
});

const emptyArbitrary = fc.constant({ kind: "empty" as const, span: SPAN });

const { list: listArbitrary } = fc.letrec<{ operand: Operand; list: Operand }>((tie) => ({
  operand: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    literalArbitrary,
    emptyArbitrary,
    functionArbitrary,
    tie("list"),
  ),
  list: fc.record({
    kind: fc.constant("list" as const),
    span: fc.constant(SPAN),
    items: fc.array(tie("operand"), { minLength: 1, maxLength: 3 }),
  }),
}));

const anyOperand: fc.Arbitrary<Operand> = fc.oneof(
  literalArbitrary,
  emptyArbitrary,
  functionArbitrary,
  listArbitrary,
);

export const fieldArbitrary: fc.Arbitrary<Field> = fc.oneof(
  numberText.map((t) => ({
    kind: "field" as const,
    span: SPAN,
    name: { kind: "name" as const, text: t, number: true },
    properties: [],
  })),
  fc
    .record({
      name: fc.oneof(
        text.map((t) => ({ kind: "name" as const, text: t, number: false })),
        fc.integer({ min: 0, max: 99999 }).map((id) => ({ kind: "cf" as const, id })),
      ),
      properties: fc.array(
        fc.record({ key: literalArbitrary, path: fc.array(literalArbitrary, { maxLength: 2 }) }),
        {
          maxLength: 2,
        },
      ),
    })
    .map(({ name, properties }) => ({ kind: "field" as const, span: SPAN, name, properties })),
);

function predicates(types: readonly PredicateType[]): fc.Arbitrary<HistoryPredicate[]> {
  const predicate = fc.record({
    kind: fc.constant("predicate" as const),
    span: fc.constant(SPAN),
    type: fc.constantFrom(...types),
    operand: anyOperand,
  });
  return fc.array(predicate, { maxLength: 3 });
}

const WAS_PREDICATES: PredicateType[] = ["after", "before", "on", "during", "by"];

function terminal(
  operator: Operator,
  operand: fc.Arbitrary<Operand | null>,
  preds = fc.constant<HistoryPredicate[]>([]),
) {
  return fc.record({ field: fieldArbitrary, operand, predicates: preds }).map(
    ({ field, operand: value, predicates: p }): TerminalClause => ({
      kind: "terminal",
      span: SPAN,
      field,
      operator,
      operand: value,
      predicates: p,
    }),
  );
}

const valueOrFunction = fc.oneof(literalArbitrary, functionArbitrary);
const listOrFunction = fc.oneof(listArbitrary, functionArbitrary);
const scalar = fc.oneof(literalArbitrary, functionArbitrary, emptyArbitrary);

export const terminalArbitrary: fc.Arbitrary<TerminalClause> = fc.oneof(
  ...(["=", "!=", "~", "!~"] as const).map((op) => terminal(op, scalar)),
  ...(["<", ">", "<=", ">="] as const).map((op) => terminal(op, valueOrFunction)),
  ...(["in", "not in"] as const).map((op) => terminal(op, listOrFunction)),
  ...(["is", "is not"] as const).map((op) => terminal(op, emptyArbitrary)),
  ...(["was", "was not"] as const).map((op) => terminal(op, scalar, predicates(WAS_PREDICATES))),
  ...(["was in", "was not in"] as const).map((op) =>
    terminal(op, listOrFunction, predicates(WAS_PREDICATES)),
  ),
  terminal("changed", fc.constant(null), predicates([...WAS_PREDICATES, "from", "to"])),
);

const { clause: clauseArbitrary } = fc.letrec<{ clause: Clause }>((tie) => ({
  clause: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    terminalArbitrary,
    fc
      .array(tie("clause"), { minLength: 2, maxLength: 3 })
      .map((clauses): Clause => ({ kind: "and", span: SPAN, clauses })),
    fc
      .array(tie("clause"), { minLength: 2, maxLength: 3 })
      .map((clauses): Clause => ({ kind: "or", span: SPAN, clauses })),
    tie("clause").map((clause): Clause => ({ kind: "not", span: SPAN, clause })),
  ),
}));

export { clauseArbitrary };

const sortKey: fc.Arbitrary<SortKey> = fc.record({
  kind: fc.constant("sort" as const),
  span: fc.constant(SPAN),
  field: fieldArbitrary,
  direction: fc.constantFrom("asc" as const, "desc" as const, null),
});

export const queryArbitrary: fc.Arbitrary<Query> = fc.record({
  kind: fc.constant("query" as const),
  span: fc.constant(SPAN),
  where: fc.option(clauseArbitrary, { nil: null }),
  orderBy: fc.option(
    fc
      .array(sortKey, { minLength: 1, maxLength: 3 })
      .map((keys) => ({ kind: "orderBy" as const, span: SPAN, keys })),
    { nil: null },
  ),
});
