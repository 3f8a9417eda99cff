/**
 * The in-memory model of an issue tracker that the evaluator reads: issue snapshots
 * plus the configuration ("catalog") and permission data they refer to.
 *
 * It mirrors the reference Postgres schema (packages/sidecar/src/db/migrations) one to
 * one, so a tenant's database can be loaded into it and the evaluator can serve as the
 * oracle of differential tests against the SQL compiler. Semantics: docs/jql-semantics.md.
 *
 * Conventions: ids of configuration objects and issues are integers; users are text ids
 * (account ids); instants are epoch milliseconds (UTC); calendar dates are `YYYY-MM-DD`
 * strings in the tenant's time zone; durations are seconds. `null` / empty array means
 * "no value" (JQL EMPTY).
 */

export type UserId = string;

export type StatusCategory = "new" | "indeterminate" | "done";

/** A custom field value by type: see `CustomFieldType`. Absent key = EMPTY. */
export type CustomFieldValue = number | string | readonly number[] | readonly string[];

export interface IssueSnapshot {
  readonly id: number;
  readonly key: string;
  readonly projectId: number;
  readonly issueTypeId: number;
  readonly statusId: number;
  readonly priorityId: number | null;
  readonly resolutionId: number | null;
  readonly assignee: UserId | null;
  readonly reporter: UserId | null;
  readonly creator: UserId | null;
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
  /** Calendar date in the tenant's time zone. */
  readonly due: string | null;
  readonly originalEstimate: number | null;
  readonly remainingEstimate: number | null;
  readonly timeSpent: number | null;
  readonly securityLevelId: number | null;
  readonly votes: number;
  readonly watchers: readonly UserId[];
  readonly voters: readonly UserId[];
  readonly attachmentCount: number;
  /** Keyed by custom field id. */
  readonly customFields: Readonly<Record<number, CustomFieldValue>>;
}

export interface Comment {
  readonly id: number;
  readonly issueId: number;
  readonly author: UserId;
  readonly body: string;
  readonly created: number;
  /** Null: visible to everyone who may browse the issue. */
  readonly visibility:
    | { readonly type: "role"; readonly roleId: number }
    | { readonly type: "group"; readonly group: string }
    | null;
}

/** One field change of an issue (for WAS / CHANGED). Values are ids or user ids as text; null = EMPTY. */
export interface ChangeItem {
  readonly issueId: number;
  /** Canonical field name: status, assignee, priority, resolution, fixVersion, reporter, issuetype, ... */
  readonly field: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly author: UserId | null;
  readonly at: number;
}

export interface Project {
  readonly id: number;
  readonly key: string;
  readonly name: string;
  readonly categoryId: number | null;
  readonly type: "software" | "service_desk" | "business";
  readonly lead: UserId | null;
  readonly permissionSchemeId: number;
  readonly securitySchemeId: number | null;
}

export interface NamedId {
  readonly id: number;
  readonly name: string;
}

export interface IssueType extends NamedId {
  readonly subtask: boolean;
}

export interface Status extends NamedId {
  readonly category: StatusCategory;
}

export interface Priority extends NamedId {
  /** Lower sequence = higher priority (Highest = 1). */
  readonly sequence: number;
}

export interface Component extends NamedId {
  readonly projectId: number;
  readonly lead: UserId | null;
}

export interface Version extends NamedId {
  readonly projectId: number;
  readonly released: boolean;
  readonly archived: boolean;
  /** Order within the project. */
  readonly sequence: number;
  readonly releaseDate: string | null;
}

export interface Sprint extends NamedId {
  readonly state: "future" | "active" | "closed";
  readonly boardId: number | null;
  readonly startDate: number | null;
  readonly endDate: number | null;
}

export type CustomFieldType =
  | "select"
  | "multiselect"
  | "number"
  | "date"
  | "datetime"
  | "user"
  | "text"
  | "labels";

export interface CustomField extends NamedId {
  readonly type: CustomFieldType;
  /** Options of select / multiselect fields. */
  readonly options: readonly NamedId[];
}

/** Who holds a grant: anyone (even anonymous), a group, a project role, one user, or the issue's reporter/assignee. */
export type Holder =
  | { readonly type: "anyone" }
  | { readonly type: "group"; readonly group: string }
  | { readonly type: "role"; readonly roleId: number }
  | { readonly type: "user"; readonly user: UserId }
  | { readonly type: "reporter" }
  | { readonly type: "assignee" };

export interface PermissionScheme {
  readonly id: number;
  /** Holders of the Browse Projects permission. */
  readonly browse: readonly Holder[];
}

export interface SecurityLevel extends NamedId {
  readonly schemeId: number;
  readonly holders: readonly Holder[];
}

export interface RoleMember {
  readonly projectId: number;
  readonly roleId: number;
  readonly user: UserId | null;
  readonly group: string | null;
}

export interface User {
  readonly id: UserId;
  readonly displayName: string;
  readonly email: string | null;
  readonly active: boolean;
}

export interface Catalog {
  readonly projects: readonly Project[];
  readonly projectCategories: readonly NamedId[];
  readonly issueTypes: readonly IssueType[];
  readonly statuses: readonly Status[];
  readonly priorities: readonly Priority[];
  readonly resolutions: readonly NamedId[];
  readonly components: readonly Component[];
  readonly versions: readonly Version[];
  readonly sprints: readonly Sprint[];
  readonly customFields: readonly CustomField[];
  readonly users: readonly User[];
  /** Group name → member user ids. */
  readonly groups: Readonly<Record<string, readonly UserId[]>>;
  readonly roles: readonly NamedId[];
  readonly roleMembers: readonly RoleMember[];
  readonly permissionSchemes: readonly PermissionScheme[];
  readonly securityLevels: readonly SecurityLevel[];
}

/** Everything a full query (Stage 1 and Stage 2) may read. */
export interface Dataset {
  readonly catalog: Catalog;
  readonly issues: readonly IssueSnapshot[];
  readonly comments: readonly Comment[];
  readonly history: readonly ChangeItem[];
}

/** Who is searching, and when. */
export interface SearchContext {
  /** Null for an anonymous search: currentUser() matches nothing. */
  readonly user: UserId | null;
  /** Epoch ms. */
  readonly now: number;
  /** IANA zone for startOf/endOf functions and date literals (the tenant's). */
  readonly timeZone: string;
  /** Weeks start on this day (0 = Sunday, 1 = Monday). */
  readonly weekStart?: 0 | 1;
}
