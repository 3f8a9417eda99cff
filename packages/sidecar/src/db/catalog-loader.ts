/**
 * Reads a tenant's configuration and permission data into the model `Catalog`
 * (packages/jql/src/model.ts), exactly: every row, ids as numbers, dates as YYYY-MM-DD,
 * instants as epoch ms, lists in id order (holders in grant order).
 */
import type { Catalog, Holder, NamedId } from "@subq/jql";
import type { Queryable } from "./connect.js";

interface HolderRow {
  owner: number;
  holder_type: Holder["type"];
  group_name: string | null;
  role_id: number | null;
  user_id: string | null;
}

/** Epoch milliseconds of a timestamptz column, as a JS number (null stays null). */
export const epochMs = (column: string) => `floor(extract(epoch from ${column}) * 1000)::float8`;

export async function loadCatalog(sql: Queryable): Promise<Catalog> {
  const [projects, categories, issueTypes, statuses, priorities, resolutions] = await Promise.all([
    sql<Catalog["projects"][number][]>`
      SELECT id, key, name, category_id AS "categoryId", type, lead_id AS lead,
             permission_scheme_id AS "permissionSchemeId", security_scheme_id AS "securitySchemeId"
      FROM projects ORDER BY id`,
    sql<NamedId[]>`SELECT id, name FROM project_categories ORDER BY id`,
    sql<Catalog["issueTypes"][number][]>`SELECT id, name, subtask FROM issue_types ORDER BY id`,
    sql<Catalog["statuses"][number][]>`SELECT id, name, category FROM statuses ORDER BY id`,
    sql<Catalog["priorities"][number][]>`SELECT id, name, sequence FROM priorities ORDER BY id`,
    sql<NamedId[]>`SELECT id, name FROM resolutions ORDER BY id`,
  ]);
  const [components, versions, sprints, fields, options] = await Promise.all([
    sql<Catalog["components"][number][]>`
      SELECT id, name, project_id AS "projectId", lead_id AS lead FROM components ORDER BY id`,
    sql<Catalog["versions"][number][]>`
      SELECT id, name, project_id AS "projectId", released, archived, sequence, release_date::text AS "releaseDate"
      FROM versions ORDER BY id`,
    sql.unsafe<Catalog["sprints"][number][]>(
      `SELECT id, name, state, board_id AS "boardId", ${epochMs("start_date")} AS "startDate",
              ${epochMs("end_date")} AS "endDate"
       FROM sprints ORDER BY id`,
    ),
    sql<{ id: number; name: string; type: Catalog["customFields"][number]["type"] }[]>`
      SELECT id, name, type FROM custom_fields ORDER BY id`,
    sql<
      { id: number; name: string; field_id: number }[]
    >`SELECT id, name, field_id FROM custom_field_options ORDER BY id`,
  ]);
  const [users, members, roles, roleMembers, schemes, grants, levels, levelHolders] = await Promise.all([
    sql<
      Catalog["users"][number][]
    >`SELECT id, display_name AS "displayName", email, active FROM users ORDER BY id COLLATE "C"`,
    sql<{ name: string; user_id: string | null }[]>`
      SELECT g.name, m.user_id FROM groups g LEFT JOIN group_members m ON m.group_name = g.name
      ORDER BY g.name COLLATE "C", m.user_id COLLATE "C"`,
    sql<NamedId[]>`SELECT id, name FROM project_roles ORDER BY id`,
    sql<Catalog["roleMembers"][number][]>`
      SELECT project_id AS "projectId", role_id AS "roleId", user_id AS user, group_name AS group
      FROM project_role_members ORDER BY id`,
    sql<{ id: number }[]>`SELECT id FROM permission_schemes ORDER BY id`,
    sql<HolderRow[]>`
      SELECT scheme_id AS owner, holder_type, group_name, role_id, user_id
      FROM permission_grants WHERE permission = 'browse' ORDER BY id`,
    sql<
      { id: number; name: string; scheme_id: number }[]
    >`SELECT id, name, scheme_id FROM issue_security_levels ORDER BY id`,
    sql<HolderRow[]>`
      SELECT level_id AS owner, holder_type, group_name, role_id, user_id
      FROM issue_security_level_holders ORDER BY id`,
  ]);
  const grantsOf = groupBy(grants, (g) => g.owner);
  const holdersOf = groupBy(levelHolders, (h) => h.owner);
  const optionsOf = groupBy(options, (o) => o.field_id);
  return {
    projects: [...projects],
    projectCategories: [...categories],
    issueTypes: [...issueTypes],
    statuses: [...statuses],
    priorities: [...priorities],
    resolutions: [...resolutions],
    components: [...components],
    versions: [...versions],
    sprints: [...sprints],
    customFields: fields.map((f) => ({
      id: f.id,
      name: f.name,
      type: f.type,
      options: (optionsOf.get(f.id) ?? []).map((o) => ({ id: o.id, name: o.name })),
    })),
    users: [...users],
    groups: groupMembers(members),
    roles: [...roles],
    roleMembers: [...roleMembers],
    permissionSchemes: schemes.map((s) => ({ id: s.id, browse: (grantsOf.get(s.id) ?? []).map(toHolder) })),
    securityLevels: levels.map((l) => ({
      id: l.id,
      name: l.name,
      schemeId: l.scheme_id,
      holders: (holdersOf.get(l.id) ?? []).map(toHolder),
    })),
  };
}

function toHolder(row: HolderRow): Holder {
  switch (row.holder_type) {
    case "group":
      return { type: "group", group: row.group_name! };
    case "role":
      return { type: "role", roleId: row.role_id! };
    case "user":
      return { type: "user", user: row.user_id! };
    default:
      return { type: row.holder_type };
  }
}

function groupMembers(rows: readonly { name: string; user_id: string | null }[]): Record<string, string[]> {
  const groups: Record<string, string[]> = {};
  for (const row of rows) {
    const members = groups[row.name] ?? [];
    groups[row.name] = members;
    if (row.user_id !== null) members.push(row.user_id);
  }
  return groups;
}

export function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
