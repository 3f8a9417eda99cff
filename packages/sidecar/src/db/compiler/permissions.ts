/**
 * The searcher's effective grants (docs/jql-semantics.md §8), computed once per user from
 * the catalog and passed to SQL as array parameters, so the permission predicate is a few
 * `= ANY($n)` tests per row and Stage 2 over 40k ids stays cheap:
 *
 * - browse: projects browsable outright (a holder `anyone`, a group or role of the user,
 *   the user), and projects browsable only as the reporter or assignee;
 * - security levels: held in every project, held in some projects only (role holders are
 *   per project), held as reporter or assignee;
 * - the user's groups and (project, role) pairs, for comment visibility and
 *   projectsWhereUserHasRole().
 *
 * Missing schemes, projects or levels grant nothing (fail closed). An anonymous searcher
 * matches `anyone` holders only. Lists are sorted, so equal grants compare equal.
 */
import type { Catalog, Holder, UserId } from "@subq/jql";

export interface PermissionContext {
  readonly user: UserId | null;
  readonly browse: {
    readonly projects: readonly number[];
    readonly asReporter: readonly number[];
    readonly asAssignee: readonly number[];
  };
  readonly levels: {
    /** Levels held in every project. */
    readonly everywhere: readonly number[];
    /** (level, project) pairs held in that project only, as two parallel lists. */
    readonly inProject: { readonly levels: readonly number[]; readonly projects: readonly number[] };
    readonly asReporter: readonly number[];
    readonly asAssignee: readonly number[];
  };
  readonly groups: readonly string[];
  /** (project, role) pairs the user holds, directly or through a group, as two parallel lists. */
  readonly roles: { readonly projects: readonly number[]; readonly roles: readonly number[] };
}

interface Grant {
  readonly wide: boolean;
  readonly reporter: boolean;
  readonly assignee: boolean;
}

export function createPermissionContext(catalog: Catalog, user: UserId | null): PermissionContext {
  const groups =
    user === null ? [] : Object.keys(catalog.groups).filter((g) => catalog.groups[g]!.includes(user));
  const inGroups = new Set(groups);
  const rolePairs = new Set<string>();
  if (user !== null) {
    for (const member of catalog.roleMembers) {
      if (member.user === user || (member.group !== null && inGroups.has(member.group))) {
        rolePairs.add(`${member.projectId}:${member.roleId}`);
      }
    }
  }
  const grant = (holders: readonly Holder[], projectId: number): Grant => {
    let reporter = false;
    let assignee = false;
    for (const holder of holders) {
      const wide =
        holder.type === "anyone" ||
        (holder.type === "group" && inGroups.has(holder.group)) ||
        (holder.type === "role" && rolePairs.has(`${projectId}:${holder.roleId}`)) ||
        (holder.type === "user" && user !== null && holder.user === user);
      if (wide) return { wide: true, reporter, assignee };
      if (holder.type === "reporter") reporter = user !== null;
      if (holder.type === "assignee") assignee = user !== null;
    }
    return { wide: false, reporter, assignee };
  };

  const browse = { projects: [] as number[], asReporter: [] as number[], asAssignee: [] as number[] };
  const schemes = new Map(catalog.permissionSchemes.map((s) => [s.id, s]));
  for (const project of catalog.projects) {
    const scheme = schemes.get(project.permissionSchemeId);
    if (!scheme) continue;
    const g = grant(scheme.browse, project.id);
    if (g.wide) browse.projects.push(project.id);
    else {
      if (g.reporter) browse.asReporter.push(project.id);
      if (g.assignee) browse.asAssignee.push(project.id);
    }
  }

  const levels = {
    everywhere: [] as number[],
    inProject: { levels: [] as number[], projects: [] as number[] },
    asReporter: [] as number[],
    asAssignee: [] as number[],
  };
  for (const level of catalog.securityLevels) {
    const grants = catalog.projects.map((p) => ({ project: p.id, grant: grant(level.holders, p.id) }));
    const wideIn = grants.filter((g) => g.grant.wide).map((g) => g.project);
    if (wideIn.length === catalog.projects.length && wideIn.length > 0) levels.everywhere.push(level.id);
    else
      for (const project of wideIn) {
        levels.inProject.levels.push(level.id);
        levels.inProject.projects.push(project);
      }
    // Without a wide holder, grantOf sees every holder: the flags are those of the whole list.
    // A level held in every project needs none (keeping them out keeps the class user-free).
    if (user === null || levels.everywhere.includes(level.id)) continue;
    if (level.holders.some((h) => h.type === "reporter")) levels.asReporter.push(level.id);
    if (level.holders.some((h) => h.type === "assignee")) levels.asAssignee.push(level.id);
  }

  const pairs = [...rolePairs].map((p) => p.split(":").map(Number) as [number, number]).sort(byPair);
  return {
    user,
    browse: {
      projects: sorted(browse.projects),
      asReporter: sorted(browse.asReporter),
      asAssignee: sorted(browse.asAssignee),
    },
    levels: {
      everywhere: sorted(levels.everywhere),
      inProject: sortedPairs(levels.inProject.levels, levels.inProject.projects),
      asReporter: sorted(levels.asReporter),
      asAssignee: sorted(levels.asAssignee),
    },
    groups: [...groups].sort(),
    roles: { projects: pairs.map((p) => p[0]), roles: pairs.map((p) => p[1]) },
  };
}

/** The projects and levels these grants reach only as reporter or assignee. */
export function personalGrants(context: PermissionContext): {
  readonly projects: readonly number[];
  readonly levels: readonly number[];
} {
  return {
    projects: sorted([...context.browse.asReporter, ...context.browse.asAssignee]),
    levels: sorted([...context.levels.asReporter, ...context.levels.asAssignee]),
  };
}

/**
 * The same grants without those held as reporter or assignee: what every user of the same
 * grants sees alike. Visible under these is visible under the full grants.
 */
export function withoutPersonalGrants(context: PermissionContext): PermissionContext {
  return {
    ...context,
    browse: { ...context.browse, asReporter: [], asAssignee: [] },
    levels: { ...context.levels, asReporter: [], asAssignee: [] },
  };
}

function sorted(values: readonly number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

function byPair(a: readonly [number, number], b: readonly [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}

function sortedPairs(levels: readonly number[], projects: readonly number[]) {
  const pairs = levels.map((level, k) => [level, projects[k]!] as [number, number]).sort(byPair);
  return { levels: pairs.map((p) => p[0]), projects: pairs.map((p) => p[1]) };
}
