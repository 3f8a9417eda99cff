/**
 * The normalizer (docs/jql-semantics.md §10): equivalent queries → one canonical tree and
 * text, the cache key of a query. NOT is pushed down first (negation.ts), then terminals
 * are canonicalized (terminal.ts), AND/OR rebuilt bottom-up (boolean.ts) and the finished
 * tree factored (factor.ts). With a resolver, names become ids and unknown or unsupported
 * fields, values and functions are rejected; without one the normalization is purely
 * syntactic. Idempotent: normalizing the output again yields it.
 */
import type { Clause, Field, OrderBy, Query } from "../ast.js";
import type { CatalogResolver } from "../catalog.js";
import { pushNotDown } from "../negation.js";
import { conjoin, disjoin } from "./boolean.js";
import { createContext, type NormalizeContext } from "./context.js";
import { factorTree } from "./factor.js";
import { fieldText } from "./fast-lookup.js";
import type { FieldInfo } from "./field.js";
import { normalizeOrderBy } from "./order-by.js";
import { normalizeTerminal } from "./terminal.js";
import { type TextCache, textOf } from "./text.js";

export interface NormalizeOptions {
  /** Maps names to ids and rejects what cannot run; absent: syntactic normalization only. */
  readonly resolver?: CatalogResolver;
  /** The query's source text, for the line and column of diagnostics. */
  readonly source?: string;
}

export interface NormalizedQuery {
  readonly query: Query;
  /** Canonical text of the whole query (`print(query)`). */
  readonly text: string;
  /** Canonical text of the WHERE part; "" when it matches everything. */
  readonly whereText: string;
  /** Canonical text of the ORDER BY part; "" when there is none. */
  readonly orderText: string;
  /** Text of every clause of `query`, for reuse by the splitter. */
  readonly texts: TextCache;
  /** What each field of `query` denotes, for reuse by the splitter. */
  readonly fields: ReadonlyMap<Field, FieldInfo>;
}

export function normalize(query: Query, options: NormalizeOptions = {}): Query {
  return normalizeQuery(query, options).query;
}

export function normalizeQuery(query: Query, options: NormalizeOptions = {}): NormalizedQuery {
  const ctx = createContext(options.resolver, options.source ?? "");
  const pushed = query.where && hasNot(query.where) ? pushNotDown(query.where) : query.where;
  const where = pushed ? factorTree(normalizeClause(pushed, ctx), ctx.texts) : null;
  const orderBy = query.orderBy ? normalizeOrderBy(query.orderBy, ctx) : null;
  const whereText = where ? textOf(where, ctx.texts) : "";
  const orderText = orderBy ? orderByText(orderBy) : "";
  const text = whereText && orderText ? `${whereText} ${orderText}` : whereText || orderText;
  return {
    query: { kind: "query", span: query.span, where, orderBy },
    text,
    whereText,
    orderText,
    texts: ctx.texts,
    fields: ctx.fields,
  };
}

/** A NOT-free clause (but for NOT over CHANGED) in canonical form; null means TRUE. */
export function normalizeClause(clause: Clause, ctx: NormalizeContext): Clause | null {
  switch (clause.kind) {
    case "terminal":
      return normalizeTerminal(clause, ctx);
    case "not": {
      const inner = clause.clause.kind === "terminal" ? normalizeTerminal(clause.clause, ctx) : null;
      if (inner === null || inner.kind !== "terminal" || inner.operator !== "changed") {
        throw new Error(`internal: NOT left over a clause other than CHANGED at offset ${clause.span.start}`);
      }
      return { kind: "not", span: clause.span, clause: inner };
    }
    case "and":
      return conjoin(
        clause.clauses.map((c) => normalizeClause(c, ctx)),
        ctx.texts,
        clause.span,
      );
    case "or":
      return disjoin(
        clause.clauses.map((c) => normalizeClause(c, ctx)),
        ctx.texts,
        clause.span,
      );
  }
}

/** printer.ts's ORDER BY, with the fields' texts from the fast path. */
function orderByText(orderBy: OrderBy): string {
  let text = "ORDER BY ";
  orderBy.keys.forEach((key, i) => {
    text += `${i > 0 ? ", " : ""}${fieldText(key.field)}${key.direction ? ` ${key.direction.toUpperCase()}` : ""}`;
  });
  return text;
}

/** Most queries have no NOT: then push-down (which copies the tree) is skipped. */
function hasNot(clause: Clause): boolean {
  if (clause.kind === "not") return true;
  return clause.kind !== "terminal" && clause.clauses.some(hasNot);
}
