/**
 * `~` and `!~` (docs/jql-semantics.md §1, §5): `f ~ t` when some text of f matches every
 * term of t; `f !~ t` when f has a text and none matches. For `comment` each visible
 * comment is one text, for `text` each of its sources is: a query never spans two
 * sources. `~ EMPTY` / `!~ EMPTY` are IS EMPTY / IS NOT EMPTY.
 */
import type { TerminalClause } from "../ast.js";
import { parseTextQuery, textMatcher } from "../text-query.js";
import { type EvalEnv, fail, type Predicate } from "./env.js";
import type { FieldModel } from "./field-model.js";
import { emptiness } from "./operators.js";

export function compileText(clause: TerminalClause, model: FieldModel, env: EvalEnv): Predicate {
  const negated = clause.operator === "!~";
  if (!model.text) {
    fail(
      env,
      "E_UNSUPPORTED_OPERATOR",
      `Field '${model.label}' does not support text search ('${clause.operator}'); use =, != or IN`,
      clause.span,
    );
  }
  const operand = clause.operand!;
  if (operand.kind === "empty") return emptiness(model, !negated);
  if (operand.kind !== "value") {
    fail(
      env,
      "E_BAD_VALUE",
      `'${clause.operator}' takes a text in quotes, not a ${operand.kind}`,
      operand.span,
    );
  }
  const matches = textMatcher(parseTextQuery(operand.value, operand.span, env.source));
  const texts = model.values as (issue: Parameters<Predicate>[0]) => readonly string[];
  if (!negated) return (issue) => texts(issue).some(matches);
  return (issue) => {
    const all = texts(issue);
    return all.length > 0 && !all.some(matches);
  };
}
