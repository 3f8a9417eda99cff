import { describe, expect, it } from "vitest";
import { personalEntriesOf } from "./personal.js";
import { parseEvents } from "./schema.js";

const snapshot = {
  id: 7,
  key: "A-7",
  projectId: 1,
  issueTypeId: 1,
  statusId: 1,
  priorityId: null,
  resolutionId: null,
  assignee: "u2",
  reporter: "u3",
  creator: "u3",
  parentId: null,
  summary: "s",
  description: null,
  environment: null,
  labels: [],
  componentIds: [],
  fixVersionIds: [],
  affectedVersionIds: [],
  sprintIds: [],
  created: 0,
  updated: 0,
  resolved: null,
  statusCategoryChanged: null,
  due: null,
  originalEstimate: null,
  remainingEstimate: null,
  timeSpent: null,
  securityLevelId: null,
  votes: 0,
  watchers: [],
  voters: [],
  attachmentCount: 0,
  customFields: {},
};
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
