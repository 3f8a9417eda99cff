/**
 * First pass over the Jira dump: collects every name the catalog needs (statuses, types,
 * priorities, resolutions, sprints, categories, users) from *all* records, so the catalog
 * and its ids are the same whether or not the issue load is limited, and remembers the
 * ids of the issues that will be loaded (the first `limit`, in file order).
 */
import type { StatusCategory } from "@subq/jql";
import { DbError } from "../errors.js";
import {
  type JiraIssueRecord,
  type JiraProjectRecord,
  type JiraSprintRecord,
  readJiraComments,
  readJiraIssues,
  readJiraProjects,
} from "./jira-records.js";

/** Placeholder author of comments the dump has no author for. */
export const ANONYMOUS_USER = "anonymous";

export interface JiraScan {
  readonly projects: readonly JiraProjectRecord[];
  /** Names in order of first appearance. */
  readonly categories: readonly string[];
  readonly projectCategory: ReadonlyMap<string, string>;
  readonly issueTypes: ReadonlyMap<string, boolean>;
  readonly statuses: ReadonlyMap<string, StatusCategory>;
  readonly priorities: readonly string[];
  readonly resolutions: readonly string[];
  readonly sprints: ReadonlyMap<number, JiraSprintRecord>;
  readonly users: ReadonlySet<string>;
  readonly assignees: ReadonlySet<string>;
  /** Project key → assignee → issue count (the most frequent assignee leads the project). */
  readonly assigneeCounts: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Keys and ids of the issues that will be loaded. */
  readonly loadedKeys: ReadonlyMap<string, number>;
}

interface MutableScan extends JiraScan {
  readonly categories: string[];
  readonly projectCategory: Map<string, string>;
  readonly issueTypes: Map<string, boolean>;
  readonly statuses: Map<string, StatusCategory>;
  readonly priorities: string[];
  readonly resolutions: string[];
  readonly sprints: Map<number, JiraSprintRecord>;
  readonly users: Set<string>;
  readonly assignees: Set<string>;
  readonly assigneeCounts: Map<string, Map<string, number>>;
  readonly loadedKeys: Map<string, number>;
}

export async function scanJiraDump(dir: string, limit: number): Promise<JiraScan> {
  const projects: JiraProjectRecord[] = [];
  for await (const project of readJiraProjects(dir)) projects.push(project);
  const issueTypes = new Map<string, boolean>();
  for (const project of projects)
    for (const name of project.issue_types) issueTypes.set(name, /sub-?task/i.test(name));
  const scan: MutableScan = {
    projects,
    categories: [],
    projectCategory: new Map(),
    issueTypes,
    statuses: new Map(),
    priorities: [],
    resolutions: [],
    sprints: new Map(),
    users: new Set(),
    assignees: new Set(),
    assigneeCounts: new Map(),
    loadedKeys: new Map(),
  };
  for await (const issue of readJiraIssues(dir)) {
    checkIssue(issue, scan.loadedKeys.size);
    if (scan.loadedKeys.size < limit) scan.loadedKeys.set(issue.key, Number(issue.id));
    collectIssue(scan, issue);
  }
  for await (const comment of readJiraComments(dir)) scan.users.add(comment.author ?? ANONYMOUS_USER);
  return scan;
}

function collectIssue(scan: MutableScan, issue: JiraIssueRecord): void {
  const category = issue.project.category;
  if (category !== null) {
    addName(scan.categories, category);
    scan.projectCategory.set(issue.project.key, category);
  }
  if (!scan.issueTypes.has(issue.issuetype) || issue.subtask)
    scan.issueTypes.set(issue.issuetype, issue.subtask);
  if (!scan.statuses.has(issue.status)) scan.statuses.set(issue.status, issue.status_category);
  if (issue.priority !== null) addName(scan.priorities, issue.priority);
  if (issue.resolution !== null) addName(scan.resolutions, issue.resolution);
  for (const sprint of issue.sprints) if (!scan.sprints.has(sprint.id)) scan.sprints.set(sprint.id, sprint);
  for (const user of [issue.assignee, issue.reporter, issue.creator]) if (user !== null) scan.users.add(user);
  if (issue.assignee !== null) {
    scan.assignees.add(issue.assignee);
    const counts = scan.assigneeCounts.get(issue.project.key) ?? new Map<string, number>();
    counts.set(issue.assignee, (counts.get(issue.assignee) ?? 0) + 1);
    scan.assigneeCounts.set(issue.project.key, counts);
  }
}

function addName(names: string[], name: string): void {
  if (!names.includes(name)) names.push(name);
}

function checkIssue(issue: JiraIssueRecord, index: number): void {
  const ok =
    typeof issue.id === "string" &&
    typeof issue.key === "string" &&
    typeof issue.project?.key === "string" &&
    typeof issue.created === "string" &&
    typeof issue.status === "string";
  if (!ok) {
    throw new DbError(
      "E_DATASET_INVALID",
      `issue record ${index + 1} lacks id, key, project, status or created`,
    );
  }
}
