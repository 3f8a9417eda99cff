/**
 * The built-in tools: unused custom fields, statuses, components and versions of a scope.
 * Each is a presence report (presence.ts) that only says what an issue holds, which
 * entities are candidates, and how a sentence names the use.
 */
import type { Queryable } from "../../db/connect.js";
import type { AnyReportTool } from "../contract/contract.js";
import type { ResolvedScope } from "../contract/scope.js";
import { type Candidate, presenceTool } from "./presence.js";

const quoted = (name: string) => `'${name}'`;

export const unusedCustomFields = presenceTool({
  name: "unused-custom-fields",
  description: "custom fields no issue in scope has had a value for in the window",
  entityType: "custom_field",
  key: "cf",
  facets: ["customFields"],
  held: (issue) => issue.customFieldIds,
  candidates: async (db) =>
    (await db<{ id: number; name: string }[]>`SELECT id, name FROM custom_fields ORDER BY id`).map((row) => ({
      id: row.id,
      label: quoted(row.name),
    })),
  phrase: (field) => `had a value for ${field.label}`,
});

export const unusedStatuses = presenceTool({
  name: "unused-statuses",
  description: "statuses no issue in scope has been in (held when updated, or entered or left) in the window",
  entityType: "status",
  key: "st",
  facets: ["statusChanges"],
  held: (issue) => [issue.statusId],
  *usedAt(issue) {
    for (const change of issue.statusChanges) {
      if (change.from !== null) yield [change.from, change.atMs] as const;
      if (change.to !== null) yield [change.to, change.atMs] as const;
    }
  },
  candidates: async (db) =>
    (await db<{ id: number; name: string }[]>`SELECT id, name FROM statuses ORDER BY id`).map((row) => ({
      id: row.id,
      label: quoted(row.name),
    })),
  phrase: (status) => `been in status ${status.label}`,
});

export const unusedComponents = presenceTool({
  name: "unused-components",
  description: "components of the scope's projects that no issue in scope has had in the window",
  entityType: "component",
  key: "co",
  facets: ["components"],
  held: (issue) => issue.componentIds,
  candidates: (db, scope, seen) => projectEntities(db, "components", scope, seen),
  phrase: (component) => `had component ${component.label}`,
});

export const unusedVersions = presenceTool({
  name: "unused-versions",
  description:
    "versions of the scope's projects that no issue in scope has had as fix or affected version in the window",
  entityType: "version",
  key: "ve",
  facets: ["versions"],
  held: (issue) => [...issue.fixVersionIds, ...issue.affectedVersionIds],
  candidates: (db, scope, seen) => projectEntities(db, "versions", scope, seen),
  phrase: (version) => `had version ${version.label} as fix or affected version`,
});

export function builtInTools(): AnyReportTool[] {
  return [unusedCustomFields, unusedStatuses, unusedComponents, unusedVersions];
}

/**
 * Components or versions of the scope's projects: the project of a project scope, every
 * project for the tenant, the projects the scanned issues are in for a JQL scope.
 */
async function projectEntities(
  db: Queryable,
  table: "components" | "versions",
  scope: ResolvedScope,
  seen: readonly number[],
): Promise<Candidate[]> {
  const projects = scope.projectIds ?? (scope.kind === "tenant" ? null : seen);
  const rows = await db.unsafe<{ id: number; name: string; key: string }[]>(
    `SELECT e.id, e.name, p.key FROM ${table} e JOIN projects p ON p.id = e.project_id
     WHERE $1::int[] IS NULL OR e.project_id = ANY($1::int[]) ORDER BY e.id`,
    [projects as never],
  );
  const single = scope.kind === "project";
  return rows.map((row) => ({
    id: row.id,
    label: single ? quoted(row.name) : `${quoted(row.name)} (project ${row.key})`,
  }));
}
