/**
 * The tenant data tables of the schema, in foreign-key order (parents first), and the
 * housekeeping the seed and load commands do on them. Reference data written by the
 * migrations themselves (tenant_settings, status_categories) is not tenant data.
 */
import type { Queryable } from "./connect.js";

export const DATA_TABLES = [
  "users",
  "groups",
  "group_members",
  "project_categories",
  "project_roles",
  "permission_schemes",
  "permission_grants",
  "issue_security_schemes",
  "issue_security_levels",
  "issue_security_level_holders",
  "projects",
  "project_role_members",
  "statuses",
  "issue_types",
  "priorities",
  "resolutions",
  "components",
  "versions",
  "sprints",
  "custom_fields",
  "custom_field_options",
  "issues",
  "issue_components",
  "issue_fix_versions",
  "issue_affected_versions",
  "issue_sprints",
  "issue_watchers",
  "issue_voters",
  "custom_field_values",
  "comments",
  "issue_changes",
] as const;

/** The tables bulk loads fill with many rows per issue (their secondary indexes are rebuilt after). */
export const ISSUE_TABLES: readonly DataTable[] = DATA_TABLES.slice(DATA_TABLES.indexOf("issues"));

export type DataTable = (typeof DATA_TABLES)[number];

/** True when no data table has a row. */
export async function isTenantEmpty(sql: Queryable): Promise<boolean> {
  const probes = DATA_TABLES.map((table) => `EXISTS (SELECT 1 FROM ${table})`).join(" OR ");
  const [row] = await sql.unsafe<{ used: boolean }[]>(`SELECT (${probes}) AS used`);
  return !row?.used;
}

/** Deletes all tenant data (TRUNCATE, identities restarted); settings and schema stay. */
export async function resetTenantData(sql: Queryable): Promise<void> {
  await sql.unsafe(`TRUNCATE ${DATA_TABLES.join(", ")} RESTART IDENTITY`);
}

/** Moves each identity sequence past the largest id, after rows were written with explicit ids. */
export async function syncIdentitySequences(sql: Queryable): Promise<void> {
  const tables = await sql<{ table: string }[]>`
    SELECT c.relname AS table FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    WHERE a.attname = 'id' AND a.attidentity <> '' AND c.relnamespace = 'public'::regnamespace
      AND c.relname = ANY(${[...DATA_TABLES]})
    ORDER BY 1`;
  for (const { table } of tables) {
    await sql.unsafe(
      `SELECT setval(pg_get_serial_sequence('${table}', 'id'), coalesce(max(id), 0) + 1, false) FROM ${table}`,
    );
  }
}
