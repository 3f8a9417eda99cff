/**
 * Clause → SQL boolean over the issue row `i`. NOT is pushed down first with the shared
 * negation.ts (docs/jql-semantics.md §2), so what is compiled is NOT-free but for NOT over
 * CHANGED, an exact complement (`NOT EXISTS`). A terminal over a custom field name shared
 * by several fields is the OR of the terminal on each. Children are compiled in order, so
 * the first error is the one the evaluator raises.
 */
import { type Clause, pushNotDown, type TerminalClause } from "@subq/jql";
import type { CompileEnv } from "./env.js";
import type { SqlField } from "./field-model.js";
import { compileHistory } from "./history.js";
import { fieldModels } from "./models.js";
import { compileValueClause } from "./operators.js";
import { compileText } from "./text.js";

export function compileClause(clause: Clause, env: CompileEnv): string {
  return compilePushed(pushNotDown(clause), env);
}

function compilePushed(clause: Clause, env: CompileEnv): string {
  switch (clause.kind) {
    case "terminal":
      return compileTerminal(clause, env);
    case "not": {
      const inner = clause.clause;
      if (inner.kind !== "terminal" || inner.operator !== "changed") {
        throw new Error("internal: NOT left over a clause other than CHANGED after push-down");
      }
      return `NOT ${compileTerminal(inner, env)}`;
    }
    case "and":
    case "or": {
      const parts = clause.clauses.map((c) => compilePushed(c, env));
      return parts.length === 1 ? parts[0]! : `(${parts.join(clause.kind === "and" ? " AND " : " OR ")})`;
    }
  }
}

function compileTerminal(clause: TerminalClause, env: CompileEnv): string {
  const parts = fieldModels(clause.field, env).map(({ model }) => compileFor(clause, model, env));
  return parts.length === 1 ? parts[0]! : `(${parts.join(" OR ")})`;
}

function compileFor(clause: TerminalClause, model: SqlField, env: CompileEnv): string {
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
