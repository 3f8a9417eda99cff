/**
 * Models of fields whose values live on the issue row or its link tables: labels, users,
 * counts, instants, the due date, estimates, work ratio and attachments (text fields:
 * fields-text.ts; issue key and parent: fields-issuekey.ts).
 *
 * - Instants travel as ISO timestamps (sql-values.ts), counts and estimates as float8, so
 *   a literal like `2.5` compares as the evaluator's number does.
 * - `workRatio` = ⌊timeSpent × 100 / originalEstimate⌋ in bigint arithmetic (a null
 *   timeSpent is 0); no value when originalEstimate is null or 0.
 * - `watchers` is the number of watchers (never empty), `votes` the stored vote count.
 */
import type { Literal, SystemField } from "@subq/jql";
import type { CompileEnv } from "./env.js";
import {
  durationLiteral,
  instantLiteral,
  memberOf,
  numberLiteral,
  numericOrder,
  type SqlField,
  sortBy,
  type Value,
} from "./field-model.js";
import { arraySort } from "./sorts.js";
import { arraySource, columnSource, linkSource, type ValueSource } from "./sources.js";
import { dateText, instantText } from "./sql-values.js";

const USER_COLUMNS: Readonly<Record<string, string>> = {
  assignee: "assignee_id",
  reporter: "reporter_id",
  creator: "creator_id",
};
const USER_LINKS: Readonly<Record<string, string>> = { watcher: "issue_watchers", voter: "issue_voters" };
const INSTANT_COLUMNS: Readonly<Record<string, readonly [string, boolean]>> = {
  created: ["created", false],
  updated: ["updated", false],
  resolved: ["resolved", true],
  statusCategoryChangedDate: ["status_category_changed", true],
};
const DURATION_COLUMNS: Readonly<Record<string, string>> = {
  originalEstimate: "original_estimate",
  remainingEstimate: "remaining_estimate",
  timeSpent: "time_spent",
};
const WATCHERS = "(SELECT count(*) FROM issue_watchers wc WHERE wc.issue_id = i.id)";
const WORK_RATIO =
  "(CASE WHEN i.original_estimate > 0 THEN coalesce(i.time_spent, 0)::bigint * 100 / i.original_estimate END)";

export function issueField(field: SystemField, env: CompileEnv): SqlField | undefined {
  const label = field.name;
  switch (field.kind) {
    case "labels": {
      const source = arraySource("i.labels", "lb");
      const literal = (lit: Literal) => [lit.value];
      return {
        label,
        source,
        literal,
        functions: [],
        member: memberOf(source, env, "text"),
        sort: arraySort("i.labels", true),
      };
    }
    case "user":
      return userField(field, env);
    case "count":
    case "percent":
    case "duration": {
      const expr =
        field.name === "watchers"
          ? WATCHERS
          : field.name === "workRatio"
            ? WORK_RATIO
            : field.name === "votes"
              ? "i.votes"
              : `i.${DURATION_COLUMNS[field.name]}`;
      const nullable = field.kind !== "count";
      const source = columnSource(expr, nullable);
      const literal = field.kind === "duration" ? durationLiteral : numberLiteral;
      return numeric(label, source, literal, env, sortBy(expr));
    }
    case "datetime": {
      const [column, nullable] = INSTANT_COLUMNS[field.name]!;
      return instantField(label, columnSource(`i.${column}`, nullable), env, sortBy(`i.${column}`));
    }
    case "date":
      return dateField(label, columnSource("i.due", true), env, sortBy("i.due"));
    case "attachments": {
      const source: ValueSource = {
        has: () => "i.attachment_count > 0",
        none: () => "i.attachment_count = 0",
        in: () => "FALSE",
        some: () => "FALSE",
      };
      return { label, source, functions: [], member: () => "FALSE" };
    }
    default:
      return undefined;
  }
}

function userField(field: SystemField, env: CompileEnv): SqlField {
  const column = USER_COLUMNS[field.name];
  const source = column
    ? columnSource(`i.${column}`, true)
    : linkSource(USER_LINKS[field.name]!, "user_id", "lu");
  const history =
    field.name === "assignee" || field.name === "reporter"
      ? { field: field.name, multi: false, current: `i.${column}` }
      : undefined;
  return {
    label: field.name,
    source,
    literal: (lit) => env.catalog.lookup.users(lit.value),
    functions: ["user", "users"],
    member: memberOf(source, env, "text"),
    ...(column ? { sort: sortBy(`i.${column} COLLATE "C"`) } : {}),
    history,
  };
}

function numeric(
  label: string,
  source: ValueSource,
  literal: (lit: Literal) => readonly Value[],
  env: CompileEnv,
  sort: SqlField["sort"],
): SqlField {
  const member = memberOf(source, env, "float8");
  return { label, source, literal, functions: [], member, order: numericOrder(source, env, "float8"), sort };
}

/** An instant-valued field (created, a datetime custom field). */
export function instantField(
  label: string,
  source: ValueSource,
  env: CompileEnv,
  sort: SqlField["sort"],
): SqlField {
  const member = memberOf(source, env, "timestamptz", instantText);
  const order = numericOrder(source, env, "timestamptz", instantText);
  return { label, source, literal: instantLiteral(env), functions: ["instant"], member, order, sort };
}

/** A calendar-date field (due, a date custom field): operands are instants, values dates (operators.ts). */
export function dateField(
  label: string,
  source: ValueSource,
  env: CompileEnv,
  sort: SqlField["sort"],
): SqlField {
  const member = memberOf(source, env, "date", dateText);
  return {
    label,
    source,
    literal: instantLiteral(env),
    functions: ["instant"],
    calendar: true,
    member,
    sort,
  };
}

/** A number-valued custom field. */
export function numberField(
  label: string,
  source: ValueSource,
  env: CompileEnv,
  sort: SqlField["sort"],
): SqlField {
  return numeric(label, source, numberLiteral, env, sort);
}
