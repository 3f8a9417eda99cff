/**
 * Writes a miniature Jira dump (the three gzipped JSON-lines files of
 * shared/data/appcelerator-jira, same record shapes) for fast load tests: one project,
 * three issues (a resolved bug, an open sub-task of it, an in-progress story), two comments.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const project = { id: "20001", key: "MINI", name: "Mini project", category: "Tooling" };

const issue = (fields: Record<string, unknown>) => ({
  source: "test",
  project,
  subtask: false,
  priority: "High",
  resolution: null,
  assignee: "ann",
  reporter: "bob",
  creator: "bob",
  components: [],
  labels: [],
  fix_versions: [],
  affects_versions: [],
  sprints: [],
  epic: null,
  parent: null,
  subtasks: [],
  issuelinks: [],
  flagged: false,
  description: null,
  environment: null,
  resolved: null,
  attachment_count: 0,
  ...fields,
});

export const MINI_ISSUES = [
  issue({
    id: "501",
    key: "MINI-1",
    issuetype: "Bug",
    status: "Closed",
    status_category: "done",
    resolution: "Fixed",
    components: ["Core"],
    labels: ["regression"],
    fix_versions: ["1.0"],
    sprints: [
      {
        id: 7,
        name: "Sprint 7",
        state: "closed",
        start: "2020-01-01T00:00:00Z",
        end: "2020-01-14T00:00:00Z",
        board_id: 3,
      },
    ],
    flagged: true,
    summary: "Crash on start\u0000",
    created: "2020-01-02T10:00:00Z",
    updated: "2020-01-09T10:00:00Z",
    resolved: "2020-01-08T10:00:00Z",
  }),
  issue({
    id: "502",
    key: "MINI-2",
    issuetype: "Sub-task",
    subtask: true,
    status: "Open",
    status_category: "new",
    assignee: null,
    parent: "MINI-1",
    summary: "Write a regression test",
    created: "2020-01-03T10:00:00Z",
    updated: "2020-01-03T10:00:00Z",
  }),
  issue({
    id: "503",
    key: "MINI-3",
    issuetype: "Story",
    status: "In Progress",
    status_category: "indeterminate",
    priority: null,
    summary: "Dark mode",
    created: "2020-02-01T10:00:00Z",
    updated: "2020-02-05T10:00:00Z",
  }),
];

const comments = [
  {
    issue_id: "501",
    issue_key: "MINI-1",
    comment_id: "9001",
    author: "ann",
    created: "2020-01-05T10:00:00Z",
    body: "Fixed.",
  },
  {
    issue_id: "503",
    issue_key: "MINI-3",
    comment_id: "9002",
    author: null,
    created: "2020-02-02T10:00:00Z",
    body: null,
  },
];

const projects = [
  {
    ...project,
    description: "test",
    components: [{ id: "301", name: "Core" }],
    versions: [{ id: "401", name: "1.0", released: true, archived: false, releaseDate: "2020-01-10" }],
    issue_types: ["Bug", "Story", "Sub-task"],
  },
];

const lines = (records: readonly unknown[]) =>
  gzipSync(records.map((r) => JSON.stringify(r)).join("\n") + "\n");

export async function writeMiniDump(dir: string): Promise<void> {
  await writeFile(join(dir, "issues.jsonl.gz"), lines(MINI_ISSUES));
  await writeFile(join(dir, "comments.jsonl.gz"), lines(comments));
  await writeFile(join(dir, "projects.jsonl.gz"), lines(projects));
}
