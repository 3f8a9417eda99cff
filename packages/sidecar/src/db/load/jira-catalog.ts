/**
 * Builds the model `Catalog` of a Jira dump from its first-pass scan, with a plausible
 * permission setup (the dump has none):
 * - Groups: jira-users (everyone), developers (everyone ever assigned an issue),
 *   administrators (the project leads). Roles Users / Developers / Administrators hold
 *   those groups in every project; a project's lead is its most frequent assignee.
 * - Browse: "Public" (anyone) for every project, as Appcelerator's Jira was public, except
 *   the AC community inbox, whose issues mention privacy settings: "Community inbox"
 *   (Developers, Administrators and the reporter).
 * - One security scheme with an "Internal" level (developers + reporter) on every
 *   project; no issue carries a level, as the dump records none.
 * - A "Flagged" multiselect custom field (option "Impediment"), like Jira's own.
 */
import type { Catalog, Holder, RoleMember } from "@subq/jql";
import type { CatalogNames } from "../catalog-writer.js";
import { ROLE, ROLES } from "../seed/config.js";
import type { JiraScan } from "./jira-scan.js";

export const FLAGGED_FIELD_ID = 10021;
export const IMPEDIMENT_OPTION_ID = 10019;
const PRIVATE_PROJECTS = new Set(["AC"]);
/** Jira's usual priority order, most urgent first; unknown names rank after these. */
const PRIORITY_ORDER = [
  "Blocker",
  "Critical",
  "Highest",
  "High",
  "Major",
  "Medium",
  "Minor",
  "Low",
  "Lowest",
  "Trivial",
  "None",
];

export interface JiraIds {
  readonly status: ReadonlyMap<string, number>;
  readonly issueType: ReadonlyMap<string, number>;
  readonly priority: ReadonlyMap<string, number>;
  readonly resolution: ReadonlyMap<string, number>;
  /** `${projectKey}/${name}` → id, for components and versions. */
  readonly component: ReadonlyMap<string, number>;
  readonly version: ReadonlyMap<string, number>;
}

export interface JiraCatalog {
  readonly catalog: Catalog;
  readonly names: CatalogNames;
  readonly ids: JiraIds;
}

export function buildJiraCatalog(scan: JiraScan): JiraCatalog {
  const byId = <T extends { id: number }>(items: T[]) => items.sort((a, b) => a.id - b.id);
  const categories = scan.categories.map((name, i) => ({ id: i + 1, name }));
  const issueTypes = [...scan.issueTypes].map(([name, subtask], i) => ({ id: i + 1, name, subtask }));
  const statuses = [...scan.statuses].map(([name, category], i) => ({ id: i + 1, name, category }));
  const priorities = scan.priorities.map((name, i) => ({ id: i + 1, name, sequence: priorityRank(name, i) }));
  const resolutions = scan.resolutions.map((name, i) => ({ id: i + 1, name }));
  const leads = new Map([...scan.assigneeCounts].map(([key, counts]) => [key, mostFrequent(counts)]));
  const projects = byId(
    scan.projects.map((p) => ({
      id: Number(p.id),
      key: p.key,
      name: p.name,
      categoryId: categories.find((c) => c.name === scan.projectCategory.get(p.key))?.id ?? null,
      type: "software" as const,
      lead: leads.get(p.key) ?? null,
      permissionSchemeId: PRIVATE_PROJECTS.has(p.key) ? 2 : 1,
      securitySchemeId: 1,
    })),
  );
  const components = scan.projects.flatMap((p) =>
    p.components.map((c) => ({
      id: Number(c.id),
      projectId: Number(p.id),
      name: c.name,
      lead: null,
      key: `${p.key}/${c.name}`,
    })),
  );
  const versions = scan.projects.flatMap((p) =>
    p.versions.map((v, i) => ({
      id: Number(v.id),
      projectId: Number(p.id),
      name: v.name,
      released: v.released,
      archived: v.archived,
      sequence: i + 1,
      releaseDate: v.releaseDate,
      key: `${p.key}/${v.name}`,
    })),
  );
  const users = [...scan.users].sort();
  const developers = [...scan.assignees].sort();
  const administrators = [...new Set(projects.map((p) => p.lead).filter((u) => u !== null))].sort();
  const role = (roleId: number): Holder => ({ type: "role", roleId });
  const catalog: Catalog = {
    projects,
    projectCategories: categories,
    issueTypes,
    statuses,
    priorities,
    resolutions,
    components: byId(components.map(({ key: _, ...c }) => c)),
    versions: byId(versions.map(({ key: _, ...v }) => v)),
    sprints: byId(
      [...scan.sprints.values()].map((s) => ({
        id: s.id,
        name: s.name,
        state: s.state,
        boardId: s.board_id,
        startDate: s.start === null ? null : Date.parse(s.start),
        endDate: s.end === null ? null : Date.parse(s.end),
      })),
    ),
    customFields: [
      {
        id: FLAGGED_FIELD_ID,
        name: "Flagged",
        type: "multiselect",
        options: [{ id: IMPEDIMENT_OPTION_ID, name: "Impediment" }],
      },
    ],
    users: users.map((id) => ({ id, displayName: id, email: null, active: true })),
    groups: { administrators, developers, "jira-users": users },
    roles: ROLES,
    roleMembers: projects.flatMap((p): RoleMember[] => [
      ...(p.lead === null
        ? []
        : [{ projectId: p.id, roleId: ROLE.administrators, user: p.lead, group: null }]),
      { projectId: p.id, roleId: ROLE.administrators, user: null, group: "administrators" },
      { projectId: p.id, roleId: ROLE.developers, user: null, group: "developers" },
      { projectId: p.id, roleId: ROLE.users, user: null, group: "jira-users" },
    ]),
    permissionSchemes: [
      { id: 1, browse: [{ type: "anyone" }] },
      { id: 2, browse: [role(ROLE.developers), role(ROLE.administrators), { type: "reporter" }] },
    ],
    securityLevels: [
      {
        id: 10000,
        schemeId: 1,
        name: "Internal",
        holders: [{ type: "group", group: "developers" }, { type: "reporter" }],
      },
    ],
  };
  const names: CatalogNames = {
    permissionSchemes: { 1: "Public", 2: "Community inbox" },
    securitySchemes: { 1: "Appcelerator security" },
  };
  const ids: JiraIds = {
    status: new Map(statuses.map((s) => [s.name, s.id])),
    issueType: new Map(issueTypes.map((t) => [t.name, t.id])),
    priority: new Map(priorities.map((p) => [p.name, p.id])),
    resolution: new Map(resolutions.map((r) => [r.name, r.id])),
    component: new Map(components.map((c) => [c.key, c.id])),
    version: new Map(versions.map((v) => [v.key, v.id])),
  };
  return { catalog, names, ids };
}

/** Known names by Jira's order; unknown ones after them, by first appearance (ranks stay unique). */
function priorityRank(name: string, appearance: number): number {
  const known = PRIORITY_ORDER.indexOf(name);
  return known >= 0 ? known + 1 : PRIORITY_ORDER.length + 1 + appearance;
}

function mostFrequent(counts: ReadonlyMap<string, number>): string | null {
  let best: string | null = null;
  let bestCount = 0;
  for (const [user, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== null && user < best)) {
      best = user;
      bestCount = count;
    }
  }
  return best;
}
