/**
 * The record shapes of the Jira dump in shared/data/appcelerator-jira (see its README),
 * and typed readers for them, including the write-arrival events kept for benchmarks.
 */
import { join } from "node:path";
import { readJsonLines } from "./jsonl.js";

export interface JiraSprintRecord {
  readonly id: number;
  readonly name: string;
  readonly state: "future" | "active" | "closed";
  readonly start: string | null;
  readonly end: string | null;
  readonly board_id: number | null;
}

export interface JiraIssueRecord {
  readonly id: string;
  readonly key: string;
  readonly project: {
    readonly id: string;
    readonly key: string;
    readonly name: string;
    readonly category: string | null;
  };
  readonly issuetype: string;
  readonly subtask: boolean;
  readonly status: string;
  readonly status_category: "new" | "indeterminate" | "done";
  readonly priority: string | null;
  readonly resolution: string | null;
  readonly assignee: string | null;
  readonly reporter: string | null;
  readonly creator: string | null;
  readonly components: readonly string[];
  readonly labels: readonly string[];
  readonly fix_versions: readonly string[];
  readonly affects_versions: readonly string[];
  readonly sprints: readonly JiraSprintRecord[];
  readonly parent: string | null;
  readonly flagged: boolean;
  readonly summary: string | null;
  readonly description: string | null;
  readonly environment: string | null;
  readonly created: string;
  readonly updated: string;
  readonly resolved: string | null;
  readonly attachment_count: number | null;
}

export interface JiraCommentRecord {
  readonly issue_id: string;
  readonly comment_id: string;
  readonly author: string | null;
  readonly created: string;
  readonly body: string | null;
}

export interface JiraProjectRecord {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly components: readonly { readonly id: string; readonly name: string }[];
  /** In the project's version order. */
  readonly versions: readonly {
    readonly id: string;
    readonly name: string;
    readonly released: boolean;
    readonly archived: boolean;
    readonly releaseDate: string | null;
  }[];
  readonly issue_types: readonly string[];
}

export type JiraEventType =
  | "issue_created"
  | "comment_added"
  | "comment_edited"
  | "issue_resolved"
  | "issue_last_updated";

/** One proven write arrival (`events_derived.jsonl.gz`); `to` is the resolution of issue_resolved. */
export interface JiraEventRecord {
  readonly issue_id: string;
  readonly issue_key: string;
  readonly ts: string;
  readonly author: string | null;
  readonly event: JiraEventType;
  readonly comment_id?: string;
  readonly to?: string;
}

export const JIRA_FILES = {
  issues: "issues.jsonl.gz",
  comments: "comments.jsonl.gz",
  projects: "projects.jsonl.gz",
  events: "events_derived.jsonl.gz",
} as const;

export const readJiraIssues = (dir: string) => readJsonLines<JiraIssueRecord>(join(dir, JIRA_FILES.issues));
export const readJiraComments = (dir: string) =>
  readJsonLines<JiraCommentRecord>(join(dir, JIRA_FILES.comments));
export const readJiraProjects = (dir: string) =>
  readJsonLines<JiraProjectRecord>(join(dir, JIRA_FILES.projects));
/** The write-arrival events, in file order (by issue, then time), for replay benchmarks. */
export const readJiraEvents = (dir: string) => readJsonLines<JiraEventRecord>(join(dir, JIRA_FILES.events));
