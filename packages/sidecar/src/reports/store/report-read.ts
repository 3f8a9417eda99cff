/** Reading stored reports: a report's head and rows, and every head of a tenant (scheduler). */
import type { Queryable } from "../../db/connect.js";

export interface StoredHead {
  readonly tool: string;
  readonly scope: string;
  readonly runId: string;
  readonly computedAt: Date;
  readonly rowCount: number;
}

export interface StoredRow {
  readonly entityType: string;
  readonly entityId: string;
  readonly metric: string;
  readonly value: number;
  readonly note: string | null;
}

/** A stored report's head with the activity marks of the run that made it. */
export interface HeadWithMarks extends StoredHead {
  readonly params: Readonly<Record<string, unknown>>;
  readonly scopeProjects: readonly number[] | null;
  readonly readsMark: number;
  readonly changesMark: number;
}

const HEAD_SELECT = `SELECT h.tool, h.scope, h.run_id::text AS "runId", h.computed_at AS "computedAt",
    h.row_count AS "rowCount", r.params, r.scope_projects AS "scopeProjects",
    r.reads_mark::float8 AS "readsMark", r.changes_mark::float8 AS "changesMark"
  FROM report_heads h JOIN report_runs r ON r.id = h.run_id`;

export async function readHead(
  db: Queryable,
  key: { readonly tenant: string; readonly tool: string; readonly scope: string },
): Promise<HeadWithMarks | null> {
  const [head] = await db.unsafe<HeadWithMarks[]>(
    `${HEAD_SELECT} WHERE h.tenant = $1 AND h.tool = $2 AND h.scope = $3`,
    [key.tenant, key.tool, key.scope],
  );
  return head ?? null;
}

/** The rows of the stored report, in a stable order (entity, then metric). */
export async function readRows(
  db: Queryable,
  key: { readonly tenant: string; readonly tool: string; readonly scope: string },
): Promise<StoredRow[]> {
  return db<StoredRow[]>`
    SELECT entity_type AS "entityType", entity_id AS "entityId", metric, value, note
    FROM report_values WHERE tenant = ${key.tenant} AND tool = ${key.tool} AND scope = ${key.scope}
    ORDER BY entity_type, entity_id, metric`;
}

/** Every stored report of the tenant (the scheduler's candidates). */
export async function listHeads(db: Queryable, tenant: string): Promise<HeadWithMarks[]> {
  return db.unsafe<HeadWithMarks[]>(`${HEAD_SELECT} WHERE h.tenant = $1 ORDER BY h.tool, h.scope`, [tenant]);
}
