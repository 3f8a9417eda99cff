/**
 * The fields of a catalog as the query arbitrary sees them: how each may be written
 * (canonical name, aliases, `cf[N]`, custom field name, `"Name[Type]"`), the values that
 * exist (ids, names in any case, keys, e-mails) and optionally values that do not, and
 * the functions that fit it.
 */
import type { Field, Literal, Operand } from "../ast.js";
import type { Catalog, CustomField } from "../model.js";

export interface FieldValueOptions {
  /** Include values that name nothing in the catalog (default true; the resolver rejects them). */
  readonly unknownValues?: boolean;
  /** Label values to use (default a few fixed ones). */
  readonly labels?: readonly string[];
  /** Issue keys for issuekey and parent (default FOO-1..FOO-3). */
  readonly issueKeys?: readonly string[];
}

export const SPAN = { start: 0, end: 0 };
export const str = (value: string): Literal => ({ kind: "value", span: SPAN, value, number: false });
export const num = (value: number | string): Literal => ({
  kind: "value",
  span: SPAN,
  value: String(value),
  number: true,
});
export const EMPTY: Operand = { kind: "empty", span: SPAN };
export const call = (name: string, ...args: Literal[]): Operand => ({
  kind: "function",
  span: SPAN,
  name,
  args,
});
export const list = (items: readonly Operand[]): Operand => ({ kind: "list", span: SPAN, items });
export const named = (text: string): Field => ({
  kind: "field",
  span: SPAN,
  name: { kind: "name", text, number: false },
  properties: [],
});
const cf = (id: number): Field => ({ kind: "field", span: SPAN, name: { kind: "cf", id }, properties: [] });

export type Shape = "set" | "ordered" | "text" | "date" | "empty-only";

/** One field to generate clauses for: how it may be written, its values and functions. */
export interface FieldSpec {
  readonly fields: readonly Field[];
  readonly shape: Shape;
  readonly values: readonly Operand[];
  readonly functions: readonly Operand[];
  /** History: the values' domain for FROM / TO / WAS. */
  readonly history?: boolean;
}

export const DATES = [
  "2024-01-15",
  "2024/02/01",
  "2024-03-01 10:30",
  "2023-12-31",
  "-1d",
  "-2w",
  "-4w 2d",
  "1h",
  "0",
  "-30m",
];
export const DATE_FUNCTIONS = [
  call("now"),
  call("startOfDay", num(-1)),
  call("endOfWeek"),
  call("startOfMonth", str("+1")),
  call("endOfDay"),
];
const WORDS = ["crash", "login", "error", "win*", '"quick win"', "report"];

function namedIds(items: readonly { id: number; name: string }[], unknown: boolean): Operand[] {
  const values: Operand[] = items.flatMap((i) => [num(i.id), str(i.name), str(i.name.toUpperCase())]);
  if (unknown) values.push(str("Nope"), num(999999));
  return values;
}

function customSpec(field: CustomField, c: Catalog, users: Operand[], unknown: boolean): FieldSpec {
  const refs = [cf(field.id), named(field.name), named(`${field.name}[${field.type}]`)];
  switch (field.type) {
    case "select":
    case "multiselect":
      return { fields: refs, shape: "set", values: namedIds(field.options, unknown), functions: [] };
    case "number":
      return { fields: refs, shape: "ordered", values: [num(0), num(3), num(8), str("5")], functions: [] };
    case "date":
    case "datetime":
      return { fields: refs, shape: "date", values: DATES.map(str), functions: DATE_FUNCTIONS };
    case "user":
      return { fields: refs, shape: "set", values: users, functions: [call("currentUser"), ...groups(c)] };
    case "text":
      return { fields: refs, shape: "text", values: WORDS.map(str), functions: [] };
    case "labels":
      return { fields: refs, shape: "set", values: ["a", "b", "ops"].map(str), functions: [] };
  }
}

function groups(c: Catalog): Operand[] {
  return Object.keys(c.groups).map((g) => call("membersOf", str(g)));
}

/** The fields of a catalog with their values (exported for tests that pick one field). */
export function fieldSpecs(c: Catalog, options: FieldValueOptions = {}): FieldSpec[] {
  const u = options.unknownValues ?? true;
  const fields = (...names: string[]) => names.map(named);
  const users: Operand[] = c.users.flatMap((x) => [
    str(x.id),
    str(x.displayName),
    ...(x.email ? [str(x.email)] : []),
  ]);
  if (u) users.push(str("nobody"));
  const keys = (options.issueKeys ?? ["FOO-1", "FOO-2", "foo-3"]).map(str);
  const project = c.projects.find(() => true);
  const projectArg = project ? [str(project.key)] : [];
  const versionFunctions = [
    call("releasedVersions"),
    call("unreleasedVersions", ...projectArg),
    ...(project ? [call("latestReleasedVersion", str(project.key))] : []),
  ];
  const specs: FieldSpec[] = [
    {
      fields: fields("project", "space"),
      shape: "set",
      values: [...namedIds(c.projects, u), ...c.projects.map((p) => str(p.key))],
      functions: [call("projectsLeadByUser"), call("projectsWhereUserHasRole", str("Developers"))],
    },
    {
      fields: fields("issuetype", "type"),
      shape: "set",
      values: namedIds(c.issueTypes, u),
      functions: [call("standardIssueTypes"), call("subtaskIssueTypes")],
      history: true,
    },
    { fields: fields("status"), shape: "set", values: namedIds(c.statuses, u), functions: [], history: true },
    {
      fields: fields("statusCategory"),
      shape: "set",
      values: ["To Do", "done", "In Progress", "new"].map(str),
      functions: [],
    },
    {
      fields: fields("priority"),
      shape: "ordered",
      values: namedIds(c.priorities, u),
      functions: [],
      history: true,
    },
    {
      fields: fields("resolution"),
      shape: "set",
      values: [...namedIds(c.resolutions, u), str("Unresolved")],
      functions: [],
      history: true,
    },
    {
      fields: fields("labels"),
      shape: "set",
      values: (options.labels ?? ["a", "b", "backend", "ui"]).map(str),
      functions: [],
    },
    {
      fields: fields("component", "components"),
      shape: "set",
      values: namedIds(c.components, u),
      functions: [call("componentsLeadByUser")],
    },
    ...[true, false].map((history) => ({
      fields: fields(history ? "fixVersion" : "affectedVersion"),
      shape: "ordered" as const,
      values: namedIds(c.versions, u),
      functions: versionFunctions,
      history,
    })),
    {
      fields: fields("sprint"),
      shape: "set",
      values: namedIds(c.sprints, u),
      functions: [call("openSprints"), call("closedSprints"), call("futureSprints")],
    },
    {
      fields: fields("assignee", "reporter"),
      shape: "set",
      values: users,
      functions: [call("currentUser"), ...groups(c)],
      history: true,
    },
    {
      fields: fields("creator", "watcher", "voter"),
      shape: "set",
      values: users,
      functions: [call("currentUser"), ...groups(c)],
    },
    {
      fields: fields("issuekey", "key", "parent"),
      shape: "set",
      values: keys,
      functions: [call("watchedIssues"), call("votedIssues")],
    },
    {
      fields: fields("watchers", "votes", "workRatio"),
      shape: "ordered",
      values: [num(0), num(1), num(3), str("2")],
      functions: [],
    },
    {
      fields: fields("originalEstimate", "remainingEstimate", "timeSpent"),
      shape: "ordered",
      values: ["1h", "30m", "2d", "1w"].map(str).concat(num(60)),
      functions: [],
    },
    {
      fields: fields("created", "updated", "resolved", "due", "createdDate"),
      shape: "date",
      values: DATES.map(str),
      functions: DATE_FUNCTIONS,
    },
    {
      fields: fields("summary", "description", "environment", "comment", "text"),
      shape: "text",
      values: WORDS.map(str),
      functions: [],
    },
    { fields: fields("attachments"), shape: "empty-only", values: [], functions: [] },
    { fields: fields("category"), shape: "set", values: namedIds(c.projectCategories, u), functions: [] },
    { fields: fields("level"), shape: "set", values: namedIds(c.securityLevels, u), functions: [] },
  ];
  return [...specs, ...c.customFields.map((f) => customSpec(f, c, users, u))];
}
