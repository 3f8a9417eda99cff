/**
 * Factoring, the last step of normalization: `(a ∧ b ∧ x) ∨ (a ∧ b ∧ y)` becomes
 * `a ∧ b ∧ (x ∨ y)`, which keeps shared conditions at the top level, where Stage 1,
 * Stage 2 and metadata can use them. It runs once over the finished tree, top-down
 * over complete ORs only: factoring an OR that later merges into a larger one would
 * make the result depend on how the input was parenthesized.
 */
import type { Clause } from "../ast.js";
import { partsOf } from "./absorb.js";
import { conjoin, disjoin } from "./boolean.js";
import { atomImplies } from "./implication.js";
import { type TextCache, textOf } from "./text.js";

export function factorTree(clause: Clause | null, texts: TextCache): Clause | null {
  if (clause === null || !needsWork(clause)) return clause;
  if (clause.kind === "and") {
    return conjoin(
      clause.clauses.map((c) => factorTree(c, texts)),
      texts,
      clause.span,
    );
  }
  const parts = clause.kind === "or" ? clause.clauses.map((c) => factorTree(c, texts)) : [clause];
  const or = disjoin(parts, texts, clause.span);
  return or?.kind === "or" ? factor(or, texts) : or;
}

/** An OR with an AND among its disjuncts, anywhere in the tree. */
function needsWork(clause: Clause): boolean {
  if (clause.kind === "or" && clause.clauses.some((c) => c.kind === "and")) return true;
  return (clause.kind === "and" || clause.kind === "or") && clause.clauses.some(needsWork);
}

/**
 * Pulls out of the OR the conjuncts every disjunct implies (the same conjunct, or one
 * that implies it: `(f != 1 AND x) OR (f IS NOT EMPTY AND y)` shares `f IS NOT EMPTY`).
 * A disjunct keeps what it has besides them; one with nothing else left is equivalent
 * to the shared conjunction and absorbs the rest.
 */
function factor(or: Clause & { kind: "or" }, texts: TextCache): Clause | null {
  const disjuncts = or.clauses.map((d) => partsOf(d, "and"));
  const shared: Clause[] = [];
  const sharedTexts = new Set<string>();
  for (const conjuncts of disjuncts) {
    for (const c of conjuncts) {
      const text = textOf(c, texts);
      if (sharedTexts.has(text)) continue;
      if (disjuncts.every((other) => other.some((o) => atomImplies(o, c, texts)))) {
        shared.push(c);
        sharedTexts.add(text);
      }
    }
  }
  if (shared.length === 0) return or;
  const rests = disjuncts.map((conjuncts) => conjuncts.filter((c) => !sharedTexts.has(textOf(c, texts))));
  if (rests.some((rest) => rest.length === 0)) return conjoin(shared, texts, or.span);
  const remainder = disjoin(
    rests.map((rest, i) => conjoin(rest, texts, or.clauses[i]!.span)),
    texts,
    or.span,
  );
  return conjoin([...shared, remainder], texts, or.span);
}
