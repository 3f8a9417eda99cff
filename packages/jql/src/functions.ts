/**
 * The JQL function table (docs/jql-semantics.md §3, "Functions"): canonical name, Cloud
 * aliases, arity, what the function yields and its caching class. Function names are
 * case-insensitive. A function that is not in this table is dynamic for splitting (it can
 * never be cached) and is rejected by the compiler with E_UNSUPPORTED_FUNCTION.
 */
import type { ClauseClass } from "./fields.js";

/** What a call evaluates to. */
export type FunctionResult =
  | "user" // one user (or none)
  | "users" // a set of users
  | "instant" // a moment in time
  | "issuetypes"
  | "sprints"
  | "versions"
  | "components"
  | "projects"
  | "issues";

export interface JqlFunction {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly result: FunctionResult;
  readonly fnClass: ClauseClass;
  /** Answered by subq's evaluator and compiler. */
  readonly supported: boolean;
  /** Shown in E_UNSUPPORTED_FUNCTION errors. */
  readonly note?: string;
}

function fn(
  name: string,
  args: [number, number],
  result: FunctionResult,
  fnClass: ClauseClass,
  opts: { aliases?: string[]; supported?: boolean; note?: string } = {},
): JqlFunction {
  return {
    name,
    aliases: opts.aliases ?? [],
    minArgs: args[0],
    maxArgs: args[1],
    result,
    fnClass,
    supported: opts.supported ?? true,
    ...(opts.note ? { note: opts.note } : {}),
  };
}

const NOT_IN_SCHEMA = "it needs data that subq's schema does not record";

export const FUNCTIONS: readonly JqlFunction[] = [
  fn("currentUser", [0, 0], "user", "user"),
  // Group membership is mutable configuration: dynamic, never cached in Stage 1.
  fn("membersOf", [1, 1], "users", "external"),
  fn("now", [0, 0], "instant", "temporal"),
  ...["Day", "Week", "Month", "Year"].flatMap((unit) => [
    fn(`startOf${unit}`, [0, 1], "instant", "temporal"),
    fn(`endOf${unit}`, [0, 1], "instant", "temporal"),
  ]),
  fn("lastLogin", [0, 0], "instant", "user", { supported: false, note: "user session data is not recorded" }),
  fn("currentLogin", [0, 0], "instant", "user", {
    supported: false,
    note: "user session data is not recorded",
  }),
  fn("openSprints", [0, 0], "sprints", "external"),
  fn("closedSprints", [0, 0], "sprints", "external"),
  fn("futureSprints", [0, 0], "sprints", "external"),
  fn("releasedVersions", [0, 1], "versions", "external"),
  fn("unreleasedVersions", [0, 1], "versions", "external"),
  fn("latestReleasedVersion", [1, 1], "versions", "external"),
  fn("earliestUnreleasedVersion", [1, 1], "versions", "external"),
  // Configuration only: cacheable, invalidated by configuration events.
  fn("standardIssueTypes", [0, 0], "issuetypes", "static", { aliases: ["standardWorkTypes"] }),
  fn("subtaskIssueTypes", [0, 0], "issuetypes", "static", { aliases: ["subtaskWorkTypes"] }),
  fn("componentsLeadByUser", [0, 1], "components", "user"),
  fn("projectsLeadByUser", [0, 1], "projects", "user", { aliases: ["spacesLeadByUser"] }),
  fn("projectsWhereUserHasPermission", [1, 1], "projects", "permission", {
    aliases: ["spacesWhereUserHasPermission"],
  }),
  fn("projectsWhereUserHasRole", [1, 1], "projects", "permission", { aliases: ["spacesWhereUserHasRole"] }),
  fn("watchedIssues", [0, 0], "issues", "user", { aliases: ["watchedWorkItems"] }),
  fn("votedIssues", [0, 0], "issues", "user", { aliases: ["votedWorkItems"] }),
  fn("issueHistory", [0, 0], "issues", "user", {
    aliases: ["workItemHistory"],
    supported: false,
    note: "per-user viewing history is not recorded",
  }),
  fn("linkedIssues", [1, 3], "issues", "external", {
    aliases: ["linkedWorkItems"],
    supported: false,
    note: "issue links are not part of subq's schema",
  }),
  fn("updatedBy", [1, 3], "issues", "external", { supported: false, note: NOT_IN_SCHEMA }),
  fn("cascadeOption", [1, 2], "issues", "static", {
    supported: false,
    note: "cascading selects are not supported",
  }),
  fn("choiceOption", [1, 100], "issues", "static", { supported: false, note: NOT_IN_SCHEMA }),
  fn("issuesWithRemoteLinksByGlobalId", [1, 100], "issues", "external", {
    supported: false,
    note: NOT_IN_SCHEMA,
  }),
];

const BY_NAME: ReadonlyMap<string, JqlFunction> = new Map(
  FUNCTIONS.flatMap((fun) => [fun.name, ...fun.aliases].map((name) => [name.toLowerCase(), fun] as const)),
);

/** The function a name denotes (case-insensitive, Cloud aliases included), if known. */
export function lookupFunction(name: string): JqlFunction | undefined {
  return BY_NAME.get(name.toLowerCase());
}
