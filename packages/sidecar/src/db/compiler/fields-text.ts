/**
 * Text fields (docs/jql-semantics.md §1, §5): summary, description, environment, comment
 * and text. A text is empty when null or ''. `~` matches when one text matches every term
 * pattern (one array parameter, `~* ALL($n)`; patterns need a word character, so '' never
 * matches); `comment` holds the non-empty bodies of the comments the searcher may see;
 * `text` holds summary, description, environment, every text custom field value and those
 * comments. Summary also gets one pattern on its own (`summary ~* $n`), which the pg_trgm
 * index of migration 0004 can answer.
 */
import type { SystemField } from "@subq/jql";
import type { CompileEnv } from "./env.js";
import type { SqlField, TextTarget } from "./field-model.js";
import { commentVisibleSql } from "./permission-sql.js";
import type { ValueSource } from "./sources.js";

const COLUMNS: Readonly<Record<string, string>> = {
  summary: "i.summary",
  description: "coalesce(i.description, '')",
  environment: "coalesce(i.environment, '')",
};
const CUSTOM_TEXT = "FROM custom_field_values ct WHERE ct.issue_id = i.id AND ct.field_type = 'text'";

/** Has / has no text (`has` is never NULL); text fields take no values, only EMPTY. */
function textSource(has: () => string): ValueSource {
  const never = () => "FALSE";
  return { has, none: () => `NOT (${has()})`, in: never, some: never };
}

function textModel(label: string, has: () => string, text: TextTarget): SqlField {
  return { label, source: textSource(has), functions: [], member: () => "FALSE", text };
}

export function textField(field: SystemField, env: CompileEnv): SqlField | undefined {
  const column = COLUMNS[field.name];
  if (column) {
    const match: TextTarget["match"] = (patterns, anchor) =>
      field.name === "summary"
        ? `(i.summary ~* ${anchor()} AND i.summary ~* ALL(${patterns}))`
        : `${column} ~* ALL(${patterns})`;
    const sortExpr = `NULLIF(${column}, '') COLLATE "C"`;
    return {
      ...textModel(field.name, () => `${column} <> ''`, { match }),
      sort: () => ({ exprs: [sortExpr], joins: [] }),
    };
  }
  const comments = () => `FROM comments c WHERE c.issue_id = i.id AND ${commentVisibleSql(env, "c")}`;
  const commentHas = () => `EXISTS (SELECT 1 ${comments()} AND c.body <> '')`;
  const commentMatch = (patterns: string) => `EXISTS (SELECT 1 ${comments()} AND c.body ~* ALL(${patterns}))`;
  if (field.kind === "comment") return textModel(field.name, commentHas, { match: commentMatch });
  if (field.kind !== "textAll") return undefined;
  const columns = Object.values(COLUMNS);
  const has = () =>
    `(${columns.map((c) => `${c} <> ''`).join(" OR ")} OR EXISTS (SELECT 1 ${CUSTOM_TEXT} AND ct.text_value <> '') OR ${commentHas()})`;
  const match = (patterns: string) =>
    `(${columns.map((c) => `${c} ~* ALL(${patterns})`).join(" OR ")}` +
    ` OR EXISTS (SELECT 1 ${CUSTOM_TEXT} AND ct.text_value ~* ALL(${patterns})) OR ${commentMatch(patterns)})`;
  return textModel(field.name, has, { match });
}
