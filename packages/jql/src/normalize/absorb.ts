/**
 * Absorption by implication: in `p ∧ q` a conjunct implied by the others goes, in
 * `p ∨ q` a disjunct that implies another goes (`a ∧ (a ∨ x)` = `a`, `a ∨ (a ∧ x)` = `a`).
 * Implication between atoms is implication.ts's; so `(f = 1 OR g = 1) AND (f IS NOT
 * EMPTY OR g IS NOT EMPTY)`, the shape a name shared by two custom fields expands to,
 * keeps only its first part, and `(f = a AND x) OR f IN (EMPTY, a)` only its second.
 */
import type { Clause } from "../ast.js";
import { atomImplies, notEmptyField } from "./implication.js";
import { fieldKey, sharedFields } from "./merge.js";
import type { TextCache } from "./text.js";

export function partsOf(clause: Clause, kind: "and" | "or"): readonly Clause[] {
  return clause.kind === kind ? clause.clauses : [clause];
}

/** Every q is implied by some p (a conjunction of ps implies a conjunction of qs). */
function allImplied(ps: readonly Clause[], qs: readonly Clause[], texts: TextCache): boolean {
  return qs.every((q) => ps.some((p) => atomImplies(p, q, texts)));
}

/** `p ⇒ q`, with both read as ORs of ANDs: every disjunct of p implies some disjunct of q. */
function implies(p: Clause, q: Clause, texts: TextCache): boolean {
  const qs = partsOf(q, "or");
  return partsOf(p, "or").every((pi) =>
    qs.some((qj) => allImplied(partsOf(pi, "and"), partsOf(qj, "and"), texts)),
  );
}

/**
 * Bounds the pairwise checks: beyond it (thousands of compound siblings, only in
 * generated or hostile queries) absorption is skipped, which keeps planning linear and
 * the result still idempotent (absorbing only shrinks the list).
 */
const MAX_PAIRS = 10_000;

/** The children of an AND or OR (sorted, distinct) without those the others absorb. */
export function absorb(kind: "and" | "or", clauses: readonly Clause[], texts: TextCache): readonly Clause[] {
  const inner = kind === "and" ? "or" : "and";
  const compound = clauses.some((c) => c.kind === inner);
  const shared = sharedFields(clauses);
  if (!compound && shared.size === 0) return clauses;
  // What can go: compound children, terminals on a field another terminal constrains too
  // (`f = a AND f IN (EMPTY, a)`), and under AND `f IS NOT EMPTY` (implied by an OR of
  // clauses needing f).
  const candidates = clauses.filter((c) => {
    if (c.kind === inner) return true;
    if (c.kind !== "terminal") return false;
    const field = fieldKey(c.field);
    return (
      (field !== undefined && shared.has(field)) ||
      (kind === "and" && compound && notEmptyField(c) !== undefined)
    );
  });
  if (candidates.length * clauses.length > MAX_PAIRS) return clauses;
  const kept = [...clauses];
  for (const c of candidates) {
    const others = kept.filter((o) => o !== c);
    const gone =
      kind === "and"
        ? // another conjunct implies c, or all of them together imply one of c's disjuncts
          others.some((o) => implies(o, c, texts)) ||
          partsOf(c, "or").some((d) => allImplied(others, partsOf(d, "and"), texts))
        : // c implies another disjunct, or one of c's conjuncts is an OR of the other disjuncts
          others.some((o) => implies(c, o, texts)) ||
          partsOf(c, "and").some(
            (p) => p.kind === "or" && p.clauses.every((d) => others.some((o) => implies(d, o, texts))),
          );
    if (gone) kept.splice(kept.indexOf(c), 1);
  }
  return kept;
}
