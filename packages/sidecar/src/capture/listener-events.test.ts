import { describe, expect, it } from "vitest";
import { parseEvents } from "../events/index.js";
import { eventsOf, type Notice, parseNotice } from "./listener-events.js";

const before = { project: "1", issuetype: "2", status: "3", sprint: ["7"] };
const after = { ...before, status: "4" };

function notices(...payloads: object[]): Notice[] {
  return payloads.map((p) => {
    const parsed = parseNotice(JSON.stringify(p));
    if (parsed instanceof Error) throw parsed;
    return parsed;
  });
}

describe("parseNotice", () => {
  it("reads the four kinds and refuses anything else", () => {
    expect(parseNotice('{"v":1,"tx":"9","resync":"issues truncated"}')).toEqual({
      v: 1,
      tx: "9",
      resync: "issues truncated",
    });
    expect(parseNotice('{"v":1,"ping":"x:1"}')).toEqual({ v: 1, ping: "x:1" });
    expect(parseNotice("hello")).toBeInstanceOf(Error);
    expect(parseNotice('{"v":2,"tx":"9","resync":"x"}')).toBeInstanceOf(Error);
    expect(parseNotice('{"v":1,"tx":"9","issues":[{"op":"u","ids":"1,x"}]}')).toBeInstanceOf(Error);
  });
});

describe("eventsOf", () => {
  it("expands grouped ids into one valid schema event each, with the transaction id", () => {
    const { issues } = eventsOf(
      notices({
        v: 1,
        tx: "42",
        issues: [{ op: "u", ids: "5,6", c: [{ field: "status", from: 3, to: 4 }], b: before, a: after }],
      }),
    );
    expect(issues).toEqual([
      {
        type: "issue_updated",
        issueId: "5",
        txid: "42",
        changes: [{ field: "status", from: 3, to: 4 }],
        before,
        after,
      },
      {
        type: "issue_updated",
        issueId: "6",
        txid: "42",
        changes: [{ field: "status", from: 3, to: 4 }],
        before,
        after,
      },
    ]);
    expect(parseEvents(issues).issues).toHaveLength(2);
  });

  it("merges one transaction's reports of an issue: earliest before, latest after, first from, last to", () => {
    const { issues } = eventsOf(
      notices(
        {
          v: 1,
          tx: "1",
          issues: [{ op: "u", ids: "5", c: [{ field: "status", from: 3, to: 4 }], b: before, a: after }],
        },
        {
          v: 1,
          tx: "1",
          issues: [
            {
              op: "u",
              ids: "5",
              c: [
                { field: "sprint", from: ["7"], to: ["7", "8"] },
                { field: "status", from: 4, to: 5 },
              ],
              b: after,
              a: { ...after, status: "5", sprint: ["7", "8"] },
            },
          ],
        },
      ),
    );
    expect(issues).toEqual([
      {
        type: "issue_updated",
        issueId: "5",
        txid: "1",
        changes: [
          { field: "status", from: 3, to: 5 },
          { field: "sprint", from: ["7"], to: ["7", "8"] },
        ],
        before,
        after: { ...after, status: "5", sprint: ["7", "8"] },
      },
    ]);
  });

  it("keeps transactions apart, and a change reported once without values keeps its name only", () => {
    const { issues } = eventsOf(
      notices(
        { v: 1, tx: "1", issues: [{ op: "u", ids: "5", c: [{ field: "labels" }], b: before, a: before }] },
        {
          v: 1,
          tx: "1",
          issues: [
            { op: "u", ids: "5", c: [{ field: "labels", from: [], to: ["x"] }], b: before, a: before },
          ],
        },
        { v: 1, tx: "2", issues: [{ op: "u", ids: "5", c: [{ field: "due" }], b: before, a: before }] },
      ),
    );
    expect(issues.map((e) => [e.txid, e.changes])).toEqual([
      ["1", [{ field: "labels" }]],
      ["2", [{ field: "due" }]],
    ]);
  });

  it("a deletion whose sprints came from the cascade becomes one issue_deleted with them, in either order", () => {
    const deleted = {
      v: 1,
      tx: "3",
      issues: [{ op: "d", ids: "9", b: { project: "1", issuetype: "2", status: "3" } }],
    };
    const cascade = {
      v: 1,
      tx: "3",
      issues: [
        {
          op: "u",
          ids: "9",
          c: [{ field: "sprint", from: ["7"], to: [] }],
          b: { sprint: ["7"] },
          a: { sprint: [] },
        },
      ],
    };
    for (const order of [
      [deleted, cascade],
      [cascade, deleted],
    ]) {
      const { issues } = eventsOf(notices(...order));
      expect(issues).toEqual([
        {
          type: "issue_deleted",
          issueId: "9",
          txid: "3",
          changes: [{ field: "sprint", from: ["7"], to: [] }],
          before: { project: "1", issuetype: "2", status: "3", sprint: ["7"] },
        },
      ]);
      expect(parseEvents(issues).issues).toHaveLength(1);
    }
  });

  it("created then linked is one creation with the final values; created and deleted is nothing", () => {
    const created = { v: 1, tx: "4", issues: [{ op: "c", ids: "11,12", a: { ...before, sprint: [] } }] };
    const linked = {
      v: 1,
      tx: "4",
      issues: [{ op: "u", ids: "11", b: { ...before, sprint: [] }, a: before }],
    };
    const gone = { v: 1, tx: "4", issues: [{ op: "d", ids: "12", b: { ...before, sprint: [] } }] };
    const { issues } = eventsOf(notices(created, linked, gone));
    expect(issues).toEqual([{ type: "issue_created", issueId: "11", txid: "4", after: before }]);
  });

  it("configuration events once per type; a resync becomes catalog_changed; pings are skipped", () => {
    const { config, issues } = eventsOf(
      notices(
        { v: 1, tx: "5", config: [{ type: "group_membership_changed", id: "groups insert 1" }] },
        { v: 1, tx: "6", config: [{ type: "group_membership_changed", id: "group_members insert 2" }] },
        { v: 1, ping: "me:1" },
        { v: 1, tx: "7", resync: "issues truncated" },
      ),
    );
    expect(issues).toEqual([]);
    expect(config).toEqual([
      { type: "group_membership_changed", id: "groups insert 1" },
      { type: "catalog_changed", id: "resync: issues truncated" },
    ]);
    expect(parseEvents(config).config).toHaveLength(2);
  });
});
