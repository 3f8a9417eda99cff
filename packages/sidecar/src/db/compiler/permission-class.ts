/**
 * Permission classes (docs/sql-compiler.md "Permissions"): users whose effective grants
 * are identical see the same issues and comments, so a Stage 2 answer computed for one
 * may be served to the others, never across classes. The key is a hash of everything the
 * permission predicate and comment visibility read: browse projects, security levels,
 * groups and roles. The user id is part of it only when a grant depends on the issue's
 * reporter or assignee (then the answer is the user's own). Whether the query itself
 * depends on the user (`currentUser()`, `watchedIssues()`, ...) is the compiled
 * statement's `dependsOn.user`; a cache key combines both.
 */
import { hash } from "node:crypto";
import type { PermissionContext } from "./permissions.js";

export const PERMISSION_CLASS_LENGTH = 24;

/** True when the answer depends on who the user is, not only on what they hold. */
export function permissionsNameUser(context: PermissionContext): boolean {
  const { browse, levels } = context;
  return (
    context.user !== null &&
    browse.asReporter.length +
      browse.asAssignee.length +
      levels.asReporter.length +
      levels.asAssignee.length >
      0
  );
}

/** A stable key of the effective grants: 24 hex characters of a SHA-256. */
export function permissionClass(context: PermissionContext): string {
  const grants = {
    browse: context.browse,
    levels: context.levels,
    groups: context.groups,
    roles: context.roles,
    user: permissionsNameUser(context) ? context.user : null,
  };
  return hash("sha256", JSON.stringify(grants), "hex").slice(0, PERMISSION_CLASS_LENGTH);
}

/**
 * The key of an answer shared by every user with these grants (statements.ts
 * `compilePersonalCandidates` says who must not take it): no user id. With `scope`, the
 * projects every candidate issue lies in (the plan's Stage 1 restricts `project`), only
 * the grants there count, so users who differ elsewhere share; a statement that reads the
 * grants beyond the visibility test (`dependsOn.grants`) needs all of them, unscoped.
 */
export function sharedPermissionClass(
  context: PermissionContext,
  scope: readonly number[] | null,
  readsGrants: boolean,
): string {
  const inScope = (project: number) => readsGrants || scope === null || scope.includes(project);
  const { browse, levels } = context;
  const pairs = levels.inProject.levels
    .map((level, k) => [level, levels.inProject.projects[k]!] as const)
    .filter(([, project]) => inScope(project));
  const grants = {
    shared: true,
    scope: readsGrants ? null : scope,
    browse: {
      projects: browse.projects.filter(inScope),
      asReporter: browse.asReporter.filter(inScope),
      asAssignee: browse.asAssignee.filter(inScope),
    },
    levels: {
      everywhere: levels.everywhere,
      inProject: pairs,
      asReporter: levels.asReporter,
      asAssignee: levels.asAssignee,
    },
    groups: readsGrants ? context.groups : null,
    roles: readsGrants ? context.roles : null,
  };
  return hash("sha256", JSON.stringify(grants), "hex").slice(0, PERMISSION_CLASS_LENGTH);
}
