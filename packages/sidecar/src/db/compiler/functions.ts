/**
 * JQL functions (functions.ts `supported: true` in @subq/jql) answered in TypeScript from
 * the compiler catalog, the search moment and the permission context, so their results
 * travel as array parameters; only `watchedIssues()` / `votedIssues()` read issue data and
 * become sub-selects. Checks and results follow the evaluator
 * (packages/jql/src/evaluate/functions.ts, docs/jql-semantics.md §3 "Functions").
 */
import {
  endOf,
  type FunctionCall,
  type FunctionResult,
  isPeriodIncrement,
  type JqlFunction,
  type Literal,
  lookupFunction,
  type Period,
  startOf,
  type Version,
} from "@subq/jql";
import type { CompileEnv } from "./env.js";
import { one, type Value } from "./field-model.js";

const BROWSE = new Set(["browse projects", "browse_projects", "browse"]);

/** What a call denotes: values, or a sub-select of issue ids. */
export interface FunctionValue {
  readonly values: readonly Value[];
  readonly issueSet?: string;
}

export function callFunction(
  call: FunctionCall,
  accepts: readonly FunctionResult[],
  label: string,
  env: CompileEnv,
): FunctionValue {
  const fn = checkedFunction(call, accepts, label, env);
  const { catalog } = env.catalog;
  const arg = call.args[0];
  const values = (list: readonly Value[]): FunctionValue => ({ values: list });
  switch (fn.name) {
    case "currentUser":
      return values(one(env.user("currentUser()")));
    case "membersOf": {
      const group = env.catalog.lookup.group(arg!.value);
      return values(group === undefined ? [] : [...env.catalog.groupMembers.get(group)!]);
    }
    case "now":
      return values([env.now("now()")]);
    case "openSprints":
    case "closedSprints":
    case "futureSprints": {
      const state = fn.name === "openSprints" ? "active" : fn.name === "closedSprints" ? "closed" : "future";
      return values(catalog.sprints.filter((s) => s.state === state).map((s) => s.id));
    }
    case "releasedVersions":
    case "unreleasedVersions": {
      const released = fn.name === "releasedVersions";
      return values(
        versions(env, arg)
          .filter((v) => v.released === released)
          .map((v) => v.id),
      );
    }
    case "latestReleasedVersion":
    case "earliestUnreleasedVersion":
      return values(extremeVersions(env, arg!, fn.name === "latestReleasedVersion"));
    case "standardIssueTypes":
    case "subtaskIssueTypes": {
      const subtask = fn.name === "subtaskIssueTypes";
      return values(catalog.issueTypes.filter((t) => t.subtask === subtask).map((t) => t.id));
    }
    case "componentsLeadByUser":
    case "projectsLeadByUser": {
      const users = new Set(arg ? env.catalog.lookup.users(arg.value) : one(env.user(`${fn.name}()`)));
      const items = fn.name === "componentsLeadByUser" ? catalog.components : catalog.projects;
      return values(
        items.filter((item) => item.lead !== null && users.has(item.lead)).map((item) => item.id),
      );
    }
    case "projectsWhereUserHasPermission":
      if (!BROWSE.has(arg!.value.toLowerCase())) {
        env.fail(
          "E_UNSUPPORTED_FUNCTION",
          `projectsWhereUserHasPermission() supports only the browse permission ("Browse Projects"), not '${arg!.value}'`,
          arg!.span,
        );
      }
      return values(env.access("projectsWhereUserHasPermission()").browse.projects);
    case "projectsWhereUserHasRole": {
      const roles = new Set(env.catalog.lookup.ids("role", arg!.value, arg!.number));
      const held = env.access("projectsWhereUserHasRole()").roles;
      return values([...new Set(held.projects.filter((_, k) => roles.has(held.roles[k]!)))]);
    }
    case "watchedIssues":
    case "votedIssues": {
      const table = fn.name === "watchedIssues" ? "issue_watchers" : "issue_voters";
      const user = env.params.one(env.user(`${fn.name}()`), "text");
      return { values: [], issueSet: `SELECT ux.issue_id FROM ${table} ux WHERE ux.user_id = ${user}` };
    }
  }
  return values(periodBoundary(fn, call, env));
}

function periodBoundary(fn: JqlFunction, call: FunctionCall, env: CompileEnv): readonly Value[] {
  const period = /^(start|end)Of(Day|Week|Month|Year)$/.exec(fn.name);
  if (!period) throw new Error(`internal: supported function without an implementation: ${fn.name}`);
  const arg = call.args[0];
  if (arg && !isPeriodIncrement(arg.value)) {
    env.fail(
      "E_BAD_VALUE",
      `${fn.name}() takes an increment like -1, "+1d", -1w or 3M, not '${arg.value}'`,
      arg.span,
    );
  }
  const unit = period[2]!.toLowerCase() as Period;
  const now = env.now(`${fn.name}()`);
  try {
    const boundary = period[1] === "start" ? startOf : endOf;
    return [boundary(unit, now, env.catalog.zone, env.weekStart, arg?.value)];
  } catch {
    return []; // out of the representable range: no instant
  }
}

function checkedFunction(
  call: FunctionCall,
  accepts: readonly FunctionResult[],
  label: string,
  env: CompileEnv,
): JqlFunction {
  const fn = lookupFunction(call.name);
  if (!fn) {
    return env.fail(
      "E_UNSUPPORTED_FUNCTION",
      `Function '${call.name}' is not supported: subq does not know it`,
      call.span,
    );
  }
  if (!fn.supported) {
    env.fail(
      "E_UNSUPPORTED_FUNCTION",
      `Function '${fn.name}' is not supported: ${fn.note ?? "not available"}`,
      call.span,
    );
  }
  if (call.args.length < fn.minArgs || call.args.length > fn.maxArgs) {
    const range = fn.minArgs === fn.maxArgs ? `${fn.minArgs}` : `${fn.minArgs} to ${fn.maxArgs}`;
    env.fail("E_BAD_VALUE", `${fn.name}() takes ${range} argument(s), not ${call.args.length}`, call.span);
  }
  if (!accepts.includes(fn.result)) {
    env.fail(
      "E_UNSUPPORTED_FUNCTION",
      `Function '${fn.name}' cannot be used with the field '${label}'`,
      call.span,
    );
  }
  return fn;
}

/** Unarchived versions, of the argument's project(s) when given. */
function versions(env: CompileEnv, project: Literal | undefined): readonly Version[] {
  const all = env.catalog.catalog.versions.filter((v) => !v.archived);
  if (!project) return all;
  const projects = env.catalog.lookup.ids("project", project.value, project.number);
  return all.filter((v) => projects.includes(v.projectId));
}

function extremeVersions(env: CompileEnv, project: Literal, latestReleased: boolean): readonly Value[] {
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
