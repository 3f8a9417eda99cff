/**
 * Writes model issues, comments and change items (packages/jql/src/model.ts) in batches:
 * the inverse of dataset.ts. Callers add objects and flush every few thousand issues;
 * a flush writes the issue rows before the rows that reference them.
 */
import type { ChangeItem, Comment, CustomField, CustomFieldType, IssueSnapshot, Project } from "@subq/jql";
import { type Column, ColumnBatch, type ColumnType } from "./bulk-insert.js";
import { isoOrNull } from "./catalog-writer.js";
import type { Queryable } from "./connect.js";

const col = (name: string, type: ColumnType): Column => ({ name, type });

const ISSUE_COLUMNS: Column[] = [
  col("id", "int8"),
  col("key", "text"),
  col("project_id", "int4"),
  col("number", "int4"),
  col("issue_type_id", "int4"),
  col("status_id", "int4"),
  col("priority_id", "int4"),
  col("resolution_id", "int4"),
  col("assignee_id", "text"),
  col("reporter_id", "text"),
  col("creator_id", "text"),
  col("parent_id", "int8"),
  col("summary", "text"),
  col("description", "text"),
  col("environment", "text"),
  col("labels", "text[]"),
  col("created", "timestamptz"),
  col("updated", "timestamptz"),
  col("resolved", "timestamptz"),
  col("status_category_changed", "timestamptz"),
  col("due", "date"),
  col("original_estimate", "int4"),
  col("remaining_estimate", "int4"),
  col("time_spent", "int4"),
  col("security_level_id", "int4"),
  col("votes", "int4"),
  col("attachment_count", "int4"),
];

/** The custom_field_values column holding each type's value. */
const VALUE_COLUMN: Record<CustomFieldType, Column> = {
  select: col("option_id", "int4"),
  multiselect: col("option_ids", "int4[]"),
  number: col("number_value", "float8"),
  date: col("date_value", "date"),
  datetime: col("datetime_value", "timestamptz"),
  user: col("user_id", "text"),
  text: col("text_value", "text"),
  labels: col("labels", "text[]"),
};
const VALUE_COLUMNS = Object.values(VALUE_COLUMN);

const link = (table: string, column: string, type: ColumnType) =>
  new ColumnBatch(table, [col("issue_id", "int8"), col(column, type)]);

export class IssueWriter {
  readonly #fieldTypes: ReadonlyMap<number, CustomFieldType>;
  readonly #projectKeys: ReadonlyMap<number, string>;
  readonly #issues = new ColumnBatch("issues", ISSUE_COLUMNS);
  readonly #components = link("issue_components", "component_id", "int4");
  readonly #fixVersions = link("issue_fix_versions", "version_id", "int4");
  readonly #affectedVersions = link("issue_affected_versions", "version_id", "int4");
  readonly #sprints = link("issue_sprints", "sprint_id", "int4");
  readonly #watchers = link("issue_watchers", "user_id", "text");
  readonly #voters = link("issue_voters", "user_id", "text");
  readonly #values = new ColumnBatch("custom_field_values", [
    col("issue_id", "int8"),
    col("field_id", "int4"),
    col("field_type", "text"),
    ...VALUE_COLUMNS,
  ]);
  readonly #comments = new ColumnBatch("comments", [
    col("id", "int8"),
    col("issue_id", "int8"),
    col("author_id", "text"),
    col("body", "text"),
    col("created", "timestamptz"),
    col("visibility_role_id", "int4"),
    col("visibility_group", "text"),
  ]);
  readonly #changes = new ColumnBatch("issue_changes", [
    col("issue_id", "int8"),
    col("field", "text"),
    col("from_value", "text"),
    col("to_value", "text"),
    col("author_id", "text"),
    col("at", "timestamptz"),
  ]);

  constructor(customFields: readonly CustomField[], projects: readonly Project[]) {
    this.#fieldTypes = new Map(customFields.map((f) => [f.id, f.type]));
    this.#projectKeys = new Map(projects.map((p) => [p.id, p.key]));
  }

  /** Rows of all tables added since the last flush. */
  get pendingRows(): number {
    return this.#batches().reduce((sum, batch) => sum + batch.size, 0);
  }

  addIssue(issue: IssueSnapshot): void {
    const i = issue;
    this.#issues.push(
      ...[
        i.id,
        i.key,
        i.projectId,
        this.#issueNumber(i),
        i.issueTypeId,
        i.statusId,
        i.priorityId,
        i.resolutionId,
      ],
      ...[i.assignee, i.reporter, i.creator, i.parentId, i.summary, i.description, i.environment, i.labels],
      ...[
        isoOrNull(i.created),
        isoOrNull(i.updated),
        isoOrNull(i.resolved),
        isoOrNull(i.statusCategoryChanged),
        i.due,
      ],
      ...[
        i.originalEstimate,
        i.remainingEstimate,
        i.timeSpent,
        i.securityLevelId,
        i.votes,
        i.attachmentCount,
      ],
    );
    for (const id of i.componentIds) this.#components.push(i.id, id);
    for (const id of i.fixVersionIds) this.#fixVersions.push(i.id, id);
    for (const id of i.affectedVersionIds) this.#affectedVersions.push(i.id, id);
    for (const id of i.sprintIds) this.#sprints.push(i.id, id);
    for (const user of i.watchers) this.#watchers.push(i.id, user);
    for (const user of i.voters) this.#voters.push(i.id, user);
    for (const [fieldId, value] of Object.entries(i.customFields))
      this.#addValue(i.id, Number(fieldId), value);
  }

  addComment(c: Comment): void {
    const role = c.visibility?.type === "role" ? c.visibility.roleId : null;
    const group = c.visibility?.type === "group" ? c.visibility.group : null;
    this.#comments.push(c.id, c.issueId, c.author, c.body, isoOrNull(c.created), role, group);
  }

  addChange(c: ChangeItem): void {
    this.#changes.push(c.issueId, c.field, c.from, c.to, c.author, isoOrNull(c.at));
  }

  /**
   * Writes everything added so far, parents first. The statements are queued in order, so
   * `sql` must be one connection (a transaction or a reserved connection), not a pool.
   */
  async flush(sql: Queryable): Promise<void> {
    await Promise.all(this.#batches().map((batch) => batch.flush(sql)));
  }

  /** All batches, parents first. */
  #batches(): ColumnBatch[] {
    const links = [
      this.#components,
      this.#fixVersions,
      this.#affectedVersions,
      this.#sprints,
      this.#watchers,
      this.#voters,
    ];
    return [this.#issues, ...links, this.#values, this.#comments, this.#changes];
  }

  #issueNumber(issue: IssueSnapshot): number {
    const prefix = `${this.#projectKeys.get(issue.projectId)}-`;
    const number = Number(issue.key.slice(prefix.length));
    if (!issue.key.startsWith(prefix) || !Number.isInteger(number) || number <= 0) {
      throw new TypeError(
        `issue ${issue.id}: key ${issue.key} does not match its project (expected ${prefix}<number>)`,
      );
    }
    return number;
  }

  #addValue(issueId: number, fieldId: number, value: unknown): void {
    const type = this.#fieldTypes.get(fieldId);
    if (!type) throw new TypeError(`issue ${issueId}: unknown custom field ${fieldId}`);
    if (Array.isArray(value) && value.length === 0) return; // empty multi-value = no row
    const target = VALUE_COLUMN[type];
    const stored = type === "datetime" ? isoOrNull(value as number) : value;
    this.#values.push(issueId, fieldId, type, ...VALUE_COLUMNS.map((c) => (c === target ? stored : null)));
  }
}
