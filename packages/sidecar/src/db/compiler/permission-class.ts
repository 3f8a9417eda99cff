/**
 * Permission classes (DESIGN.md §9): users whose effective grants are identical see the
 * same issues and comments, so a Stage 2 answer computed for one may be served to the
 * others, never across classes. The key is a hash of everything the permission predicate
 * and comment visibility read: browse projects, security levels, groups and roles. The
 * user id is part of it only when a grant depends on the reporter or assignee
 * (then the answer is the user's own). Whether the query itself depends on the user
 * (`currentUser()`, `watchedIssues()`, ...) is the compiled statement's `dependsOn.user`;
 * a cache key combines both.
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
