/**
 * A small hand-built dataset for evaluator tests (and others' tests): three projects
 * with different browse schemes, a security level, users in groups and roles, every
 * custom field type, comments with visibility, and change history. The tenant's zone is
 * Europe/Berlin; `FIXTURE_NOW` is Saturday 2024-06-15 12:00 UTC (14:00 in Berlin).
 *
 * Who sees what (browse, docs/jql-semantics.md §8):
 * - PUB (scheme 1: anyone), PUB-2 has the level "Internal" (group developers, assignee).
 * - SEC (scheme 2: group developers, role Users): alice, bob (developers), carol (role
 *   Users in SEC through the group support).
 * - REP (scheme 3: the reporter, user dave): dave sees all, carol her REP-2.
 */
import type { ChangeItem, Comment, Dataset, IssueSnapshot, SearchContext, UserId } from "../model.js";
import { blankSnapshot } from "./blank-snapshot.js";

export const FIXTURE_ZONE = "Europe/Berlin";
export const FIXTURE_NOW = Date.parse("2024-06-15T12:00:00Z");

/** The context of a searcher (null: anonymous) at `FIXTURE_NOW` in the tenant's zone. */
export function fixtureContext(user: UserId | null, now = FIXTURE_NOW): SearchContext {
  return { user, now, timeZone: FIXTURE_ZONE, weekStart: 1 };
}

const at = (iso: string) => Date.parse(iso);

function issue(
  fields: Partial<IssueSnapshot> & Pick<IssueSnapshot, "id" | "key" | "projectId" | "summary">,
): IssueSnapshot {
  return blankSnapshot({
    issueTypeId: 2,
    statusId: 1,
    priorityId: 3,
    created: at("2024-06-01T00:00:00Z"),
    updated: at("2024-06-01T00:00:00Z"),
    ...fields,
  });
}

const ISSUES: readonly IssueSnapshot[] = [
  issue({
    id: 1,
    key: "PUB-1",
    projectId: 1,
    issueTypeId: 1,
    priorityId: 2,
    assignee: "alice",
    reporter: "bob",
    creator: "bob",
    summary: "Login button broken on Firefox",
    description: "Clicking the login-button does nothing.",
    environment: "Firefox 120",
    labels: ["frontend", "Regression"],
    componentIds: [1],
    fixVersionIds: [3],
    affectedVersionIds: [2],
    sprintIds: [2],
    created: at("2024-06-01T08:00:00Z"),
    updated: at("2024-06-14T10:00:00Z"),
    statusCategoryChanged: at("2024-06-14T10:00:00Z"),
    due: "2024-06-20",
    originalEstimate: 28_800,
    remainingEstimate: 14_400,
    timeSpent: 14_400,
    votes: 2,
    voters: ["carol", "dave"],
    watchers: ["alice", "carol"],
    attachmentCount: 1,
    customFields: {
      100: 1001,
      101: [1011, 1012],
      102: 5,
      103: "2024-07-01",
      104: at("2024-06-10T09:30:00Z"),
      105: "carol",
      106: "Needs QA sign-off",
      107: ["ux"],
      108: 1081,
    },
  }),
  issue({
    id: 2,
    key: "PUB-2",
    projectId: 1,
    statusId: 2,
    reporter: "alice",
    creator: "alice",
    summary: "Write API docs",
    componentIds: [2],
    fixVersionIds: [1, 2],
    sprintIds: [1, 2],
    created: at("2024-06-09T22:00:00Z"),
    updated: at("2024-06-11T08:00:00Z"),
    securityLevelId: 1,
    watchers: ["bob"],
    customFields: { 102: 8, 106: "", 109: "bob" },
  }),
  issue({
    id: 3,
    key: "PUB-3",
    projectId: 1,
    issueTypeId: 3,
    statusId: 3,
    priorityId: 1,
    resolutionId: 1,
    resolved: at("2024-06-12T15:00:00Z"),
    statusCategoryChanged: at("2024-06-12T15:00:00Z"),
    assignee: "bob",
    reporter: "carol",
    creator: "carol",
    parentId: 1,
    summary: "Fix Firefox login handler",
    description: "quick-win: one-line fix",
    labels: ["frontend"],
    componentIds: [1, 2],
    fixVersionIds: [2],
    created: at("2024-06-05T12:00:00Z"),
    updated: at("2024-06-12T15:00:00Z"),
    due: "2024-06-10",
    originalEstimate: 3_600,
    timeSpent: 7_200,
    customFields: { 101: [1013], 102: 3, 103: "2024-06-15", 108: 1082 },
  }),
  issue({
    id: 4,
    key: "PUB-10",
    projectId: 1,
    issueTypeId: 4,
    statusId: 4,
    priorityId: null,
    assignee: "dave",
    reporter: "dave",
    creator: "dave",
    summary: "Épic café ordering flow",
    labels: ["frontend", "backend"],
    sprintIds: [3],
    created: at("2024-05-20T10:00:00Z"),
    updated: at("2024-06-15T11:00:00Z"),
    due: "2024-06-15",
    originalEstimate: 0,
    customFields: { 104: at("2024-06-15T10:00:00Z"), 105: "alice", 107: ["ux", "beta"] },
  }),
  issue({
    id: 5,
    key: "SEC-1",
    projectId: 2,
    issueTypeId: 1,
    priorityId: 4,
    assignee: "bob",
    reporter: "alice",
    creator: "alice",
    summary: "Rotate signing keys",
    componentIds: [3],
    fixVersionIds: [5],
    sprintIds: [4],
    created: at("2024-06-14T23:30:00Z"),
    updated: at("2024-06-14T23:30:00Z"),
    due: "2024-06-15",
  }),
  issue({
    id: 6,
    key: "SEC-2",
    projectId: 2,
    statusId: 3,
    resolutionId: 2,
    resolved: at("2024-06-13T09:00:00Z"),
    reporter: "carol",
    creator: "carol",
    summary: "Audit log retention",
    environment: "",
    fixVersionIds: [5, 6],
    created: at("2024-03-01T00:00:00Z"),
    updated: at("2024-06-13T09:00:00Z"),
    votes: 5,
  }),
  issue({
    id: 7,
    key: "REP-1",
    projectId: 3,
    assignee: "carol",
    reporter: "dave",
    creator: "dave",
    summary: "Monthly report for Q2",
    created: at("2024-06-15T09:00:00Z"),
    updated: at("2024-06-15T09:00:00Z"),
  }),
  issue({
    id: 8,
    key: "REP-2",
    projectId: 3,
    issueTypeId: 1,
    statusId: 2,
    priorityId: 2,
    assignee: "alice",
    reporter: "carol",
    creator: "carol",
    summary: "Report totals wrong",
    created: at("2024-04-01T07:00:00Z"),
    updated: at("2024-05-01T12:00:00Z"),
  }),
];

const COMMENTS: readonly Comment[] = [
  {
    id: 1,
    issueId: 1,
    author: "carol",
    body: "Reproduced on Firefox 121",
    created: at("2024-06-02T09:00:00Z"),
    visibility: null,
  },
  {
    id: 2,
    issueId: 1,
    author: "alice",
    body: "Root cause is the CSRF token",
    created: at("2024-06-03T09:00:00Z"),
    visibility: { type: "group", group: "developers" },
  },
  {
    id: 3,
    issueId: 2,
    author: "bob",
    body: "Draft ready for review",
    created: at("2024-06-11T08:00:00Z"),
    visibility: { type: "role", roleId: 10 },
  },
  {
    id: 4,
    issueId: 5,
    author: "alice",
    body: "Rotation scheduled",
    created: at("2024-06-15T08:00:00Z"),
    visibility: null,
  },
  { id: 5, issueId: 3, author: "bob", body: "", created: at("2024-06-12T15:00:00Z"), visibility: null },
];

function change(
  issueId: number,
  field: string,
  from: string | null,
  to: string | null,
  author: UserId,
  iso: string,
): ChangeItem {
  return { issueId, field, from, to, author, at: at(iso) };
}

const HISTORY: readonly ChangeItem[] = [
  change(1, "assignee", null, "bob", "bob", "2024-06-02T10:00:00Z"),
  change(1, "priority", "3", "2", "alice", "2024-06-02T10:00:00Z"),
  change(1, "fixVersion", null, "2", "alice", "2024-06-02T11:00:00Z"),
  change(1, "status", "1", "2", "alice", "2024-06-03T09:00:00Z"),
  change(1, "fixVersion", "2", null, "bob", "2024-06-05T00:00:00Z"),
  change(1, "fixVersion", null, "3", "bob", "2024-06-05T00:00:00Z"),
  change(1, "assignee", "bob", "alice", "alice", "2024-06-10T10:00:00Z"),
  change(1, "status", "2", "1", "bob", "2024-06-14T10:00:00Z"),
  change(3, "status", "1", "3", "bob", "2024-06-12T15:00:00Z"),
  change(3, "resolution", null, "1", "bob", "2024-06-12T15:00:00Z"),
  change(6, "status", "1", "3", "carol", "2024-06-13T09:00:00Z"),
  change(6, "resolution", null, "2", "carol", "2024-06-13T09:00:00Z"),
  change(8, "assignee", "carol", "alice", "dave", "2024-05-01T12:00:00Z"),
];

export const fixtureDataset: Dataset = {
  catalog: {
    projects: [
      {
        id: 1,
        key: "PUB",
        name: "Public",
        categoryId: 1,
        type: "software",
        lead: "alice",
        permissionSchemeId: 1,
        securitySchemeId: 1,
      },
      {
        id: 2,
        key: "SEC",
        name: "Secret Sauce",
        categoryId: 1,
        type: "business",
        lead: "bob",
        permissionSchemeId: 2,
        securitySchemeId: null,
      },
      {
        id: 3,
        key: "REP",
        name: "Reports",
        categoryId: null,
        type: "service_desk",
        lead: null,
        permissionSchemeId: 3,
        securitySchemeId: null,
      },
    ],
    projectCategories: [{ id: 1, name: "Products" }],
    issueTypes: [
      { id: 1, name: "Bug", subtask: false },
      { id: 2, name: "Task", subtask: false },
      { id: 3, name: "Sub-task", subtask: true },
      { id: 4, name: "Story", subtask: false },
    ],
    statuses: [
      { id: 1, name: "Open", category: "new" },
      { id: 2, name: "In Progress", category: "indeterminate" },
      { id: 3, name: "Done", category: "done" },
      { id: 4, name: "Reopened", category: "new" },
    ],
    priorities: [
      { id: 1, name: "Highest", sequence: 1 },
      { id: 2, name: "High", sequence: 2 },
      { id: 3, name: "Medium", sequence: 3 },
      { id: 4, name: "Low", sequence: 4 },
    ],
    resolutions: [
      { id: 1, name: "Fixed" },
      { id: 2, name: "Won't Fix" },
    ],
    components: [
      { id: 1, name: "UI", projectId: 1, lead: "alice" },
      { id: 2, name: "API", projectId: 1, lead: "bob" },
      { id: 3, name: "UI", projectId: 2, lead: "bob" },
    ],
    versions: [
      {
        id: 1,
        name: "1.0",
        projectId: 1,
        released: true,
        archived: false,
        sequence: 1,
        releaseDate: "2024-01-15",
      },
      {
        id: 2,
        name: "2.0",
        projectId: 1,
        released: true,
        archived: false,
        sequence: 2,
        releaseDate: "2024-04-15",
      },
      { id: 3, name: "3.0", projectId: 1, released: false, archived: false, sequence: 3, releaseDate: null },
      {
        id: 4,
        name: "0.9",
        projectId: 1,
        released: true,
        archived: true,
        sequence: 0,
        releaseDate: "2023-12-01",
      },
      { id: 5, name: "1.0", projectId: 2, released: false, archived: false, sequence: 1, releaseDate: null },
      { id: 6, name: "2.0", projectId: 2, released: false, archived: false, sequence: 2, releaseDate: null },
    ],
    sprints: [
      { id: 1, name: "Sprint 1", state: "closed", boardId: 1, startDate: null, endDate: null },
      { id: 2, name: "Sprint 2", state: "active", boardId: 1, startDate: null, endDate: null },
      { id: 3, name: "Sprint 3", state: "future", boardId: 1, startDate: null, endDate: null },
      { id: 4, name: "Sprint 1", state: "active", boardId: 2, startDate: null, endDate: null },
    ],
    customFields: [
      {
        id: 100,
        name: "Severity",
        type: "select",
        options: [
          { id: 1001, name: "Critical" },
          { id: 1002, name: "Minor" },
        ],
      },
      {
        id: 101,
        name: "Platforms",
        type: "multiselect",
        options: [
          { id: 1011, name: "Linux" },
          { id: 1012, name: "Mac" },
          { id: 1013, name: "Windows" },
        ],
      },
      { id: 102, name: "Story Points", type: "number", options: [] },
      { id: 103, name: "Release Date", type: "date", options: [] },
      { id: 104, name: "Deployed At", type: "datetime", options: [] },
      { id: 105, name: "Reviewer", type: "user", options: [] },
      { id: 106, name: "Notes", type: "text", options: [] },
      { id: 107, name: "Tags", type: "labels", options: [] },
      {
        id: 108,
        name: "Team",
        type: "select",
        options: [
          { id: 1081, name: "Red" },
          { id: 1082, name: "Blue" },
        ],
      },
      { id: 109, name: "Team", type: "user", options: [] },
    ],
    users: [
      { id: "alice", displayName: "Alice Anders", email: "alice@example.com", active: true },
      { id: "bob", displayName: "Bob Brown", email: "bob@example.com", active: true },
      { id: "carol", displayName: "Carol Chen", email: "carol@example.com", active: true },
      { id: "dave", displayName: "Dave Diaz", email: null, active: true },
      { id: "erin", displayName: "Erin Evans", email: "erin@example.com", active: false },
    ],
    groups: { developers: ["alice", "bob"], support: ["carol"], admins: ["alice"] },
    roles: [
      { id: 10, name: "Developers" },
      { id: 11, name: "Users" },
    ],
    roleMembers: [
      { projectId: 1, roleId: 10, user: "bob", group: null },
      { projectId: 1, roleId: 11, user: null, group: "support" },
      { projectId: 2, roleId: 10, user: null, group: "developers" },
      { projectId: 2, roleId: 11, user: null, group: "support" },
    ],
    permissionSchemes: [
      { id: 1, browse: [{ type: "anyone" }] },
      {
        id: 2,
        browse: [
          { type: "group", group: "developers" },
          { type: "role", roleId: 11 },
        ],
      },
      { id: 3, browse: [{ type: "reporter" }, { type: "user", user: "dave" }] },
    ],
    securityLevels: [
      {
        id: 1,
        name: "Internal",
        schemeId: 1,
        holders: [{ type: "group", group: "developers" }, { type: "assignee" }],
      },
    ],
  },
  issues: ISSUES,
  comments: COMMENTS,
  history: HISTORY,
};
