/**
 * One issue as the model's IssueSnapshot (packages/jql model.ts), read in one statement
 * inside the writer's transaction: what an application that just changed an issue would
 * put in its event, so the sidecar can patch member sets without querying. Shapes follow
 * db/dataset.ts: ids as numbers, lists ascending, instants as epoch ms, dates YYYY-MM-DD.
 */
import type { CustomFieldValue, IssueSnapshot } from "../../packages/jql/src/index.js";
import type { Queryable } from "../../packages/sidecar/src/db/index.js";

const ms = (column: string) => `floor(extract(epoch from ${column}) * 1000)::float8`;
const ids = (table: string, column: string, type = "float8") =>
  `coalesce((SELECT array_agg(${column}::${type} ORDER BY ${column}) FROM ${table} WHERE issue_id = i.id), '{}')`;

const SNAPSHOT_SQL = `
  SELECT i.id::float8 AS id, i.key, i.project_id AS "projectId", i.issue_type_id AS "issueTypeId",
         i.status_id AS "statusId", i.priority_id AS "priorityId", i.resolution_id AS "resolutionId",
         i.assignee_id AS assignee, i.reporter_id AS reporter, i.creator_id AS creator,
         i.parent_id::float8 AS "parentId", i.summary, i.description, i.environment, i.labels,
         ${ms("i.created")} AS created, ${ms("i.updated")} AS updated, ${ms("i.resolved")} AS resolved,
         ${ms("i.status_category_changed")} AS "statusCategoryChanged", i.due::text AS due,
         i.original_estimate AS "originalEstimate", i.remaining_estimate AS "remainingEstimate",
         i.time_spent AS "timeSpent", i.security_level_id AS "securityLevelId", i.votes,
         i.attachment_count AS "attachmentCount",
         ${ids("issue_components", "component_id")} AS "componentIds",
         ${ids("issue_fix_versions", "version_id")} AS "fixVersionIds",
         ${ids("issue_affected_versions", "version_id")} AS "affectedVersionIds",
         ${ids("issue_sprints", "sprint_id")} AS "sprintIds",
         ${ids("issue_watchers", "user_id", "text")} AS watchers,
         ${ids("issue_voters", "user_id", "text")} AS voters,
         coalesce((SELECT json_agg(json_build_object('f', field_id, 't', field_type, 'o', option_id,
                     'os', option_ids, 'n', number_value, 'd', date_value::text, 'dt', ${ms("datetime_value")},
                     'u', user_id, 'x', text_value, 'l', labels))
                     FROM custom_field_values WHERE issue_id = i.id), '[]') AS custom
    FROM issues i WHERE i.id = $1`;

interface CustomRow {
  f: number;
  t: string;
  o: number | null;
  os: number[] | null;
  n: number | null;
  d: string | null;
  dt: number | null;
  u: string | null;
  x: string | null;
  l: string[] | null;
}

function customValue(v: CustomRow): CustomFieldValue {
  switch (v.t) {
    case "select":
      return v.o!;
    case "multiselect":
      return v.os!;
    case "number":
      return v.n!;
    case "date":
      return v.d!;
    case "datetime":
      return v.dt!;
    case "user":
      return v.u!;
    case "text":
      return v.x!;
    default:
      return v.l!;
  }
}

export async function readSnapshot(tx: Queryable, issueId: number): Promise<IssueSnapshot> {
  const [row] = await tx.unsafe(SNAPSHOT_SQL, [issueId]);
  if (!row) throw new Error(`issue ${issueId} not found`);
  const { custom, ...issue } = row as unknown as Record<string, unknown> & { custom: CustomRow[] };
  return {
    ...(issue as unknown as Omit<IssueSnapshot, "customFields">),
    customFields: Object.fromEntries(custom.map((v) => [v.f, customValue(v)])),
  };
}
