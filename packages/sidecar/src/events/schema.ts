/**
 * The events applications (or subq's own Postgres triggers) publish, validated as a whole
 * before anything is applied: one bad event rejects the batch with a message naming it.
 *
 * Issue events say which issue changed and, where they can, how: the changed fields with
 * `from`/`to`, the indexed values before and after, the full snapshot after the change
 * (then the cache is patched without any database query), and the writer's transaction id;
 * `changesComplete` says that `changes` lists every changed field.
 * An update must say where the issue was (`changes` with `from` for the indexed fields, or
 * `before`): the cached results it left are found by those values.
 * Configuration events say that something other than issues changed.
 */
import { z } from "zod";
import { SubqError } from "../errors.js";
import { INDEXED_FIELDS, type IndexedField, indexedFieldOfChange } from "./indexed-fields.js";

const id = z
  .union([z.string().regex(/^\d{1,19}$/, "a decimal id"), z.number().int().nonnegative()])
  .transform(String);
const idList = z.array(id);

/** The values of the event-indexed fields (ids), before or after a change. */
const indexed = z
  .object({
    project: id.optional(),
    issuetype: id.optional(),
    status: id.optional(),
    sprint: idList.optional(),
  })
  .strict();

const change = z
  .object({
    field: z.string().min(1),
    from: z.unknown().optional(),
    to: z.unknown().optional(),
  })
  .strict();

const nullableText = z.string().nullable();
const user = z.string().min(1).nullable();
const instant = z.number().int();

/** The full issue snapshot (packages/jql model.ts IssueSnapshot): every field, so Stage 1 can be evaluated on it. */
export const snapshotSchema = z
  .object({
    id: z.number().int().nonnegative(),
    key: z.string().min(1),
    projectId: z.number().int(),
    issueTypeId: z.number().int(),
    statusId: z.number().int(),
    priorityId: z.number().int().nullable(),
    resolutionId: z.number().int().nullable(),
    assignee: user,
    reporter: user,
    creator: user,
    parentId: z.number().int().nullable(),
    summary: z.string(),
    description: nullableText,
    environment: nullableText,
    labels: z.array(z.string()),
    componentIds: z.array(z.number().int()),
    fixVersionIds: z.array(z.number().int()),
    affectedVersionIds: z.array(z.number().int()),
    sprintIds: z.array(z.number().int()),
    created: instant,
    updated: instant,
    resolved: instant.nullable(),
    statusCategoryChanged: instant.nullable(),
    due: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "a YYYY-MM-DD date")
      .nullable(),
    originalEstimate: z.number().int().nullable(),
    remainingEstimate: z.number().int().nullable(),
    timeSpent: z.number().int().nullable(),
    securityLevelId: z.number().int().nullable(),
    votes: z.number().int().nonnegative(),
    watchers: z.array(z.string()),
    voters: z.array(z.string()),
    attachmentCount: z.number().int().nonnegative(),
    customFields: z.record(
      z.string().regex(/^\d+$/, "a custom field id"),
      z.union([z.number(), z.string(), z.array(z.number()), z.array(z.string())]),
    ),
  })
  .strict();

const issueEvent = z
  .object({
    type: z.enum(["issue_created", "issue_updated", "issue_deleted"]),
    issueId: id,
    changes: z.array(change).optional(),
    /**
     * True when `changes` names every field the change set (as Jira's changelog does; the
     * timestamps it moves — updated, resolved — may be left out). With a snapshot, subq
     * can then tell whose personal answers (`assignee = currentUser()`, ...) it can move.
     */
    changesComplete: z.boolean().optional(),
    before: indexed.optional(),
    after: indexed.optional(),
    snapshot: snapshotSchema.optional(),
    /** The writer's transaction id (pg_current_xact_id()), when known. */
    txid: z
      .string()
      .regex(/^\d{1,20}$/, "a transaction id (pg_current_xact_id())")
      .optional(),
  })
  .strict();

export const CONFIG_EVENT_TYPES = [
  "project_changed",
  "status_changed",
  "issuetype_changed",
  "priority_changed",
  "resolution_changed",
  "component_changed",
  "version_changed",
  "version_released",
  "sprint_changed",
  "sprint_started",
  "sprint_closed",
  "custom_field_changed",
  "group_membership_changed",
  "role_membership_changed",
  "permission_scheme_changed",
  "security_level_changed",
  "user_changed",
  "catalog_changed",
] as const;

const configEvent = z
  .object({
    type: z.enum(CONFIG_EVENT_TYPES),
    /** What changed (free-form, for logs). */
    id: z.union([z.string(), z.number()]).optional(),
  })
  .strict();

export type IssueEventInput = z.infer<typeof issueEvent>;
export type ConfigEventInput = z.infer<typeof configEvent>;
export type IndexedInput = z.infer<typeof indexed>;

export interface ParsedEvents {
  readonly issues: readonly IssueEventInput[];
  readonly config: readonly ConfigEventInput[];
}

const ISSUE_TYPES = new Set(["issue_created", "issue_updated", "issue_deleted"]);

/** Validates every event; the first problem rejects the batch (E_BAD_REQUEST, with where). */
export function parseEvents(events: readonly unknown[]): ParsedEvents {
  const issues: IssueEventInput[] = [];
  const config: ConfigEventInput[] = [];
  events.forEach((event, index) => {
    const type = (event as { type?: unknown } | null)?.type;
    const schema = typeof type === "string" && ISSUE_TYPES.has(type) ? issueEvent : configEvent;
    const parsed = schema.safeParse(event);
    if (!parsed.success) throw badEvent(index, parsed.error);
    if (schema === issueEvent) issues.push(checkIssueEvent(parsed.data as IssueEventInput, index));
    else config.push(parsed.data as ConfigEventInput);
  });
  return { issues, config };
}

function checkIssueEvent(event: IssueEventInput, index: number): IssueEventInput {
  if (event.snapshot && String(event.snapshot.id) !== event.issueId) {
    throw new SubqError(
      "E_BAD_REQUEST",
      `snapshot.id ${event.snapshot.id} differs from issueId ${event.issueId}`,
      {
        where: `events[${index}].snapshot.id`,
      },
    );
  }
  if (event.type === "issue_deleted" && !event.before && !event.snapshot) {
    throw new SubqError(
      "E_BAD_REQUEST",
      "an issue_deleted event must say what the issue was: give `before` (its project, issuetype, status, sprint) or the last `snapshot`",
      { where: `events[${index}]` },
    );
  }
  const unknown = unknownBefore(event);
  if (unknown.length > 0) {
    throw new SubqError(
      "E_BAD_REQUEST",
      `an issue_updated event must say what the issue was before the change (${unknown.join(", ")} unknown): ` +
        "give `changes` (the changed fields, with `from` for project, issuetype, status and sprint) or `before`; " +
        "a snapshot shows only the state after, so the cached results the issue left could not be found",
      { where: `events[${index}]` },
    );
  }
  return event;
}

/**
 * The indexed fields whose value before an update the event leaves unknown: not in
 * `before`, and changed without `from` in `changes`, or not mentioned when the event has no
 * `changes` at all (a snapshot shows only the state after). Without them the subscriptions
 * the issue left cannot be found, and they would keep it.
 */
function unknownBefore(event: IssueEventInput): string[] {
  if (event.type !== "issue_updated") return [];
  const given = (field: IndexedField) => event.before?.[field] !== undefined;
  if (!event.changes) return INDEXED_FIELDS.filter((field) => !given(field));
  return event.changes.flatMap((change) => {
    const field = indexedFieldOfChange(change.field);
    return field && !("from" in change) && !given(field) ? [field] : [];
  });
}

function badEvent(index: number, error: z.ZodError): SubqError {
  const issue = error.issues[0]!;
  const path = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
  const hint =
    issue.code === "invalid_value" && issue.path[0] === "type"
      ? ` (issue events: issue_created, issue_updated, issue_deleted; configuration events: ${CONFIG_EVENT_TYPES.join(", ")})`
      : "";
  return new SubqError("E_BAD_REQUEST", `${issue.message}${hint}`, { where: `events[${index}]${path}` });
}
