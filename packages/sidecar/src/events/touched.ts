/**
 * Which fields an update changed, as the canonical keys Stage 2 reads are recorded in
 * (packages/jql reads.ts): known only when the producer says its changelog is complete
 * (`changesComplete`) and every changed field can be named. An issue that stays a member
 * of a subscription then moves its version only when a field its queries read changed,
 * or one its visibility and key depend on.
 */

import type { Catalog } from "@subq/jql";
import { systemFieldKey } from "@subq/jql";
import type { IssueEventInput } from "./schema.js";

/** Visibility (browse, security level, reporter/assignee grants) and the key: every answer reads them. */
const ALWAYS: ReadonlySet<string> = new Set([
  "project",
  "category",
  "projectType",
  "level",
  "reporter",
  "assignee",
  "issuekey",
]);

/** Fields a change to a field also changes (derived values, other names of the same data). */
const ALSO: Readonly<Record<string, readonly string[]>> = {
  status: ["statusCategory", "statusCategoryChangedDate"],
  resolution: ["resolved"],
  watcher: ["watchers"],
  watchers: ["watcher"],
  voter: ["votes"],
  votes: ["voter"],
  timeSpent: ["workRatio"],
  remainingEstimate: ["workRatio"],
  originalEstimate: ["workRatio"],
};

const CUSTOM = /^(?:customfield_|cf\[)(\d+)\]?$/i;

/** The canonical keys an update changed (with `updated`), or null when it cannot be told. */
export function changedFieldsOf(event: IssueEventInput, catalog: Catalog): ReadonlySet<string> | null {
  if (event.type !== "issue_updated" || event.changesComplete !== true || !event.changes) return null;
  const out = new Set<string>(["updated"]);
  for (const change of event.changes) {
    const key = keyOf(change.field, catalog);
    if (key === null) return null;
    out.add(key);
    for (const also of ALSO[key] ?? []) out.add(also);
  }
  return out;
}

/** Can a change to `changed` move an answer that reads `reads` (null/empty/"*": anything)? */
export function mayMove(reads: ReadonlySet<string> | null, changed: ReadonlySet<string> | null): boolean {
  if (changed === null || reads === null || reads.size === 0 || reads.has("*")) return true;
  for (const field of changed) if (reads.has(field) || ALWAYS.has(field)) return true;
  return false;
}

function keyOf(name: string, catalog: Catalog): string | null {
  const custom = CUSTOM.exec(name);
  if (custom) return `cf[${Number(custom[1])}]`;
  const system = systemFieldKey(name);
  if (system !== null) return system;
  // A custom field by its name, when the name is unique.
  const named = catalog.customFields.filter((f) => f.name.toLowerCase() === name.toLowerCase());
  return named.length === 1 ? `cf[${named[0]!.id}]` : null;
}
