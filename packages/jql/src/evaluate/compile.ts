/**
 * Clause → predicate. NOT is pushed down first (negation.ts), so what is compiled is
 * NOT-free but for NOT over CHANGED, the Boolean complement. A terminal over a custom
 * field name shared by several fields holds when it holds for one of them.
 */
import type { Clause, TerminalClause } from "../ast.js";
import type { IssueSnapshot } from "../model.js";
import { pushNotDown } from "../negation.js";
import type { EvalEnv, Predicate } from "./env.js";
import type { FieldModel } from "./field-model.js";
import { compileHistory } from "./history.js";
import { fieldModels } from "./models.js";
import { compileValueClause } from "./operators.js";
import { compileText } from "./text.js";

export function compileClause(clause: Clause, env: EvalEnv): Predicate {
  return compilePushed(pushNotDown(clause), env);
}

function compilePushed(clause: Clause, env: EvalEnv): Predicate {
  switch (clause.kind) {
    case "terminal":
      return compileTerminal(clause, env);
    case "not": {
      const inner = clause.clause;
      if (inner.kind !== "terminal" || inner.operator !== "changed") {
        throw new Error("internal: NOT left over a clause other than CHANGED after push-down");
      }
      const changed = compileTerminal(inner, env);
      return (issue) => !changed(issue);
    }
    case "and":
      return all(clause.clauses.map((c) => compilePushed(c, env)));
    case "or":
      return any(clause.clauses.map((c) => compilePushed(c, env)));
  }
}

function compileTerminal(clause: TerminalClause, env: EvalEnv): Predicate {
  return any(fieldModels(clause.field, env).map(({ model }) => compileFor(clause, model, env)));
}

function compileFor(clause: TerminalClause, model: FieldModel, env: EvalEnv): Predicate {
  switch (clause.operator) {
    case "~":
    case "!~":
      return compileText(clause, model, env);
    case "was":
    case "was not":
    case "was in":
    case "was not in":
    case "changed":
      return compileHistory(clause, model, env);
    default:
      return compileValueClause(clause, model, env);
  }
}

function all(predicates: readonly Predicate[]): Predicate {
  if (predicates.length === 1) return predicates[0]!;
  if (predicates.length === 2) {
    const [a, b] = predicates as [Predicate, Predicate];
    return (issue) => a(issue) && b(issue);
  }
  return (issue: IssueSnapshot) => predicates.every((p) => p(issue));
}

function any(predicates: readonly Predicate[]): Predicate {
  if (predicates.length === 1) return predicates[0]!;
  if (predicates.length === 2) {
    const [a, b] = predicates as [Predicate, Predicate];
    return (issue) => a(issue) || b(issue);
  }
  return (issue: IssueSnapshot) => predicates.some((p) => p(issue));
}
