/**
 * Whose personal answers an issue event can move (packages/jql personal.ts): the users
 * its assignee, reporter and creator were before the change and are after it. Known only
 * from a snapshot (after) plus, for an update, the field's `from` in `changes` or the
 * producer's word that `changes` is complete (unchanged: before = after).
 */
import { personalEntry } from "../redis/index.js";
import type { IssueEventInput } from "./schema.js";

const FIELDS = ["assignee", "reporter", "creator"] as const;

/** "<field>:<user>" entries, or undefined when the event cannot say (anyone's answer may move). */
export function personalEntriesOf(event: IssueEventInput): string[] | undefined {
  const snapshot = event.snapshot;
  if (!snapshot) return undefined;
  const entries = new Set<string>();
  for (const field of FIELDS) {
    const users: unknown[] = [snapshot[field]];
    if (event.type === "issue_updated") {
      const change = event.changes?.find((c) => c.field.toLowerCase() === field);
      // A change that names the field without `from` does not say whose it was.
      if (change) {
        if (change.from === undefined) return undefined;
        users.push(change.from);
      } else if (event.changesComplete !== true) return undefined;
    }
    for (const user of users) {
      if (user === null) continue;
      if (typeof user !== "string") return undefined; // a `from` subq cannot read as a user id
      entries.add(personalEntry(field, user));
    }
  }
  return [...entries];
}
