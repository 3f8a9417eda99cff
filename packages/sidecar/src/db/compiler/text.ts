/**
 * `~` and `!~` (docs/jql-semantics.md §1, §5): the text query is parsed by the shared
 * term parser of @subq/jql and turned into one Postgres ARE per term
 * (`textQueryToPostgresPatterns`), passed as ONE array parameter: `f ~ t` when some text
 * of f matches all of them (`~* ALL($n)`), `f !~ t` when f has a text and none matches.
 * `~ EMPTY` / `!~ EMPTY` are IS EMPTY / IS NOT EMPTY. Errors as the evaluator's text.ts, and
 * one more: a text query beyond MAX_TERMS terms or MAX_TERM_LENGTH characters in a term
 * is E_BAD_VALUE (the evaluator has no such bound; docs/sql-compiler.md).
 */
import { parseTextQuery, type TerminalClause, textQueryToPostgresPatterns } from "@subq/jql";
import type { CompileEnv } from "./env.js";
import type { SqlField } from "./field-model.js";
import { emptinessSql } from "./operators.js";

/**
 * Bounds on what reaches Postgres: planning a `~*` estimates its selectivity with the
 * pattern, which took 0.25 s for a 10 000-character term and over 20 s for 100 000; a row
 * compiles its patterns again once more than 32 are in use (Postgres caches 32).
 */
export const MAX_TERMS = 16;
export const MAX_TERM_LENGTH = 1000;

export function compileText(clause: TerminalClause, model: SqlField, env: CompileEnv): string {
  const negated = clause.operator === "!~";
  if (!model.text) {
    env.fail(
      "E_UNSUPPORTED_OPERATOR",
      `Field '${model.label}' does not support text search ('${clause.operator}'); use =, != or IN`,
      clause.span,
    );
  }
  const operand = clause.operand!;
  if (operand.kind === "empty") return emptinessSql(model, !negated);
  if (operand.kind !== "value") {
    env.fail(
      "E_BAD_VALUE",
      `'${clause.operator}' takes a text in quotes, not a ${operand.kind}`,
      operand.span,
    );
  }
  const terms = parseTextQuery(operand.value, operand.span, env.source);
  const longest = Math.max(...terms.map((t) => t.words.join(" ").length));
  if (terms.length > MAX_TERMS || longest > MAX_TERM_LENGTH) {
    env.fail(
      "E_BAD_VALUE",
      `Text search takes at most ${MAX_TERMS} terms of at most ${MAX_TERM_LENGTH} characters each ` +
        `(this one has ${terms.length}, the longest ${longest} characters)`,
      operand.span,
    );
  }
  const patterns = textQueryToPostgresPatterns(terms);
  const list = env.params.list(patterns, "text");
  // The longest pattern (most selective) once more on its own, for a trigram index to use.
  const anchor = () =>
    env.params.one(
      patterns.reduce((a, b) => (b.length > a.length ? b : a)),
      "text",
    );
  const match = model.text.match(list, anchor);
  return negated ? `(${model.source.has()} AND NOT (${match}))` : match;
}
