/**
 * JQL functions (functions.ts `supported: true`) evaluated in the search context.
 *
 * - Versions: `releasedVersions` / `unreleasedVersions` leave out archived versions (as
 *   Jira does); `latestReleasedVersion(p)` is the released, unarchived version of p with
 *   the highest sequence, `earliestUnreleasedVersion(p)` the unreleased, unarchived one
 *   with the lowest. A project argument resolves like a `project` literal.
 * - `componentsLeadByUser([u])`, `projectsLeadByUser([u])`: u resolves like a user
 *   literal (default: the searcher; anonymous: nothing).
 * - `projectsWhereUserHasPermission(p)`: only the browse permission ("Browse Projects",
 *   "BROWSE_PROJECTS", "BROWSE"); projects where a project-wide holder (anyone, group,
 *   role, user) matches the searcher: reporter/assignee holders depend on the issue and
 *   do not count. `projectsWhereUserHasRole(r)`: r by name or id.
 * - `membersOf(g)`: g by exact name, then case-insensitively; unknown: nobody.
 * - Date functions: dates.ts, in the tenant's zone.
 */
import type { FunctionCall, Literal } from "../ast.js";
import { endOf, isPeriodIncrement, type Period, startOf } from "../dates.js";
import { type FunctionResult, type JqlFunction, lookupFunction } from "../functions.js";
import type { Version } from "../model.js";
import { type EvalEnv, fail } from "./env.js";
import { one, type Value } from "./field-model.js";

const BROWSE = new Set(["browse projects", "browse_projects", "browse"]);

export function callFunction(
  call: FunctionCall,
  accepts: readonly FunctionResult[],
  label: string,
  env: EvalEnv,
): readonly Value[] {
  const fn = checkedFunction(call, accepts, label, env);
  const { index, context } = env;
  const arg = call.args[0];
  switch (fn.name) {
    case "currentUser":
      return one(context.user);
    case "membersOf": {
      const group = index.lookup.group(arg!.value);
      return group === undefined ? [] : [...index.groupMembers.get(group)!];
    }
    case "now":
      return [context.now];
    case "openSprints":
    case "closedSprints":
    case "futureSprints": {
      const state = fn.name === "openSprints" ? "active" : fn.name === "closedSprints" ? "closed" : "future";
      return index.dataset.catalog.sprints.filter((s) => s.state === state).map((s) => s.id);
    }
    case "releasedVersions":
    case "unreleasedVersions": {
      const released = fn.name === "releasedVersions";
      return versions(env, arg)
        .filter((v) => v.released === released)
        .map((v) => v.id);
    }
    case "latestReleasedVersion":
    case "earliestUnreleasedVersion":
      return extremeVersions(env, arg!, fn.name === "latestReleasedVersion");
    case "standardIssueTypes":
    case "subtaskIssueTypes": {
      const subtask = fn.name === "subtaskIssueTypes";
      return index.dataset.catalog.issueTypes.filter((t) => t.subtask === subtask).map((t) => t.id);
    }
    case "componentsLeadByUser":
    case "projectsLeadByUser": {
      const users = new Set(arg ? index.lookup.users(arg.value) : one(context.user));
      const { components, projects } = index.dataset.catalog;
      const items = fn.name === "componentsLeadByUser" ? components : projects;
      return items.filter((item) => item.lead !== null && users.has(item.lead)).map((item) => item.id);
    }
    case "projectsWhereUserHasPermission":
      if (!BROWSE.has(arg!.value.toLowerCase())) {
        fail(
          env,
          "E_UNSUPPORTED_FUNCTION",
          `projectsWhereUserHasPermission() supports only the browse permission ("Browse Projects"), not '${arg!.value}'`,
          arg!.span,
        );
      }
      return [...env.access.browse].filter(([, grant]) => grant.wide).map(([id]) => id);
    case "projectsWhereUserHasRole": {
      const roles = index.lookup.ids("role", arg!.value, arg!.number);
      return [...index.projects.keys()].filter((id) => roles.some((role) => env.access.inRole(id, role)));
    }
    case "watchedIssues":
    case "votedIssues": {
      const user = context.user;
      if (user === null) return [];
      const watched = fn.name === "watchedIssues";
      return index.dataset.issues
        .filter((i) => (watched ? i.watchers : i.voters).includes(user))
        .map((i) => i.id);
    }
  }
  const period = /^(start|end)Of(Day|Week|Month|Year)$/.exec(fn.name);
  if (!period) throw new Error(`internal: supported function without an implementation: ${fn.name}`);
  if (arg && !isPeriodIncrement(arg.value)) {
    fail(
      env,
      "E_BAD_VALUE",
      `${fn.name}() takes an increment like -1, "+1d", -1w or 3M, not '${arg.value}'`,
      arg.span,
    );
  }
  const unit = period[2]!.toLowerCase() as Period;
  try {
    const boundary = period[1] === "start" ? startOf : endOf;
    return [boundary(unit, context.now, env.zone, env.weekStart, arg?.value)];
  } catch {
    return []; // out of the representable range: no instant
  }
}

function checkedFunction(
  call: FunctionCall,
  accepts: readonly FunctionResult[],
  label: string,
  env: EvalEnv,
) {
  const fn: JqlFunction | undefined = lookupFunction(call.name);
  if (!fn)
    fail(
      env,
      "E_UNSUPPORTED_FUNCTION",
      `Function '${call.name}' is not supported: subq does not know it`,
      call.span,
    );
  if (!fn.supported) {
    fail(
      env,
      "E_UNSUPPORTED_FUNCTION",
      `Function '${fn.name}' is not supported: ${fn.note ?? "not available"}`,
      call.span,
    );
  }
  if (call.args.length < fn.minArgs || call.args.length > fn.maxArgs) {
    const range = fn.minArgs === fn.maxArgs ? `${fn.minArgs}` : `${fn.minArgs} to ${fn.maxArgs}`;
    fail(env, "E_BAD_VALUE", `${fn.name}() takes ${range} argument(s), not ${call.args.length}`, call.span);
  }
  if (!accepts.includes(fn.result)) {
    fail(
      env,
      "E_UNSUPPORTED_FUNCTION",
      `Function '${fn.name}' cannot be used with the field '${label}'`,
      call.span,
    );
  }
  return fn;
}

/** Unarchived versions, of the argument's project(s) when given. */
function versions(env: EvalEnv, project: Literal | undefined): readonly Version[] {
  const all = env.index.dataset.catalog.versions.filter((v) => !v.archived);
  if (!project) return all;
  const projects = env.index.lookup.ids("project", project.value, project.number);
  return all.filter((v) => projects.includes(v.projectId));
}

function extremeVersions(env: EvalEnv, project: Literal, latestReleased: boolean): readonly Value[] {
  const best = new Map<number, Version>();
  for (const v of versions(env, project)) {
    if (v.released !== latestReleased) continue;
    const current = best.get(v.projectId);
    const better = latestReleased
      ? v.sequence > (current?.sequence ?? -Infinity)
      : v.sequence < (current?.sequence ?? Infinity);
    if (better) best.set(v.projectId, v);
  }
  return [...best.values()].map((v) => v.id);
}
