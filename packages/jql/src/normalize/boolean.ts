/**
 * Canonical AND / OR over already normalized parts, with TRUE as `null`: flatten
 * same-kind children, merge what merges exactly (merge.ts), drop duplicates, sort by
 * canonical text, drop what the others absorb (absorb.ts), collapse one child to itself.
 * (Factoring is a separate, final pass: factor.ts.)
 *
 * TRUE ∧ x = x; TRUE ∨ x = TRUE. The normalizer and the splitter (whose placeholders
 * introduce TRUE) share these rules, so Stage 1 texts are canonical too.
 */
import type { Clause, Span } from "../ast.js";
import { absorb } from "./absorb.js";
import { mergeAnd, mergeOr } from "./merge.js";
import { compareText, type TextCache, textOf } from "./text.js";

export function conjoin(parts: readonly (Clause | null)[], texts: TextCache, span: Span): Clause | null {
  const flat: Clause[] = [];
  for (const part of parts) {
    if (part === null) continue;
    if (part.kind === "and") flat.push(...part.clauses);
    else flat.push(part);
  }
  return build("and", mergeAnd(flat), texts, span);
}

export function disjoin(parts: readonly (Clause | null)[], texts: TextCache, span: Span): Clause | null {
  const flat: Clause[] = [];
  for (const part of parts) {
    if (part === null) return null;
    if (part.kind === "or") flat.push(...part.clauses);
    else flat.push(part);
  }
  const merged = mergeOr(flat);
  if (merged === null) return null;
  return build("or", merged, texts, span);
}

function build(kind: "and" | "or", clauses: readonly Clause[], texts: TextCache, span: Span): Clause | null {
  if (clauses.length === 0) return null;
  if (clauses.length === 1) return clauses[0]!;
  const keyed = clauses.map((clause) => ({ clause, text: textOf(clause, texts) }));
  keyed.sort((a, b) => compareText(a.text, b.text));
  const unique: Clause[] = [];
  for (let i = 0; i < keyed.length; i++) {
    if (i === 0 || keyed[i]!.text !== keyed[i - 1]!.text) unique.push(keyed[i]!.clause);
  }
  const kept = absorb(kind, unique, texts);
  if (kept.length === 1) return kept[0]!;
  return { kind, span, clauses: kept };
}
