/**
 * The evaluator's hand-built fixture (packages/jql/src/testing/fixture-dataset.ts: three
 * projects with different browse schemes, a security level, comments restricted to a
 * group and a role, every custom field type, a name shared by two custom fields), plus
 * history the seed never writes: changes at the same instant (zero-length intervals), a
 * change before the issue's creation, fixVersion additions of a present version and
 * removals of an absent one, a swap item (from and to), and a version set emptied and
 * refilled.
 */
import type { ChangeItem, Dataset } from "../../../packages/jql/src/model.js";
import {
  FIXTURE_NOW,
  FIXTURE_ZONE,
  fixtureDataset,
} from "../../../packages/jql/src/testing/fixture-dataset.js";

export { FIXTURE_NOW, FIXTURE_ZONE };

const at = (iso: string) => Date.parse(iso);
const item = (
  issueId: number,
  field: string,
  from: string | null,
  to: string | null,
  author: string,
  iso: string,
): ChangeItem => ({
  issueId,
  field,
  from,
  to,
  author,
  at: at(iso),
});

export const EDGE_HISTORY: readonly ChangeItem[] = [
  // PUB-2 (fixVersions 1, 2 now): 1 added twice, 3 removed while absent, 2 swapped for 4 and back.
  item(2, "fixVersion", null, "1", "alice", "2024-06-10T08:00:00Z"),
  item(2, "fixVersion", null, "1", "bob", "2024-06-10T09:00:00Z"),
  item(2, "fixVersion", "3", null, "bob", "2024-06-10T10:00:00Z"),
  item(2, "fixVersion", null, "2", "carol", "2024-06-10T11:00:00Z"),
  item(2, "fixVersion", "2", "4", "carol", "2024-06-11T00:00:00Z"),
  item(2, "fixVersion", "4", "2", "alice", "2024-06-11T00:00:00Z"),
  // PUB-10: two status changes at one instant (the middle value is never held).
  item(4, "status", "1", "2", "dave", "2024-06-01T12:00:00Z"),
  item(4, "status", "2", "4", "dave", "2024-06-01T12:00:00Z"),
  item(4, "priority", null, "3", "alice", "2024-06-02T00:00:00Z"),
  item(4, "priority", "3", null, "alice", "2024-06-03T00:00:00Z"),
  // SEC-1: a change recorded before the issue was created; fixVersion emptied and refilled.
  item(5, "assignee", "carol", "bob", "alice", "2024-06-01T00:00:00Z"),
  item(5, "fixVersion", "5", null, "bob", "2024-06-15T00:00:00Z"),
  item(5, "fixVersion", null, "5", "bob", "2024-06-15T06:00:00Z"),
  // REP-1: resolution set and cleared, reporter changed by nobody known.
  item(7, "resolution", null, "1", "dave", "2024-06-15T09:30:00Z"),
  item(7, "resolution", "1", null, "dave", "2024-06-15T10:00:00Z"),
  item(7, "issuetype", "2", "1", "carol", "2024-06-15T09:00:00Z"),
];

export const edgeFixture: Dataset = {
  ...fixtureDataset,
  history: [...fixtureDataset.history, ...EDGE_HISTORY],
};
