/**
 * The fixed part of a synthetic tenant's configuration: workflow statuses, issue types,
 * priorities, resolutions, roles, categories and custom fields (the permission and
 * security schemes are in schemes.ts). Ids are Jira-like and deliberately not in sort
 * order where JQL must not rely on it (priority ids vs. their sequence).
 */
import type { CustomField, IssueType, NamedId, Priority, Status } from "@subq/jql";
import { COMPANIES } from "./vocabulary.js";

export const STATUS = {
  open: 1,
  inProgress: 3,
  reopened: 4,
  resolved: 5,
  closed: 6,
  inReview: 10000,
} as const;
export const STATUSES: readonly Status[] = [
  { id: STATUS.open, name: "Open", category: "new" },
  { id: STATUS.inProgress, name: "In Progress", category: "indeterminate" },
  { id: STATUS.reopened, name: "Reopened", category: "new" },
  { id: STATUS.resolved, name: "Resolved", category: "done" },
  { id: STATUS.closed, name: "Closed", category: "done" },
  { id: STATUS.inReview, name: "In Review", category: "indeterminate" },
];

export const ISSUE_TYPES: readonly IssueType[] = [
  { id: 1, name: "Bug", subtask: false },
  { id: 2, name: "New Feature", subtask: false },
  { id: 3, name: "Task", subtask: false },
  { id: 4, name: "Improvement", subtask: false },
  { id: 5, name: "Sub-task", subtask: true },
  { id: 6, name: "Epic", subtask: false },
  { id: 7, name: "Story", subtask: false },
  { id: 8, name: "Technical task", subtask: true },
];
/** Weights of the standard types (Bug-heavy, as in the Appcelerator data). */
export const STANDARD_TYPE_WEIGHTS: ReadonlyMap<number, number> = new Map([
  [1, 62],
  [2, 10],
  [3, 6],
  [4, 9],
  [6, 1],
  [7, 12],
]);

/** "Normal" was added later: id 6, but ranked between Major and Minor. */
export const PRIORITIES: readonly Priority[] = [
  { id: 1, name: "Blocker", sequence: 1 },
  { id: 2, name: "Critical", sequence: 2 },
  { id: 3, name: "Major", sequence: 3 },
  { id: 4, name: "Minor", sequence: 5 },
  { id: 5, name: "Trivial", sequence: 6 },
  { id: 6, name: "Normal", sequence: 4 },
];
export const PRIORITY_WEIGHTS = [2, 10, 26, 20, 8, 34];

export const RESOLUTION = {
  fixed: 1,
  wontFix: 2,
  duplicate: 3,
  incomplete: 4,
  cannotReproduce: 5,
  done: 6,
} as const;
export const RESOLUTIONS: readonly NamedId[] = [
  { id: 1, name: "Fixed" },
  { id: 2, name: "Won't Fix" },
  { id: 3, name: "Duplicate" },
  { id: 4, name: "Incomplete" },
  { id: 5, name: "Cannot Reproduce" },
  { id: 6, name: "Done" },
  { id: 7, name: "Won't Do" },
  { id: 8, name: "Invalid" },
];
/** Resolutions of issues closed without work, by weight. */
export const NON_FIX_RESOLUTIONS = [2, 3, 4, 5, 7, 8];
export const NON_FIX_WEIGHTS = [9, 15, 5, 14, 5, 25];

export const ROLE = { users: 10000, developers: 10001, administrators: 10002 } as const;
export const ROLES: readonly NamedId[] = [
  { id: ROLE.users, name: "Users" },
  { id: ROLE.developers, name: "Developers" },
  { id: ROLE.administrators, name: "Administrators" },
];

export const CATEGORIES: readonly NamedId[] = [
  { id: 1, name: "Product" },
  { id: 2, name: "Internal" },
  { id: 3, name: "Customer Service" },
  { id: 4, name: "Archived" },
];

export const GROUP = {
  all: "jira-users",
  developers: "developers",
  administrators: "administrators",
  qa: "qa",
  support: "support",
} as const;

/** One field of every type, plus a second select; the share of issues that get a value. */
export const CUSTOM_FIELD_SHARE: ReadonlyMap<number, number> = new Map([
  [10001, 0.3],
  [10002, 0.2],
  [10003, 0.3],
  [10004, 0.1],
  [10005, 0.08],
  [10006, 0.15],
  [10007, 0.1],
  [10008, 0.12],
  [10009, 0.4],
]);

export function customFields(): CustomField[] {
  let optionId = 10100;
  const options = (names: readonly string[]) => names.map((name) => ({ id: optionId++, name }));
  return [
    { id: 10001, name: "Story Points", type: "number", options: [] },
    { id: 10002, name: "Customer", type: "select", options: options(COMPANIES) },
    {
      id: 10003,
      name: "Platforms",
      type: "multiselect",
      options: options(["Android", "iOS", "Windows", "macOS", "Linux", "Web"]),
    },
    { id: 10004, name: "Target Date", type: "date", options: [] },
    { id: 10005, name: "Approved At", type: "datetime", options: [] },
    { id: 10006, name: "QA Owner", type: "user", options: [] },
    { id: 10007, name: "Release Notes", type: "text", options: [] },
    { id: 10008, name: "Tags", type: "labels", options: [] },
    {
      id: 10009,
      name: "Severity",
      type: "select",
      options: options(["S1 - Outage", "S2 - Major", "S3 - Minor", "S4 - Cosmetic"]),
    },
  ];
}
