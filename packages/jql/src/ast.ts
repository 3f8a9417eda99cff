/**
 * The JQL abstract syntax tree: small readonly discriminated unions (`kind` + `span`).
 *
 * The tree records meaning, not spelling: keyword case, quoting style, `&&` vs `AND`,
 * `NULL` vs `EMPTY` and redundant parentheses are gone after parsing. What survives is
 * whether a literal was a number token, because Jira resolves numbers as ids first and
 * strings as names first. Parenthesised same-kind groups stay nested (`(a AND b) AND c`
 * is `and[and[a, b], c]`), so the printer can reproduce the exact tree; flattening is
 * the normalizer's job.
 */

/** Half-open range of UTF-16 offsets into the source text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** A string or number literal, already unescaped. */
export interface Literal {
  readonly kind: "value";
  readonly span: Span;
  readonly value: string;
  /** True when the source token was a (possibly negative) integer: `10000`, `-1`. */
  readonly number: boolean;
}

export interface EmptyOperand {
  readonly kind: "empty";
  readonly span: Span;
}

export interface FunctionCall {
  readonly kind: "function";
  readonly span: Span;
  /** The name as written (functions are case-insensitive; the normalizer canonicalizes). */
  readonly name: string;
  readonly args: readonly Literal[];
}

export interface ListOperand {
  readonly kind: "list";
  readonly span: Span;
  /** Non-empty. Items may be values, EMPTY, functions or nested lists. */
  readonly items: readonly Operand[];
}

export type Operand = Literal | EmptyOperand | FunctionCall | ListOperand;

/** `[argument] path*` after a field: `issue.property[key].a.b`. */
export interface PropertyRef {
  readonly key: Literal;
  /** Path tokens after `]`, as written (`.a.b` is one element). */
  readonly path: readonly Literal[];
}

/** `cf[10010]` is `{ kind: "cf", id: 10010 }`; anything else is a name. */
export type FieldName =
  | { readonly kind: "name"; readonly text: string; readonly number: boolean }
  | { readonly kind: "cf"; readonly id: number };

export interface Field {
  readonly kind: "field";
  readonly span: Span;
  readonly name: FieldName;
  readonly properties: readonly PropertyRef[];
}

export type ComparisonOperator = "=" | "!=" | "<" | ">" | "<=" | ">=" | "~" | "!~";
export type ListOperator = "in" | "not in";
export type EmptinessOperator = "is" | "is not";
export type HistoryOperator = "was" | "was not" | "was in" | "was not in" | "changed";
export type Operator = ComparisonOperator | ListOperator | EmptinessOperator | HistoryOperator;

export type PredicateType = "after" | "before" | "on" | "during" | "by" | "from" | "to";

export interface HistoryPredicate {
  readonly kind: "predicate";
  readonly span: Span;
  readonly type: PredicateType;
  readonly operand: Operand;
}

/**
 * `field operator operand predicates*`. `operand` is absent only for `changed`;
 * for `is` / `is not` it is always EMPTY. `predicates` is empty except after history
 * operators.
 */
export interface TerminalClause {
  readonly kind: "terminal";
  readonly span: Span;
  readonly field: Field;
  readonly operator: Operator;
  readonly operand: Operand | null;
  readonly predicates: readonly HistoryPredicate[];
}

export interface AndClause {
  readonly kind: "and";
  readonly span: Span;
  /** Two or more. */
  readonly clauses: readonly Clause[];
}

export interface OrClause {
  readonly kind: "or";
  readonly span: Span;
  /** Two or more. */
  readonly clauses: readonly Clause[];
}

export interface NotClause {
  readonly kind: "not";
  readonly span: Span;
  readonly clause: Clause;
}

export type Clause = TerminalClause | AndClause | OrClause | NotClause;

export type SortDirection = "asc" | "desc";

export interface SortKey {
  readonly kind: "sort";
  readonly span: Span;
  readonly field: Field;
  /** Null when no direction was written (each field has its own default). */
  readonly direction: SortDirection | null;
}

export interface OrderBy {
  readonly kind: "orderBy";
  readonly span: Span;
  /** One or more, in order; never reordered. */
  readonly keys: readonly SortKey[];
}

export interface Query {
  readonly kind: "query";
  readonly span: Span;
  /** Null for the empty query and the ORDER-BY-only query (all issues the user can see). */
  readonly where: Clause | null;
  readonly orderBy: OrderBy | null;
}

export type Node = Query | Clause | OrderBy | SortKey | Field | Operand | HistoryPredicate;
