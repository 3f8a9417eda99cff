/**
 * The indexed field values of an issue before and after an event, which is what the
 * event index is looked up by. Sources, most precise first: the full snapshot, explicit
 * `before`/`after`, the changed fields' `from`, and finally the issue's current row.
 */

import type { IndexedValues } from "../engine/tenant-database.js";
import type { SubscriptionMetadata } from "../redis/index.js";
import type { IndexedInput, IssueEventInput } from "./schema.js";

export type Side = Record<string, readonly string[]>;

export interface EventSides {
  readonly before?: SubscriptionMetadata;
  readonly after?: SubscriptionMetadata;
}

const FIELDS = ["project", "issuetype", "status", "sprint"] as const;

/** Aliases events may use for the indexed fields in `changes`. */
const CHANGE_FIELDS: Readonly<Record<string, (typeof FIELDS)[number]>> = {
  project: "project",
  issuetype: "issuetype",
  type: "issuetype",
  status: "status",
  sprint: "sprint",
};

function fromIndexed(values: IndexedInput | IndexedValues): Side {
  const side: Side = {};
  if (values.project !== undefined) side.project = [values.project];
  if (values.issuetype !== undefined) side.issuetype = [values.issuetype];
  if (values.status !== undefined) side.status = [values.status];
  if (values.sprint !== undefined) side.sprint = values.sprint;
  return side;
}

function fromSnapshot(snapshot: NonNullable<IssueEventInput["snapshot"]>): Side {
  return {
    project: [String(snapshot.projectId)],
    issuetype: [String(snapshot.issueTypeId)],
    status: [String(snapshot.statusId)],
    sprint: snapshot.sprintIds.map(String),
  };
}

function changeValues(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/**
 * The indexed fields whose value before an update the event leaves unknown: not in
 * `before`, and changed without `from` in `changes`, or not mentioned when the event has no
 * `changes` at all (a snapshot shows only the state after). Without them the subscriptions
 * the issue left cannot be found, and they would keep it.
 */
export function unknownBefore(event: IssueEventInput): string[] {
  if (event.type !== "issue_updated") return [];
  const given = (field: (typeof FIELDS)[number]) => event.before?.[field] !== undefined;
  if (!event.changes) return FIELDS.filter((field) => !given(field));
  return event.changes.flatMap((change) => {
    const field = CHANGE_FIELDS[change.field.toLowerCase()];
    return field && !("from" in change) && !given(field) ? [field] : [];
  });
}

/** Does the event need the issue's current row to know its indexed values after the change? */
export function needsCurrentRow(event: IssueEventInput): boolean {
  if (event.type === "issue_deleted" || event.snapshot) return false;
  const after = event.after ?? {};
  return FIELDS.some((field) => after[field] === undefined);
}

export function sidesOf(event: IssueEventInput, current: IndexedValues | undefined): EventSides {
  let after: Side | undefined;
  if (event.type !== "issue_deleted") {
    after = {
      ...(current ? fromIndexed(current) : {}),
      ...(event.snapshot ? fromSnapshot(event.snapshot) : {}),
      ...(event.after ? fromIndexed(event.after) : {}),
    };
  }
  if (event.type === "issue_created") return { after };
  let before: Side = {
    ...(after ?? {}),
    ...(event.snapshot && event.type === "issue_deleted" ? fromSnapshot(event.snapshot) : {}),
  };
  for (const change of event.changes ?? []) {
    const field = CHANGE_FIELDS[change.field.toLowerCase()];
    if (field && "from" in change) before[field] = changeValues(change.from);
  }
  if (event.before) before = { ...before, ...fromIndexed(event.before) };
  return { before, after };
}
