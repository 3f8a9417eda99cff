/**
 * The split (docs/jql-semantics.md §10, "Splitting"). Stage 1 is a sound relaxation of
 * the normalized query: every dynamic atom is replaced by its static placeholder or TRUE
 * (placeholder.ts) and the result is simplified with the normalizer's AND/OR rules, so
 * `query ⇒ stage1` for every issue, user and moment, and its text is canonical (it is the
 * subscription key). Stage 2 is what Stage 1 does not enforce: the top-level conjuncts
 * that hold a dynamic atom (the whole WHERE when it is not a conjunction), plus ORDER BY.
 * So `stage1 ∧ stage2 ⇔ query`.
 */
import type { Clause, Field, Query } from "../ast.js";
import type { CatalogResolver } from "../catalog.js";
import type { ClauseClass } from "../fields.js";
import { conjoin, disjoin } from "../normalize/boolean.js";
import { factorTree } from "../normalize/factor.js";
import { describeField, type FieldInfo } from "../normalize/field.js";
import { type TextCache, textOf } from "../normalize/text.js";
import { classifyAtom } from "./classify.js";
import { placeholder } from "./placeholder.js";

/** What Stage 1 keeps of an atom. */
export type Kept =
  | { readonly keep: "itself" }
  | { readonly keep: "placeholder"; readonly text: string }
  | { readonly keep: "nothing" };

/** One atom of the normalized query: what it is, why, and what Stage 1 keeps of it. */
export interface ClausePlan {
  /** Canonical text of the atom (a terminal clause, or NOT over CHANGED). */
  readonly text: string;
  readonly class: ClauseClass;
  readonly why: string;
  readonly stage1: Kept;
}

export interface Split {
  /** The relaxed static predicate; null when it relaxes to TRUE (Stage-2-only). */
  readonly stage1: Clause | null;
  /** The dynamic remainder and ORDER BY; null when only permission filtering is left. */
  readonly stage2: Query | null;
  /** Every atom of the normalized query, in order. */
  readonly clauses: readonly ClausePlan[];
}

export interface SplitOptions {
  /** The text cache of the normalization (extended with the Stage 1 clauses). */
  readonly texts?: TextCache;
  /** Tells custom field types (date, user, text) for classification. */
  readonly resolver?: CatalogResolver;
  /** Field descriptions from the normalization; others are described afresh. */
  readonly fields?: ReadonlyMap<Field, FieldInfo>;
}

const ITSELF: Kept = { keep: "itself" };
const NOTHING: Kept = { keep: "nothing" };

interface SplitRun {
  readonly texts: TextCache;
  readonly resolver: CatalogResolver | undefined;
  readonly fields: ReadonlyMap<Field, FieldInfo> | undefined;
  readonly clauses: ClausePlan[];
  readonly dynamic: Set<Clause>;
}

/** Splits a normalized query (normalize.ts). */
export function split(query: Query, options: SplitOptions = {}): Split {
  const run: SplitRun = {
    texts: options.texts ?? new Map(),
    resolver: options.resolver,
    fields: options.fields,
    clauses: [],
    dynamic: new Set(),
  };
  const where = query.where;
  const stage1 = where ? factorTree(relax(where, run), run.texts) : null;
  const conjuncts = where === null ? [] : where.kind === "and" ? where.clauses : [where];
  const rest = conjuncts.filter((c) => holdsAny(c, run.dynamic));
  const stage2Where: Clause | null =
    rest.length === 0
      ? null
      : rest.length === 1
        ? rest[0]!
        : { kind: "and", span: where!.span, clauses: rest };
  const stage2: Query | null =
    stage2Where || query.orderBy
      ? { kind: "query", span: query.span, where: stage2Where, orderBy: query.orderBy }
      : null;
  return { stage1, stage2, clauses: run.clauses };
}

function relax(clause: Clause, run: SplitRun): Clause | null {
  if (clause.kind === "and" || clause.kind === "or") {
    const parts = clause.clauses.map((c) => relax(c, run));
    // A static subtree relaxes to itself (it is already in normal form).
    if (parts.every((p, i) => p === clause.clauses[i])) return clause;
    return clause.kind === "and"
      ? conjoin(parts, run.texts, clause.span)
      : disjoin(parts, run.texts, clause.span);
  }
  const terminal = clause.kind === "not" ? clause.clause : clause;
  if (terminal.kind !== "terminal") throw new Error("internal: split expects a normalized query");
  const info = run.fields?.get(terminal.field) ?? describeField(terminal.field, run.resolver);
  const c = classifyAtom(clause, info);
  const text = textOf(clause, run.texts);
  if (c.class === "static") {
    run.clauses.push({ text, class: c.class, why: c.why, stage1: ITSELF });
    return clause;
  }
  run.dynamic.add(clause);
  const kept = placeholder(clause, info);
  const stage1: Kept = kept ? { keep: "placeholder", text: textOf(kept, run.texts) } : NOTHING;
  run.clauses.push({ text, class: c.class, why: c.why, stage1 });
  return kept;
}

function holdsAny(clause: Clause, dynamic: ReadonlySet<Clause>): boolean {
  if (clause.kind === "and" || clause.kind === "or") return clause.clauses.some((c) => holdsAny(c, dynamic));
  return dynamic.has(clause);
}
