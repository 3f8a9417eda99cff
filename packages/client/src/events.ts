/**
 * The change events an application publishes (`publishEvents`), written by hand from the
 * sidecar's event schema (packages/sidecar/src/events/schema.ts). The more an event says,
 * the less the sidecar has to ask the database: a full `snapshot` lets it patch cached
 * member sets directly; `before`/`after` let it match subscriptions precisely; `txid`
 * lets a cache that already saw the write ignore the event; `changesComplete` lets it
 * keep versions of queries the change cannot move.
 */

/** A decimal id: ids are bigint in the database, so strings are exact. */
export type Id = string | number;

/** The event-indexed fields (ids), before or after a change. */
export interface IndexedValues {
  readonly project?: Id;
  readonly issuetype?: Id;
  readonly status?: Id;
  readonly sprint?: readonly Id[];
}

export interface FieldChange {
  readonly field: string;
  readonly from?: unknown;
  readonly to?: unknown;
}

/** The issue after the change, every field; instants are epoch ms, `due` is `YYYY-MM-DD`. */
export interface IssueSnapshot {
  readonly id: number;
  readonly key: string;
  readonly projectId: number;
  readonly issueTypeId: number;
  readonly statusId: number;
  readonly priorityId: number | null;
  readonly resolutionId: number | null;
  readonly assignee: string | null;
  readonly reporter: string | null;
  readonly creator: string | null;
  readonly parentId: number | null;
  readonly summary: string;
  readonly description: string | null;
  readonly environment: string | null;
  readonly labels: readonly string[];
  readonly componentIds: readonly number[];
  readonly fixVersionIds: readonly number[];
  readonly affectedVersionIds: readonly number[];
  readonly sprintIds: readonly number[];
  readonly created: number;
  readonly updated: number;
  readonly resolved: number | null;
  readonly statusCategoryChanged: number | null;
  readonly due: string | null;
  readonly originalEstimate: number | null;
  readonly remainingEstimate: number | null;
  readonly timeSpent: number | null;
  readonly securityLevelId: number | null;
  readonly votes: number;
  readonly watchers: readonly string[];
  readonly voters: readonly string[];
  readonly attachmentCount: number;
  /** Keyed by custom field id. */
  readonly customFields: Readonly<Record<string, number | string | readonly number[] | readonly string[]>>;
}

export interface IssueEvent {
  readonly type: "issue_created" | "issue_updated" | "issue_deleted";
  readonly issueId: Id;
  readonly changes?: readonly FieldChange[];
  /**
   * True when `changes` names every field the change set (as Jira's changelog does; the
   * timestamps it moves may be left out). With a `snapshot` the sidecar then moves only
   * the affected users' versions of `assignee = currentUser()`-style queries, and no
   * version of queries that read none of the changed fields.
   */
  readonly changesComplete?: boolean;
  readonly before?: IndexedValues;
  readonly after?: IndexedValues;
  readonly snapshot?: IssueSnapshot;
  /** The writer's transaction id (`pg_current_xact_id()`), when known. */
  readonly txid?: string;
}

export type ConfigEventType =
  | "project_changed"
  | "status_changed"
  | "issuetype_changed"
  | "priority_changed"
  | "resolution_changed"
  | "component_changed"
  | "version_changed"
  | "version_released"
  | "sprint_changed"
  | "sprint_started"
  | "sprint_closed"
  | "custom_field_changed"
  | "group_membership_changed"
  | "role_membership_changed"
  | "permission_scheme_changed"
  | "security_level_changed"
  | "user_changed"
  | "catalog_changed";

/** Something other than issues changed; `id` says what, for logs. */
export interface ConfigEvent {
  readonly type: ConfigEventType;
  readonly id?: string | number;
}

export type SubqEvent = IssueEvent | ConfigEvent;
