/**
 * Maps Jira dump records to model issues and comments. The dump has no changelog, so the
 * history is derived from what the snapshot proves, consistent with the current values:
 * a resolved issue went from "Open" to its current status (and from no resolution to its
 * resolution) at its `resolved` time; an unresolved issue no longer "Open" moved there at
 * its `updated` time. Sub-task parents outside the loaded set become null. NUL characters,
 * which Postgres text cannot hold, are dropped from text.
 */
import type { ChangeItem, Comment, IssueSnapshot } from "@subq/jql";
import { DbError } from "../errors.js";
import { FLAGGED_FIELD_ID, IMPEDIMENT_OPTION_ID, type JiraIds } from "./jira-catalog.js";
import type { JiraCommentRecord, JiraIssueRecord } from "./jira-records.js";
import { ANONYMOUS_USER } from "./jira-scan.js";

export interface MappedIssue {
  readonly issue: IssueSnapshot;
  readonly changes: readonly ChangeItem[];
}

export function mapJiraIssue(
  record: JiraIssueRecord,
  ids: JiraIds,
  loadedKeys: ReadonlyMap<string, number>,
): MappedIssue {
  const projectKey = record.project.key;
  const lookup = (map: ReadonlyMap<string, number>, name: string, what: string) => {
    const id = map.get(name);
    if (id === undefined)
      throw new DbError("E_DATASET_INVALID", `issue ${record.key}: unknown ${what} "${name}"`);
    return id;
  };
  const inProject = (map: ReadonlyMap<string, number>, names: readonly string[], what: string) =>
    names.map((name) => lookup(map, `${projectKey}/${name}`, what)).sort((a, b) => a - b);
  const created = Date.parse(record.created);
  const resolved = record.resolved === null ? null : Date.parse(record.resolved);
  const statusId = lookup(ids.status, record.status, "status");
  const resolutionId =
    record.resolution === null ? null : lookup(ids.resolution, record.resolution, "resolution");
  const id = Number(record.id);
  const openId = ids.status.get("Open");
  const changes: ChangeItem[] = [];
  let categoryChanged = created;
  if (openId !== undefined && statusId !== openId) {
    const at = resolutionId !== null && resolved !== null ? resolved : Date.parse(record.updated);
    const author = record.assignee;
    changes.push({ issueId: id, field: "status", from: String(openId), to: String(statusId), author, at });
    if (resolutionId !== null && resolved !== null) {
      changes.push({ issueId: id, field: "resolution", from: null, to: String(resolutionId), author, at });
    }
    if (record.status_category !== "new") categoryChanged = at;
  }
  const issue: IssueSnapshot = {
    id,
    key: record.key,
    projectId: Number(record.project.id),
    issueTypeId: lookup(ids.issueType, record.issuetype, "issue type"),
    statusId,
    priorityId: record.priority === null ? null : lookup(ids.priority, record.priority, "priority"),
    resolutionId,
    assignee: record.assignee,
    reporter: record.reporter,
    creator: record.creator,
    parentId: record.parent === null ? null : (loadedKeys.get(record.parent) ?? null),
    summary: cleanText(record.summary) ?? "",
    description: cleanText(record.description),
    environment: cleanText(record.environment),
    labels: record.labels,
    componentIds: inProject(ids.component, record.components, "component"),
    fixVersionIds: inProject(ids.version, record.fix_versions, "fix version"),
    affectedVersionIds: inProject(ids.version, record.affects_versions, "affected version"),
    sprintIds: [...new Set(record.sprints.map((s) => s.id))].sort((a, b) => a - b),
    created,
    updated: Date.parse(record.updated),
    resolved: resolutionId === null ? null : resolved,
    statusCategoryChanged: categoryChanged,
    due: null,
    originalEstimate: null,
    remainingEstimate: null,
    timeSpent: null,
    securityLevelId: null,
    votes: 0,
    watchers: [],
    voters: [],
    attachmentCount: record.attachment_count ?? 0,
    customFields: record.flagged ? { [FLAGGED_FIELD_ID]: [IMPEDIMENT_OPTION_ID] } : {},
  };
  return { issue, changes };
}

export function mapJiraComment(record: JiraCommentRecord): Comment {
  return {
    id: Number(record.comment_id),
    issueId: Number(record.issue_id),
    author: record.author ?? ANONYMOUS_USER,
    body: cleanText(record.body) ?? "",
    created: Date.parse(record.created),
    visibility: null,
  };
}

function cleanText(text: string | null): string | null {
  return text === null ? null : text.replaceAll("\u0000", "");
}
