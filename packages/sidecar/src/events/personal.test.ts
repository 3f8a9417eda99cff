import { describe, expect, it } from "vitest";
import { blankSnapshot } from "../../../jql/src/testing/blank-snapshot.js";
import { personalEntriesOf } from "./personal.js";
import { parseEvents } from "./schema.js";

const snapshot = blankSnapshot({
  id: 7,
  key: "A-7",
  projectId: 1,
  assignee: "u2",
  reporter: "u3",
  creator: "u3",
});
const before = { project: "1", issuetype: "1", status: "1", sprint: [] };

function entries(event: Record<string, unknown>) {
  return personalEntriesOf(parseEvents([{ issueId: "7", snapshot, ...event }]).issues[0]!);
}

describe("personalEntriesOf", () => {
  it("names the users the issue's fields were and are", () => {
    expect(
      entries({
        type: "issue_updated",
        before,
        changes: [{ field: "assignee", from: "u1", to: "u2" }],
        changesComplete: true,
      }),
    ).toEqual(["assignee:u2", "assignee:u1", "reporter:u3", "creator:u3"]);
    expect(entries({ type: "issue_created" })).toEqual(["assignee:u2", "reporter:u3", "creator:u3"]);
  });

  it("cannot say without a snapshot, a complete changelog, or a `from` for a named field", () => {
    expect(
      entries({ type: "issue_updated", before, changes: [{ field: "status", from: "1", to: "2" }] }),
    ).toBeUndefined();
    expect(
      entries({ type: "issue_updated", before, changes: [{ field: "assignee" }], changesComplete: true }),
    ).toBeUndefined();
    expect(
      entries({
        type: "issue_updated",
        before,
        changes: [{ field: "assignee", from: { id: 1 } }],
        changesComplete: true,
      }),
    ).toBeUndefined();
    expect(
      personalEntriesOf(
        parseEvents([{ type: "issue_updated", issueId: "7", before, changesComplete: true, changes: [] }])
          .issues[0]!,
      ),
    ).toBeUndefined();
  });
});
