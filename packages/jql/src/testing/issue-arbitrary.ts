/**
 * fast-check arbitraries for datasets over a catalog: issues with random values for
 * every field (EMPTY included), custom field values by type, comments with visibility
 * and change history, so that random queries (query-arbitrary.ts) meet data that makes
 * their clauses true and false. Times spread over roughly 200 days before `around`.
 */
import fc from "fast-check";
import type {
  Catalog,
  ChangeItem,
  Comment,
  CustomField,
  CustomFieldValue,
  Dataset,
  IssueSnapshot,
} from "../model.js";

export interface DatasetArbitraryOptions {
  /** Most issues per dataset (default 8). */
  readonly maxIssues?: number;
  /** Issues are created before this instant (default 2024-06-15T12:00Z). */
  readonly around?: number;
}

const DAY = 86_400_000;
const WORDS = ["login", "crash", "quick-win", "report", "Firefox", "error", "café", "API"];
const LABELS = ["a", "b", "backend", "ui", "frontend", "ops"];

const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arb, { nil: null, freq: 3 });
const subset = <T>(items: readonly T[]): fc.Arbitrary<T[]> =>
  items.length ? fc.subarray([...items], { maxLength: 3 }) : fc.constant([]);
const pick = <T>(items: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...items);
const text = fc.array(pick(WORDS), { minLength: 1, maxLength: 4 }).map((w) => w.join(" "));

function calendarDate(instant: number): string {
  return new Date(instant).toISOString().slice(0, 10);
}

function customValue(
  field: CustomField,
  users: readonly string[],
  instant: fc.Arbitrary<number>,
): fc.Arbitrary<CustomFieldValue | undefined> {
  const options = field.options.map((o) => o.id);
  switch (field.type) {
    case "select":
      return options.length ? pick(options) : fc.constant(undefined);
    case "multiselect":
      return subset(options);
    case "number":
      return fc.integer({ min: 0, max: 10 });
    case "date":
      return instant.map(calendarDate);
    case "datetime":
      return instant;
    case "user":
      return pick(users);
    case "text":
      return fc.oneof(text, fc.constant(""));
    case "labels":
      return subset(LABELS);
  }
}

function issueArbitrary(c: Catalog, id: number, around: number): fc.Arbitrary<IssueSnapshot> {
  const users = c.users.map((u) => u.id);
  const instant = fc.integer({ min: around - 200 * DAY, max: around + 20 * DAY });
  const ids = (items: readonly { id: number }[]) => items.map((i) => i.id);
  const custom: Record<string, fc.Arbitrary<CustomFieldValue | undefined>> = {};
  for (const field of c.customFields)
    custom[field.id] = fc.option(customValue(field, users, instant), { nil: undefined });
  return fc
    .record({
      project: pick(c.projects),
      issueTypeId: pick(ids(c.issueTypes)),
      statusId: pick(ids(c.statuses)),
      priorityId: maybe(pick(ids(c.priorities))),
      resolutionId: maybe(pick(ids(c.resolutions))),
      assignee: maybe(pick(users)),
      reporter: maybe(pick(users)),
      creator: maybe(pick(users)),
      parentId: maybe(fc.integer({ min: 1, max: Math.max(1, id - 1) })),
      summary: text,
      description: maybe(fc.oneof(text, fc.constant(""))),
      environment: maybe(text),
      labels: subset(LABELS),
      componentIds: subset(ids(c.components)),
      fixVersionIds: subset(ids(c.versions)),
      affectedVersionIds: subset(ids(c.versions)),
      sprintIds: subset(ids(c.sprints)),
      created: fc.integer({ min: around - 200 * DAY, max: around }),
      age: fc.integer({ min: 0, max: 30 * DAY }),
      resolved: maybe(instant),
      statusCategoryChanged: maybe(instant),
      due: maybe(instant.map(calendarDate)),
      originalEstimate: maybe(fc.integer({ min: 0, max: 40 }).map((n) => n * 1800)),
      remainingEstimate: maybe(fc.integer({ min: 0, max: 40 }).map((n) => n * 1800)),
      timeSpent: maybe(fc.integer({ min: 0, max: 40 }).map((n) => n * 1800)),
      securityLevelId: c.securityLevels.length ? maybe(pick(ids(c.securityLevels))) : fc.constant(null),
      votes: fc.integer({ min: 0, max: 5 }),
      watchers: subset(users),
      voters: subset(users),
      attachmentCount: fc.integer({ min: 0, max: 2 }),
      customFields: fc.record(custom),
    })
    .map(({ project, age, customFields, parentId, ...rest }) => ({
      ...rest,
      id,
      key: `${project.key}-${id}`,
      projectId: project.id,
      parentId: parentId === id ? null : parentId,
      updated: rest.created + age,
      customFields: Object.fromEntries(
        Object.entries(customFields).filter((e): e is [string, CustomFieldValue] => e[1] !== undefined),
      ),
    }));
}

function commentArbitrary(c: Catalog, issue: IssueSnapshot, id: number): fc.Arbitrary<Comment> {
  const visibility = fc.oneof(
    fc.constant(null),
    ...Object.keys(c.groups).map((group) => fc.constant({ type: "group" as const, group })),
    ...c.roles.map((role) => fc.constant({ type: "role" as const, roleId: role.id })),
  );
  return fc.record({ author: pick(c.users.map((u) => u.id)), body: text, visibility }).map((r) => ({
    ...r,
    id,
    issueId: issue.id,
    created: issue.created + DAY,
  }));
}

const HISTORY_FIELDS = [
  "status",
  "assignee",
  "priority",
  "resolution",
  "reporter",
  "issuetype",
  "fixVersion",
] as const;

function changeArbitrary(c: Catalog, issue: IssueSnapshot, around: number): fc.Arbitrary<ChangeItem> {
  const values: Record<(typeof HISTORY_FIELDS)[number], readonly string[]> = {
    status: c.statuses.map((s) => String(s.id)),
    assignee: c.users.map((u) => u.id),
    priority: c.priorities.map((p) => String(p.id)),
    resolution: c.resolutions.map((r) => String(r.id)),
    reporter: c.users.map((u) => u.id),
    issuetype: c.issueTypes.map((t) => String(t.id)),
    fixVersion: c.versions.map((v) => String(v.id)),
  };
  return pick(HISTORY_FIELDS).chain((field) =>
    fc.record({
      issueId: fc.constant(issue.id),
      field: fc.constant(field),
      from: maybe(pick(values[field])),
      to: maybe(pick(values[field])),
      author: maybe(pick(c.users.map((u) => u.id))),
      at: fc.integer({ min: issue.created, max: Math.max(issue.created, around) }),
    }),
  );
}

/** A dataset of 1..maxIssues random issues over the catalog (ids 1..n, keys `KEY-id`). */
export function catalogDatasetArbitrary(
  c: Catalog,
  options: DatasetArbitraryOptions = {},
): fc.Arbitrary<Dataset> {
  const around = options.around ?? Date.parse("2024-06-15T12:00:00Z");
  return fc
    .integer({ min: 1, max: options.maxIssues ?? 8 })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => issueArbitrary(c, i + 1, around))))
    .chain((issues) =>
      fc
        .tuple(
          fc.tuple(
            ...issues.map((issue, i) => fc.array(commentArbitrary(c, issue, i * 10), { maxLength: 2 })),
          ),
          fc.tuple(...issues.map((issue) => fc.array(changeArbitrary(c, issue, around), { maxLength: 3 }))),
        )
        .map(([comments, history]) => ({
          catalog: c,
          issues,
          comments: comments.flat().map((comment, i) => ({ ...comment, id: i + 1 })),
          history: history.flat().sort((a, b) => a.at - b.at),
        })),
    );
}
