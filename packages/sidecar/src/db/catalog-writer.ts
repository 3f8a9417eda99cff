/**
 * Writes a model `Catalog` (packages/jql/src/model.ts) into an empty tenant: the inverse
 * of catalog-loader.ts, shared by the synthetic seed and the real-data load so both
 * produce the same shape. Ids are written explicitly, so holder order survives.
 */
import type { Catalog, Holder } from "@subq/jql";
import { type Column, ColumnBatch } from "./bulk-insert.js";
import type { Queryable } from "./connect.js";

/** Names the model does not carry (schemes are referenced by id only). */
export interface CatalogNames {
  readonly permissionSchemes?: Readonly<Record<number, string>>;
  readonly securitySchemes?: Readonly<Record<number, string>>;
}

const int = (name: string): Column => ({ name, type: "int4" });
const text = (name: string): Column => ({ name, type: "text" });
const bool = (name: string): Column => ({ name, type: "bool" });
const HOLDER_COLUMNS = [text("holder_type"), text("group_name"), int("role_id"), text("user_id")];

export async function writeCatalog(
  sql: Queryable,
  catalog: Catalog,
  names: CatalogNames = {},
): Promise<void> {
  const batches = [
    users(catalog),
    ...groups(catalog),
    rows("project_categories", [int("id"), text("name")], catalog.projectCategories, (c) => [c.id, c.name]),
    rows("project_roles", [int("id"), text("name")], catalog.roles, (r) => [r.id, r.name]),
    rows("permission_schemes", [int("id"), text("name")], catalog.permissionSchemes, (s) => [
      s.id,
      names.permissionSchemes?.[s.id] ?? `Permission scheme ${s.id}`,
    ]),
    permissionGrants(catalog),
    rows("issue_security_schemes", [int("id"), text("name")], securitySchemeIds(catalog), (id) => [
      id,
      names.securitySchemes?.[id] ?? `Security scheme ${id}`,
    ]),
    rows(
      "issue_security_levels",
      [int("id"), int("scheme_id"), text("name")],
      catalog.securityLevels,
      (l) => [l.id, l.schemeId, l.name],
    ),
    securityHolders(catalog),
    rows(
      "projects",
      [
        int("id"),
        text("key"),
        text("name"),
        int("category_id"),
        text("type"),
        text("lead_id"),
        int("permission_scheme_id"),
        int("security_scheme_id"),
      ],
      catalog.projects,
      (p) => [p.id, p.key, p.name, p.categoryId, p.type, p.lead, p.permissionSchemeId, p.securitySchemeId],
    ),
    rows(
      "project_role_members",
      [int("id"), int("project_id"), int("role_id"), text("user_id"), text("group_name")],
      catalog.roleMembers,
      (m, i) => [i + 1, m.projectId, m.roleId, m.user, m.group],
    ),
    rows("statuses", [int("id"), text("name"), text("category")], catalog.statuses, (s) => [
      s.id,
      s.name,
      s.category,
    ]),
    rows("issue_types", [int("id"), text("name"), bool("subtask")], catalog.issueTypes, (t) => [
      t.id,
      t.name,
      t.subtask,
    ]),
    rows("priorities", [int("id"), text("name"), int("sequence")], catalog.priorities, (p) => [
      p.id,
      p.name,
      p.sequence,
    ]),
    rows("resolutions", [int("id"), text("name")], catalog.resolutions, (r) => [r.id, r.name]),
    rows(
      "components",
      [int("id"), int("project_id"), text("name"), text("lead_id")],
      catalog.components,
      (c) => [c.id, c.projectId, c.name, c.lead],
    ),
    rows(
      "versions",
      [
        int("id"),
        int("project_id"),
        text("name"),
        bool("released"),
        bool("archived"),
        int("sequence"),
        { name: "release_date", type: "date" },
      ],
      catalog.versions,
      (v) => [v.id, v.projectId, v.name, v.released, v.archived, v.sequence, v.releaseDate],
    ),
    rows(
      "sprints",
      [
        int("id"),
        text("name"),
        text("state"),
        int("board_id"),
        { name: "start_date", type: "timestamptz" },
        { name: "end_date", type: "timestamptz" },
      ],
      catalog.sprints,
      (s) => [s.id, s.name, s.state, s.boardId, isoOrNull(s.startDate), isoOrNull(s.endDate)],
    ),
    rows("custom_fields", [int("id"), text("name"), text("type")], catalog.customFields, (f) => [
      f.id,
      f.name,
      f.type,
    ]),
    rows(
      "custom_field_options",
      [int("id"), int("field_id"), text("name")],
      catalog.customFields.flatMap((f) => f.options.map((o) => ({ field: f.id, ...o }))),
      (o) => [o.id, o.field, o.name],
    ),
  ];
  // Parents first: the batches are in foreign-key order.
  for (const batch of batches) await batch.flush(sql);
}

function rows<T>(
  table: string,
  columns: Column[],
  items: readonly T[],
  row: (item: T, index: number) => unknown[],
): ColumnBatch {
  const batch = new ColumnBatch(table, columns);
  items.forEach((item, index) => {
    batch.push(...row(item, index));
  });
  return batch;
}

function users(catalog: Catalog): ColumnBatch {
  return rows(
    "users",
    [text("id"), text("display_name"), text("email"), bool("active")],
    catalog.users,
    (u) => [u.id, u.displayName, u.email, u.active],
  );
}

function groups(catalog: Catalog): ColumnBatch[] {
  const entries = Object.entries(catalog.groups);
  return [
    rows("groups", [text("name")], entries, ([name]) => [name]),
    rows(
      "group_members",
      [text("group_name"), text("user_id")],
      entries.flatMap(([name, members]) => members.map((user) => [name, user] as const)),
      ([name, user]) => [name, user],
    ),
  ];
}

function holderValues(holder: Holder): unknown[] {
  return [
    holder.type,
    holder.type === "group" ? holder.group : null,
    holder.type === "role" ? holder.roleId : null,
    holder.type === "user" ? holder.user : null,
  ];
}

function permissionGrants(catalog: Catalog): ColumnBatch {
  const grants = catalog.permissionSchemes.flatMap((s) =>
    s.browse.map((holder) => ({ scheme: s.id, holder })),
  );
  return rows("permission_grants", [int("id"), int("scheme_id"), ...HOLDER_COLUMNS], grants, (g, i) => [
    i + 1,
    g.scheme,
    ...holderValues(g.holder),
  ]);
}

function securityHolders(catalog: Catalog): ColumnBatch {
  const holders = catalog.securityLevels.flatMap((l) => l.holders.map((holder) => ({ level: l.id, holder })));
  return rows(
    "issue_security_level_holders",
    [int("id"), int("level_id"), ...HOLDER_COLUMNS],
    holders,
    (h, i) => [i + 1, h.level, ...holderValues(h.holder)],
  );
}

function securitySchemeIds(catalog: Catalog): number[] {
  const ids = new Set<number>(catalog.securityLevels.map((l) => l.schemeId));
  for (const p of catalog.projects) if (p.securitySchemeId !== null) ids.add(p.securitySchemeId);
  return [...ids].sort((a, b) => a - b);
}

export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
