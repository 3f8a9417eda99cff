/**
 * Random issue changes for property tests: fast-check draws abstract picks (a kind and two
 * numbers), and `resolvePick` turns them into a concrete change of the model's current
 * issues and catalog, so a generated stream stays valid however earlier steps changed things.
 */
import fc from "fast-check";
import type { IssueModel, Mutation, MutationKind } from "./issue-model.js";

export interface MutationPick {
  readonly kind: MutationKind;
  readonly issue: number;
  readonly value: number;
}

export const ALL_KINDS: readonly MutationKind[] = [
  "status",
  "assignee",
  "reporter",
  "priority",
  "security",
  "labels",
  "sprints",
  "project",
  "create",
  "delete",
];

/** Labels the changes add and remove (a subscription may ask for them). */
export const TEST_LABELS = ["conv-a", "conv-b"] as const;

export function mutationPickArbitrary(
  kinds: readonly MutationKind[] = ALL_KINDS,
): fc.Arbitrary<MutationPick> {
  return fc.record({ kind: fc.constantFrom(...kinds), issue: fc.nat(), value: fc.nat() });
}

/**
 * The change a pick stands for. With a `pool` (issues the test cares about, e.g. ones its
 * queries returned), half of the picks change one of those, so changes meet the queries.
 */
export function resolvePick(model: IssueModel, pick: MutationPick, pool: readonly number[] = []): Mutation {
  const { catalog } = model;
  const ids = model.ids();
  const live = pool.filter((id) => model.has(id));
  const issue =
    live.length > 0 && pick.value % 2 === 0 ? live[pick.issue % live.length]! : ids[pick.issue % ids.length]!;
  const current = model.get(issue);
  const choose = <T>(values: readonly T[]): T => values[pick.value % values.length]!;
  const toggle = <T>(values: readonly T[], value: T): T[] =>
    values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
  const users = [null, ...catalog.users.map((u) => u.id)];
  switch (pick.kind) {
    case "status":
      return { kind: "status", issue, to: choose(catalog.statuses).id };
    case "assignee":
      return { kind: "assignee", issue, to: choose(users) };
    case "reporter":
      return { kind: "reporter", issue, to: choose(users) };
    case "priority":
      return { kind: "priority", issue, to: choose([null, ...catalog.priorities.map((p) => p.id)]) };
    case "security":
      return { kind: "security", issue, to: choose([null, ...catalog.securityLevels.map((l) => l.id)]) };
    case "labels":
      return { kind: "labels", issue, to: toggle(current.labels, choose(TEST_LABELS)) };
    case "sprints":
      return { kind: "sprints", issue, to: toggle(current.sprintIds, choose(catalog.sprints).id) };
    case "project": {
      const others = catalog.projects.filter((p) => p.id !== current.projectId);
      return { kind: "project", issue, to: choose(others).id };
    }
    case "create":
      return { kind: "create", like: issue, project: choose(catalog.projects).id };
    case "delete": {
      // The first issue from the pick on that no other issue names as its parent.
      for (let k = 0; k < ids.length; k++) {
        const candidate = ids[(pick.issue + k) % ids.length]!;
        if (!model.hasChildren(candidate)) return { kind: "delete", issue: candidate };
      }
      throw new Error("every issue has children");
    }
  }
}
