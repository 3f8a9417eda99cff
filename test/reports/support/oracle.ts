/**
 * The built-in reports computed directly in SQL, one statement per tool, written from the
 * definitions in docs/reports.md and not from the framework's code: the numbers a report
 * must match. `where` is a predicate over `issues i`.
 */
import type { Sql } from "../../../packages/sidecar/src/db/connect.js";

export interface ExpectedEntity {
  readonly unused: number;
  readonly inWindow: number;
  readonly total: number;
  readonly last: number | null;
}

const USED: Readonly<Record<string, string>> = {
  "unused-custom-fields":
    "SELECT v.field_id AS eid, s.id, s.updated FROM custom_field_values v JOIN s ON s.id = v.issue_id",
  "unused-components":
    "SELECT c.component_id AS eid, s.id, s.updated FROM issue_components c JOIN s ON s.id = c.issue_id",
  "unused-versions": `SELECT DISTINCT x.eid, s.id, s.updated FROM s JOIN (
      SELECT issue_id, version_id AS eid FROM issue_fix_versions
      UNION SELECT issue_id, version_id FROM issue_affected_versions) x ON x.issue_id = s.id`,
  "unused-statuses": "SELECT s.status_id AS eid, s.id, s.updated FROM s",
};

function candidates(tool: string, projects: string): string {
  if (tool === "unused-custom-fields") return "SELECT id FROM custom_fields";
  if (tool === "unused-statuses") return "SELECT id FROM statuses";
  const table = tool === "unused-components" ? "components" : "versions";
  return `SELECT id FROM ${table} WHERE ${projects}`;
}

/** Status transitions count as uses at their instant (from and to). */
const TRANSITIONS = `SELECT x.v::int AS eid, max(c.at) AS at
  FROM issue_changes c JOIN s ON s.id = c.issue_id CROSS JOIN LATERAL (VALUES (c.from_value), (c.to_value)) x(v)
  WHERE c.field = 'status' AND x.v IS NOT NULL GROUP BY 1`;

export async function expectedReport(
  sql: Sql,
  tool: string,
  scope: { readonly where: string; readonly projects: string },
  asOf: string,
  days: number,
): Promise<{ entities: Map<string, ExpectedEntity>; issues: number; inWindow: number }> {
  const cutoff = new Date(Date.parse(asOf) - days * 86_400_000);
  const transitions =
    tool === "unused-statuses" ? TRANSITIONS : "SELECT NULL::int AS eid, NULL::timestamptz AS at WHERE false";
  const rows = await sql.unsafe<{ id: string; inWindow: number; total: number; last: number | null }[]>(
    `WITH s AS (SELECT i.id, i.updated, i.status_id FROM issues i WHERE ${scope.where}),
       used AS (${USED[tool]}),
       trans AS (${transitions})
     SELECT e.id::text AS id,
       count(u.id) FILTER (WHERE u.updated >= $1)::int AS "inWindow",
       count(u.id)::int AS total,
       floor(extract(epoch FROM greatest(max(u.updated), (SELECT t.at FROM trans t WHERE t.eid = e.id))) * 1000)::float8 AS last
     FROM (${candidates(tool, scope.projects)}) e LEFT JOIN used u ON u.eid = e.id
     GROUP BY e.id`,
    [cutoff],
  );
  const entities = new Map<string, ExpectedEntity>();
  for (const row of rows) {
    const unused = row.last === null || row.last < cutoff.getTime() ? 1 : 0;
    entities.set(row.id, { unused, inWindow: row.inWindow, total: row.total, last: row.last });
  }
  const [counts] = await sql.unsafe<{ issues: number; inWindow: number }[]>(
    `SELECT count(*)::int AS issues, count(*) FILTER (WHERE i.updated >= $1)::int AS "inWindow" FROM issues i WHERE ${scope.where}`,
    [cutoff],
  );
  return { entities, issues: counts!.issues, inWindow: counts!.inWindow };
}

/** A stored report's rows as the same shape (entity rows only). */
export function entitiesOf(
  rows: readonly { entityType: string; entityId: string; metric: string; value: number }[],
): Map<string, ExpectedEntity> {
  const entities = new Map<
    string,
    { unused: number; inWindow: number; total: number; last: number | null }
  >();
  for (const row of rows) {
    if (row.entityType === "scope") continue;
    const entity = entities.get(row.entityId) ?? { unused: -1, inWindow: -1, total: -1, last: null };
    if (row.metric === "unused") entity.unused = row.value;
    if (row.metric === "issues_in_window") entity.inWindow = row.value;
    if (row.metric === "issues_total") entity.total = row.value;
    if (row.metric === "last_used_at") entity.last = row.value;
    entities.set(row.entityId, entity);
  }
  return entities;
}
