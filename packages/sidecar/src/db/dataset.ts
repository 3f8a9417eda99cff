/**
 * Loads a whole tenant into the model `Dataset` (packages/jql/src/model.ts): the catalog,
 * every issue with all its fields, comments with visibility, and the change history.
 * Differential tests compare the SQL compiler with the in-memory evaluator over this, so
 * it is exact: multi-value lists in ascending order (numbers numerically, strings by code
 * unit), labels in stored order, instants as epoch ms, dates as YYYY-MM-DD.
 * It reads everything into memory: meant for test-sized tenants.
 */
import type { ChangeItem, Comment, CustomFieldValue, Dataset, IssueSnapshot } from "@subq/jql";
import { epochMs, groupBy, loadCatalog } from "./catalog-loader.js";
import type { Queryable } from "./connect.js";

export { loadCatalog } from "./catalog-loader.js";

type Row = Record<string, unknown>;
/** The issue columns, aliased to the model's names; lists and custom fields come from other tables. */
type IssueRow = Omit<IssueSnapshot, LinkField | "customFields">;
type Link = { issue: number; value: number | string };

export async function loadDataset(sql: Queryable): Promise<Dataset> {
  const ms = (column: string) => sql.unsafe(epochMs(column));
  const [catalog, issues, links, values, comments, history] = await Promise.all([
    loadCatalog(sql),
    sql<IssueRow[]>`
      SELECT id::float8 AS id, key, project_id AS "projectId", issue_type_id AS "issueTypeId", status_id AS "statusId",
             priority_id AS "priorityId", resolution_id AS "resolutionId", assignee_id AS assignee,
             reporter_id AS reporter, creator_id AS creator, parent_id::float8 AS "parentId", summary, description,
             environment, labels, ${ms("created")} AS created, ${ms("updated")} AS updated,
             ${ms("resolved")} AS resolved, ${ms("status_category_changed")} AS "statusCategoryChanged",
             due::text AS due, original_estimate AS "originalEstimate", remaining_estimate AS "remainingEstimate",
             time_spent AS "timeSpent", security_level_id AS "securityLevelId", votes, attachment_count AS "attachmentCount"
      FROM issues ORDER BY id`,
    loadLinks(sql),
    sql<Row[]>`
      SELECT issue_id::float8 AS issue_id, field_id, field_type, option_id, option_ids, number_value,
             date_value::text AS date_value, ${ms("datetime_value")} AS datetime_value, user_id, text_value, labels
      FROM custom_field_values ORDER BY issue_id, field_id`,
    sql<Row[]>`
      SELECT id::float8 AS id, issue_id::float8 AS issue_id, author_id, body, ${ms("created")} AS created,
             visibility_role_id, visibility_group
      FROM comments ORDER BY id`,
    sql<Row[]>`
      SELECT issue_id::float8 AS issue_id, field, from_value, to_value, author_id, ${ms("at")} AS at
      FROM issue_changes ORDER BY issue_id, at, id`,
  ]);
  const valuesOf = groupBy(values, (v) => v.issue_id as number);
  return {
    catalog,
    issues: issues.map((row) => toIssue(row, links, valuesOf.get(row.id) ?? [])),
    comments: comments.map(toComment),
    history: history.map(toChange),
  };
}

const LINK_TABLES = {
  componentIds: ["issue_components", "component_id"],
  fixVersionIds: ["issue_fix_versions", "version_id"],
  affectedVersionIds: ["issue_affected_versions", "version_id"],
  sprintIds: ["issue_sprints", "sprint_id"],
  watchers: ["issue_watchers", "user_id"],
  voters: ["issue_voters", "user_id"],
} as const;

type LinkField = keyof typeof LINK_TABLES;
type Links = Record<LinkField, Map<number, (number | string)[]>>;

async function loadLinks(sql: Queryable): Promise<Links> {
  const fields = Object.keys(LINK_TABLES) as LinkField[];
  const results = await Promise.all(
    fields.map((field) => {
      const [table, column] = LINK_TABLES[field];
      return sql.unsafe<Link[]>(`SELECT issue_id::float8 AS issue, ${column} AS value FROM ${table}`);
    }),
  );
  const links = {} as Links;
  fields.forEach((field, i) => {
    const byIssue = new Map<number, (number | string)[]>();
    for (const [issue, rows] of groupBy(results[i]!, (r) => r.issue))
      byIssue.set(issue, sortValues(rows.map((r) => r.value)));
    links[field] = byIssue;
  });
  return links;
}

function sortValues<T extends number | string>(values: T[]): T[] {
  return typeof values[0] === "number" ? values.sort((a, b) => (a as number) - (b as number)) : values.sort();
}

function toIssue(row: IssueRow, links: Links, values: readonly Row[]): IssueSnapshot {
  const list = <T>(field: LinkField) => (links[field].get(row.id) ?? []) as T[];
  return {
    ...row,
    componentIds: list<number>("componentIds"),
    fixVersionIds: list<number>("fixVersionIds"),
    affectedVersionIds: list<number>("affectedVersionIds"),
    sprintIds: list<number>("sprintIds"),
    watchers: list<string>("watchers"),
    voters: list<string>("voters"),
    customFields: Object.fromEntries(values.map((v) => [v.field_id as number, customValue(v)])),
  };
}

/** The value of a custom_field_values row, from the column of its type. */
function customValue(v: Row): CustomFieldValue {
  switch (v.field_type) {
    case "select":
      return v.option_id as number;
    case "multiselect":
      return v.option_ids as number[];
    case "number":
      return v.number_value as number;
    case "date":
      return v.date_value as string;
    case "datetime":
      return v.datetime_value as number;
    case "user":
      return v.user_id as string;
    case "text":
      return v.text_value as string;
    default:
      return v.labels as string[];
  }
}

function toComment(r: Row): Comment {
  const role = r.visibility_role_id as number | null;
  const group = r.visibility_group as string | null;
  return {
    id: r.id as number,
    issueId: r.issue_id as number,
    author: r.author_id as string,
    body: r.body as string,
    created: r.created as number,
    visibility:
      role !== null ? { type: "role", roleId: role } : group !== null ? { type: "group", group } : null,
  };
}

function toChange(r: Row): ChangeItem {
  return {
    issueId: r.issue_id as number,
    field: r.field as string,
    from: r.from_value as string | null,
    to: r.to_value as string | null,
    author: r.author_id as string | null,
    at: r.at as number,
  };
}
