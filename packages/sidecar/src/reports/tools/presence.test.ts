import { describe, expect, it } from "vitest";
import type { IssueRow } from "../contract/contract.js";
import { createContribution, mergeContributions, mergedState } from "../contract/contribution.js";
import { unusedCustomFields, unusedStatuses, unusedVersions } from "./builtin.js";
import { presenceRows, sentence } from "./presence-rows.js";
import { parseWindowParams } from "./window-params.js";

const DAY = 86_400_000;
const asOfMs = Date.parse("2025-06-01T00:00:00Z");
const scope = {
  kind: "project",
  text: "project:FOO",
  label: "project FOO",
  projectIds: [1],
  where: { text: "TRUE", values: [] },
} as const;
const run = { tenant: "t", runId: "1", scope, params: { days: 30 }, asOfMs };

function issue(id: number, updatedDaysAgo: number, extra: Partial<IssueRow> = {}): IssueRow {
  const updatedMs = asOfMs - updatedDaysAgo * DAY;
  return {
    id: String(id),
    projectId: 1,
    statusId: 1,
    issueTypeId: 1,
    createdMs: updatedMs - DAY,
    updatedMs,
    customFieldIds: [],
    componentIds: [],
    fixVersionIds: [],
    affectedVersionIds: [],
    statusChanges: [],
    ...extra,
  };
}

function contribute(tool: typeof unusedCustomFields, batches: IssueRow[][]) {
  return mergedState(
    mergeContributions(
      batches.map((rows) => {
        const out = createContribution();
        tool.contribute(rows, run, out);
        return out.build();
      }),
    ),
  );
}

describe("presence tools", () => {
  it("count holders all-time and in the window, and remember the latest use", () => {
    const merged = contribute(unusedCustomFields, [
      [issue(1, 5, { customFieldIds: [10] }), issue(2, 100, { customFieldIds: [10, 11] })],
      [issue(3, 200, { customFieldIds: [11] }), issue(4, 1)],
    ]);
    expect([merged.sum("cf:10:all"), merged.sum("cf:10:window"), merged.max("cf:10:last")]).toEqual([
      2,
      1,
      asOfMs - 5 * DAY,
    ]);
    expect([merged.sum("cf:11:all"), merged.sum("cf:11:window"), merged.max("cf:11:last")]).toEqual([
      2,
      0,
      asOfMs - 100 * DAY,
    ]);
    expect([merged.sum("issues:all"), merged.sum("issues:window")]).toEqual([4, 2]);
    expect(merged.keys("max", "project:")).toEqual(["1"]);
  });

  it("count a version held as fix and affected once per issue", () => {
    const merged = contribute(unusedVersions, [
      [issue(1, 1, { fixVersionIds: [7], affectedVersionIds: [7, 8] })],
    ]);
    expect([merged.sum("ve:7:all"), merged.sum("ve:8:all")]).toEqual([1, 1]);
  });

  it("count status transitions as uses at their instant", () => {
    const changes = [
      { from: 1, to: 3, atMs: asOfMs - 10 * DAY },
      { from: 3, to: 5, atMs: asOfMs - 400 * DAY },
    ];
    const merged = contribute(unusedStatuses, [[issue(1, 500, { statusId: 5, statusChanges: changes })]]);
    expect(merged.max("st:1:last")).toBe(asOfMs - 10 * DAY);
    expect(merged.max("st:3:last")).toBe(asOfMs - 10 * DAY);
    expect(merged.max("st:5:last")).toBe(asOfMs - 400 * DAY);
  });

  it("build one verdict per candidate with the reason, and a summary", () => {
    const merged = contribute(unusedCustomFields, [
      [issue(1, 5, { customFieldIds: [10] }), issue(2, 100, { customFieldIds: [11] }), issue(3, 2)],
    ]);
    const candidates = [
      { id: 10, label: "'Used'" },
      { id: 11, label: "'Story Points'" },
      { id: 12, label: "'Never'" },
    ];
    const rows = presenceRows(fieldSpec, candidates, merged, { ...run, db: null as never, issuesScanned: 3 });
    const unused = rows.filter((row) => row.metric === "unused");
    expect(unused.map((row) => [row.entityId, row.value])).toEqual([
      ["10", 0],
      ["11", 1],
      ["12", 1],
    ]);
    expect(unused[1]!.note).toBe(
      "no issue in project FOO has had a value for 'Story Points' since 2025-02-21; 0 of 2 issues updated in the last 30 days",
    );
    expect(unused[2]!.note).toBe("no issue in project FOO has ever had a value for 'Never'; 0 of 3 issues");
    expect(unused[0]!.note).toBe(
      "in use: last on 2025-05-27; 1 of 2 issues updated in the last 30 days hold it",
    );
    const summary = Object.fromEntries(
      rows.filter((r) => r.entityType === "scope").map((r) => [r.metric, r.value]),
    );
    expect(summary).toEqual({
      issues: 3,
      issues_in_window: 2,
      window_start: asOfMs - 30 * DAY,
      entities: 3,
      unused_entities: 2,
    });
    expect(rows.filter((r) => r.entityId === "12").map((r) => r.metric)).toEqual([
      "unused",
      "issues_in_window",
      "issues_total",
    ]);
  });

  it("formats thousands in sentences", () => {
    const facts = {
      scope: "project FOO",
      days: 90,
      recentIssues: 4_210,
      allIssues: 9_000,
      inWindow: 0,
      unused: true,
    };
    expect(
      sentence("had a value for 'Story Points'", { ...facts, last: Date.parse("2024-01-10T12:00:00Z") }),
    ).toBe(
      "no issue in project FOO has had a value for 'Story Points' since 2024-01-10; 0 of 4,210 issues updated in the last 90 days",
    );
  });

  it("check the window parameter and name the accepted values", () => {
    expect(parseWindowParams({})).toEqual({ days: 90 });
    expect(parseWindowParams({ days: "30" })).toEqual({ days: 30 });
    expect(() => parseWindowParams({ days: 0 })).toThrow(
      /parameter days: expected a whole number of days from 1 to 3650, got 0/,
    );
    expect(() => parseWindowParams({ day: 3 })).toThrow(
      /parameter day: unknown parameter; the parameter is "days"/,
    );
  });
});

const fieldSpec = {
  entityType: "custom_field",
  key: "cf",
  phrase: (candidate: { label: string }) => `had a value for ${candidate.label}`,
};
