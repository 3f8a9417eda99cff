import type { Catalog } from "@subq/jql";
import { describe, expect, it } from "vitest";
import { parseEvents } from "./schema.js";
import { changedFieldsOf, mayMove } from "./touched.js";

const catalog = {
  customFields: [{ id: 10009, name: "Severity", type: "select", options: [] }],
} as unknown as Catalog;

function update(changes: { field: string; from?: unknown; to?: unknown }[], complete = true) {
  const event = {
    type: "issue_updated",
    issueId: "7",
    changes,
    changesComplete: complete,
    before: { project: "1", issuetype: "1", status: "1", sprint: [] },
  };
  return parseEvents([event]).issues[0]!;
}

describe("changedFieldsOf", () => {
  it("names the changed fields canonically, with updated and derived fields", () => {
    expect([...changedFieldsOf(update([{ field: "Status", from: "1", to: "3" }]), catalog)!].sort()).toEqual([
      "status",
      "statusCategory",
      "statusCategoryChangedDate",
      "updated",
    ]);
    expect([
      ...changedFieldsOf(update([{ field: "customfield_10009" }, { field: "Severity" }]), catalog)!,
    ]).toEqual(["updated", "cf[10009]"]);
    expect([...changedFieldsOf(update([{ field: "comment" }]), catalog)!]).toEqual(["updated", "comment"]);
  });

  it("cannot tell without the producer's word, or with a name it does not know", () => {
    expect(changedFieldsOf(update([{ field: "status" }], false), catalog)).toBeNull();
    expect(changedFieldsOf(update([{ field: "Flux capacitor" }]), catalog)).toBeNull();
  });
});

describe("mayMove", () => {
  const reads = new Set(["priority", "created", "cf[10009]"]);
  it("moves when a read field, a permission field or anything unknown changed", () => {
    expect(mayMove(reads, new Set(["updated", "comment"]))).toBe(false);
    expect(mayMove(reads, new Set(["updated", "priority"]))).toBe(true);
    expect(mayMove(reads, new Set(["updated", "level"]))).toBe(true);
    expect(mayMove(reads, new Set(["updated", "assignee"]))).toBe(true);
    expect(mayMove(reads, null)).toBe(true);
    expect(mayMove(null, new Set(["updated"]))).toBe(true);
    expect(mayMove(new Set(["*"]), new Set(["updated"]))).toBe(true);
  });
});
