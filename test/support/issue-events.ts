/**
 * The events a test publishes for a change it applied (issue-model.ts), in the forms the
 * engine accepts (events/schema.ts): what changed (`changes` with from/to; the engine reads
 * the rest from the database), the indexed values before and after, or the full snapshot
 * with the changelog (the engine patches member sets without a query), the same with the
 * producer's word that the changelog is complete (then the engine moves only the affected
 * users' personal versions); with or without the writer's txid.
 */
import type { IssueSnapshot } from "../../packages/jql/src/index.js";
import type { Applied } from "./issue-model.js";

export type EventForm = "changes" | "sides" | "snapshot" | "changelog";

export const EVENT_FORMS: readonly EventForm[] = ["changes", "sides", "snapshot", "changelog"];

export function eventFor(applied: Applied, form: EventForm, withTxid: boolean): Record<string, unknown> {
  const { mutation, before, after } = applied;
  const type = !before ? "issue_created" : !after ? "issue_deleted" : "issue_updated";
  const event: Record<string, unknown> = { type, issueId: String(applied.issueId) };
  if (withTxid) event.txid = applied.txid;
  switch (form) {
    case "snapshot":
    case "changelog":
      // As a webhook carries it: the issue after the change and the changelog (the snapshot
      // alone cannot say where the issue was, and the engine refuses such an update). Every
      // mutation changes one field (and `updated`), so its changelog is complete.
      event.snapshot = after ?? before;
      if (before && after) event.changes = changesOf(mutation.kind, before, after);
      if (before && after && form === "changelog") event.changesComplete = true;
      break;
    case "sides":
      if (before) event.before = indexed(before);
      if (after) event.after = indexed(after);
      break;
    case "changes":
      // A deletion must still say what the issue was; a creation is read from the database.
      if (!after) event.before = indexed(before!);
      else if (before) event.changes = changesOf(mutation.kind, before, after);
  }
  return event;
}

/** The event-indexed fields (docs/redis-layout.md "Event index"). */
export function indexed(issue: IssueSnapshot) {
  return {
    project: String(issue.projectId),
    issuetype: String(issue.issueTypeId),
    status: String(issue.statusId),
    sprint: issue.sprintIds.map(String),
  };
}

const CHANGED: Record<string, (issue: IssueSnapshot) => unknown> = {
  status: (i) => String(i.statusId),
  assignee: (i) => i.assignee,
  reporter: (i) => i.reporter,
  priority: (i) => (i.priorityId === null ? null : String(i.priorityId)),
  security: (i) => (i.securityLevelId === null ? null : String(i.securityLevelId)),
  labels: (i) => i.labels,
  sprints: (i) => i.sprintIds.map(String),
  project: (i) => String(i.projectId),
};

/** Jira's field names in change items. */
const FIELD_NAMES: Record<string, string> = { sprints: "sprint", security: "level" };

function changesOf(kind: string, before: IssueSnapshot, after: IssueSnapshot) {
  const value = CHANGED[kind]!;
  return [{ field: FIELD_NAMES[kind] ?? kind, from: value(before), to: value(after) }];
}
