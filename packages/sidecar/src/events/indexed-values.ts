/**
 * The indexed field values of an issue before and after an event, which is what the
 * event index is looked up by. Sources, most precise first: the full snapshot, explicit
 * `before`/`after`, the changed fields' `from`, and finally the issue's current row.
 */

import type { IndexedValues } from "../engine/tenant-database.js";
import type { SubscriptionMetadata } from "../redis/index.js";
import { INDEXED_FIELDS, indexedFieldOfChange } from "./indexed-fields.js";
import type { IndexedInput, IssueEventInput } from "./schema.js";

export type Side = Record<string, readonly string[]>;

export interface EventSides {
  readonly before?: SubscriptionMetadata;
  readonly after?: SubscriptionMetadata;
}

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

/** Does the event need the issue's current row to know its indexed values after the change? */
export function needsCurrentRow(event: IssueEventInput): boolean {
  if (event.type === "issue_deleted" || event.snapshot) return false;
  const after = event.after ?? {};
  return INDEXED_FIELDS.some((field) => after[field] === undefined);
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
    const field = indexedFieldOfChange(change.field);
    if (field && "from" in change) before[field] = changeValues(change.from);
  }
  if (event.before) before = { ...before, ...fromIndexed(event.before) };
  return { before, after };
}
