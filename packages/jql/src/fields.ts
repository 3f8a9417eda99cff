/**
 * The system field table: canonical names, aliases, value kinds and caching classes
 * (docs/jql-semantics.md §3). The normalizer, splitter, evaluator and SQL compiler all
 * read this one table.
 *
 * Caching class of a *field* (an operand can make a clause more dynamic, see
 * functions.ts): static = issue data and slowly changing configuration; user = the
 * searcher's identity; temporal = wall-clock time; permission = the searcher's
 * permissions or item-level visibility; external = other mutable data.
 */

export type ClauseClass = "static" | "user" | "temporal" | "permission" | "external";

export type FieldKind =
  | "project"
  | "issuetype"
  | "status"
  | "statusCategory"
  | "priority"
  | "resolution"
  | "labels"
  | "component"
  | "version"
  | "sprint"
  | "issuekey"
  | "parent"
  | "user"
  | "count"
  | "datetime"
  | "date"
  | "duration"
  | "percent"
  | "attachments"
  | "text"
  | "comment"
  | "textAll"
  | "category"
  | "projectType"
  | "level";

export interface SystemField {
  /** Canonical name, as printed by the normalizer. */
  readonly name: string;
  readonly kind: FieldKind;
  /** Holds several values at once (labels, components, versions, sprints, watchers). */
  readonly multi: boolean;
  readonly fieldClass: ClauseClass;
  /** Supports WAS / CHANGED (docs/jql-semantics.md §7). */
  readonly history: boolean;
  readonly sortable: boolean;
}

export interface UnsupportedField {
  readonly name: string;
  readonly reason: string;
}

function f(
  name: string,
  kind: FieldKind,
  opts: { multi?: boolean; fieldClass?: ClauseClass; history?: boolean; sortable?: boolean } = {},
): SystemField {
  return {
    name,
    kind,
    multi: opts.multi ?? false,
    fieldClass: opts.fieldClass ?? "static",
    history: opts.history ?? false,
    sortable: opts.sortable ?? true,
  };
}

export const SYSTEM_FIELDS: readonly SystemField[] = [
  f("project", "project"),
  f("issuetype", "issuetype", { history: true }),
  f("status", "status", { history: true }),
  f("statusCategory", "statusCategory"),
  f("priority", "priority", { history: true }),
  f("resolution", "resolution", { history: true }),
  f("labels", "labels", { multi: true }),
  f("component", "component", { multi: true }),
  f("fixVersion", "version", { multi: true, history: true }),
  f("affectedVersion", "version", { multi: true }),
  f("sprint", "sprint", { multi: true }),
  f("issuekey", "issuekey"),
  f("parent", "parent"),
  f("assignee", "user", { history: true }),
  f("reporter", "user", { history: true }),
  f("creator", "user"),
  f("watcher", "user", { multi: true, sortable: false }),
  f("voter", "user", { multi: true, sortable: false }),
  f("watchers", "count"),
  f("votes", "count"),
  f("created", "datetime"),
  f("updated", "datetime"),
  f("resolved", "datetime"),
  f("statusCategoryChangedDate", "datetime"),
  f("due", "date"),
  f("originalEstimate", "duration"),
  f("remainingEstimate", "duration"),
  f("timeSpent", "duration"),
  f("workRatio", "percent"),
  f("attachments", "attachments", { sortable: false }),
  f("summary", "text"),
  f("description", "text"),
  f("environment", "text"),
  f("comment", "comment", { fieldClass: "permission", sortable: false }),
  f("text", "textAll", { fieldClass: "permission", sortable: false }),
  f("category", "category"),
  f("projectType", "projectType"),
  f("level", "level"),
];

/** Lower-case alias → canonical name (canonical names map to themselves). */
export const FIELD_ALIASES: ReadonlyMap<string, string> = new Map([
  ...SYSTEM_FIELDS.map((field) => [field.name.toLowerCase(), field.name] as const),
  ["space", "project"],
  ["type", "issuetype"],
  ["worktype", "issuetype"],
  ["key", "issuekey"],
  ["id", "issuekey"],
  ["issue", "issuekey"],
  ["workitemkey", "issuekey"],
  ["workitem", "issuekey"],
  ["components", "component"],
  ["fixversions", "fixVersion"],
  ["affectedversions", "affectedVersion"],
  ["createddate", "created"],
  ["updateddate", "updated"],
  ["resolutiondate", "resolved"],
  ["duedate", "due"],
  ["timeoriginalestimate", "originalEstimate"],
  ["timeestimate", "remainingEstimate"],
  ["attachment", "attachments"],
  ["textfields", "text"],
  ["securitylevel", "level"],
  ["projectcategory", "category"],
]);

/** Known fields subq does not answer, with the reason given in the error. */
export const UNSUPPORTED_FIELDS: ReadonlyMap<string, UnsupportedField> = new Map(
  (
    [
      ["lastViewed", "it needs per-user viewing history, which the schema does not record"],
      ["issueLinkType", "issue links are not part of subq's schema"],
      ["issueLink", "issue links are not part of subq's schema"],
      ["filter", "saved filters are not part of subq's schema"],
      ["request", "saved filters are not part of subq's schema"],
      ["savedFilter", "saved filters are not part of subq's schema"],
      ["searchRequest", "saved filters are not part of subq's schema"],
      ["worklogAuthor", "worklogs are not part of subq's schema"],
      ["worklogDate", "worklogs are not part of subq's schema"],
      ["worklogComment", "worklogs are not part of subq's schema"],
      ["development", "development-tool data is external to the issue database"],
      ["approvals", "approvals (Service Management) are not part of subq's schema"],
      ["issueFunction", "app functions (ScriptRunner) are not available"],
      ["subtasks", "query subtasks through their parent: parent = KEY"],
    ] as const
  ).map(([name, reason]) => [name.toLowerCase(), { name, reason }]),
);

const BY_NAME: ReadonlyMap<string, SystemField> = new Map(SYSTEM_FIELDS.map((field) => [field.name, field]));

/** The system field a name or alias denotes (case-insensitive), if any. */
export function lookupSystemField(name: string): SystemField | undefined {
  const canonical = FIELD_ALIASES.get(name.toLowerCase());
  return canonical === undefined ? undefined : BY_NAME.get(canonical);
}

export function systemField(canonicalName: string): SystemField {
  const field = BY_NAME.get(canonicalName);
  if (!field) throw new Error(`not a canonical system field: ${canonicalName}`);
  return field;
}
