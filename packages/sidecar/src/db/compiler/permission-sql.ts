/**
 * The permission predicates of docs/jql-semantics.md §8 over the issue row `i`, from the
 * searcher's permission context as array parameters: browse (outright, or as reporter /
 * assignee) and the security level (none, held everywhere, held in the issue's project,
 * held as reporter / assignee). Comment visibility: no restriction, a group of the
 * searcher, or a role the searcher holds in the issue's project; the issue's own
 * visibility is the statement's (a comment clause only ever stands in a query that
 * applies it). The text is the same for every user.
 */
import type { CompileEnv } from "./env.js";
import type { PermissionContext } from "./permissions.js";

/** Whether issue `i` is visible to the searcher (or to `access`, grants of the same searcher). */
export function issueVisibleSql(
  env: CompileEnv,
  access: PermissionContext = env.visibility("the permission check"),
): string {
  const { params } = env;
  const user = params.one(access.user, "text");
  const { browse, levels } = access;
  const browseSql =
    `(i.project_id = ANY(${params.list(browse.projects, "int")})` +
    ` OR (i.project_id = ANY(${params.list(browse.asReporter, "int")}) AND i.reporter_id = ${user})` +
    ` OR (i.project_id = ANY(${params.list(browse.asAssignee, "int")}) AND i.assignee_id = ${user}))`;
  const levelSql =
    "(i.security_level_id IS NULL" +
    ` OR i.security_level_id = ANY(${params.list(levels.everywhere, "int")})` +
    ` OR EXISTS (SELECT 1 FROM unnest(${params.list(levels.inProject.levels, "int")}, ${params.list(levels.inProject.projects, "int")})` +
    " AS pl(level_id, project_id) WHERE pl.level_id = i.security_level_id AND pl.project_id = i.project_id)" +
    ` OR (i.security_level_id = ANY(${params.list(levels.asReporter, "int")}) AND i.reporter_id = ${user})` +
    ` OR (i.security_level_id = ANY(${params.list(levels.asAssignee, "int")}) AND i.assignee_id = ${user}))`;
  return `${browseSql} AND ${levelSql}`;
}

/**
 * Whether the reporter (`role` "reporter") or the assignee of issue `i` holds a grant
 * there only as such (a project browsable, or a security level held, only by the
 * reporter / assignee): the only way users of the same grants can see different issues.
 */
export function personalPathSql(env: CompileEnv, role: "reporter" | "assignee"): string {
  const { browse, levels } = env.visibility("the permission check");
  const { params } = env;
  const projects = role === "reporter" ? browse.asReporter : browse.asAssignee;
  const held = role === "reporter" ? levels.asReporter : levels.asAssignee;
  return (
    `(i.project_id = ANY(${params.list(projects, "int")})` +
    ` OR i.security_level_id = ANY(${params.list(held, "int")}))`
  );
}

/** Whether comment `c` (of issue `i`) is visible to the searcher by its own restriction. */
export function commentVisibleSql(env: CompileEnv, c: string): string {
  const access = env.access("a comment search");
  const { params } = env;
  const groups = params.list(access.groups, "text");
  const projects = params.list(access.roles.projects, "int");
  const roles = params.list(access.roles.roles, "int");
  return (
    `((${c}.visibility_group IS NULL AND ${c}.visibility_role_id IS NULL)` +
    ` OR ${c}.visibility_group = ANY(${groups})` +
    ` OR EXISTS (SELECT 1 FROM unnest(${projects}, ${roles}) AS rh(project_id, role_id)` +
    ` WHERE rh.project_id = i.project_id AND rh.role_id = ${c}.visibility_role_id))`
  );
}
