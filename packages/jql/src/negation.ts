/**
 * NOT push-down (docs/jql-semantics.md §2): Jira's DeMorgansVisitor. `NOT` moves to the
 * terminal clauses with De Morgan's laws and each terminal's operator is flipped, so
 * `NOT assignee = bob` becomes `assignee != bob` and, like it, does not match unassigned
 * issues. Only `CHANGED` has no flipped operator: `NOT (f CHANGED ...)` stays, and there
 * it is the Boolean complement.
 *
 * The result contains `not` nodes only directly over `changed` terminals. It is
 * idempotent, and pushing down `NOT NOT q` gives the same tree as pushing down `q`.
 * Nesting is kept (`NOT (a OR b) AND c` is `and[and[!a, !b], c]`); flattening is the
 * normalizer's job.
 */
import type { Clause, Operator, TerminalClause } from "./ast.js";

const FLIPPED: Readonly<Record<Exclude<Operator, "changed">, Operator>> = {
  "=": "!=",
  "!=": "=",
  in: "not in",
  "not in": "in",
  is: "is not",
  "is not": "is",
  "<": ">=",
  ">=": "<",
  ">": "<=",
  "<=": ">",
  "~": "!~",
  "!~": "~",
  was: "was not",
  "was not": "was",
  "was in": "was not in",
  "was not in": "was in",
};

/** The operator that `NOT` turns `operator` into, or null for `changed`. */
export function flipOperator(operator: Operator): Operator | null {
  return operator === "changed" ? null : FLIPPED[operator];
}

export function pushNotDown(clause: Clause): Clause {
  switch (clause.kind) {
    case "terminal":
      return clause;
    case "and":
    case "or":
      return { ...clause, clauses: clause.clauses.map(pushNotDown) };
    case "not":
      return negate(clause.clause, clause);
  }
}

/** `NOT clause`, pushed down; `not` is the original NOT node (its span is reused). */
function negate(clause: Clause, not: Clause): Clause {
  switch (clause.kind) {
    case "terminal":
      return negateTerminal(clause, not);
    case "and":
      return { kind: "or", span: not.span, clauses: clause.clauses.map((c) => negate(c, c)) };
    case "or":
      return { kind: "and", span: not.span, clauses: clause.clauses.map((c) => negate(c, c)) };
    case "not":
      return pushNotDown(clause.clause);
  }
}

function negateTerminal(clause: TerminalClause, not: Clause): Clause {
  const operator = flipOperator(clause.operator);
  if (operator === null) return { kind: "not", span: not.span, clause };
  return { ...clause, operator };
}
