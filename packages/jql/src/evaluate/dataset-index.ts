/**
 * Indexes over a `Dataset`, built once (O(size)) and shared by every evaluation
 * environment over it: issues by id and key, configuration by id, group and role
 * membership (roles expanded through groups), comments and change history by issue.
 * History items are ordered by `at`; items with equal `at` keep their order in
 * `Dataset.history` (the loader writes them in id order).
 */
import type {
  ChangeItem,
  Comment,
  Component,
  CustomField,
  Dataset,
  IssueSnapshot,
  IssueType,
  NamedId,
  PermissionScheme,
  Priority,
  Project,
  SecurityLevel,
  Sprint,
  Status,
  User,
  UserId,
  Version,
} from "../model.js";
import { createLookup, type Lookup } from "./lookup.js";

export interface DatasetIndex {
  readonly dataset: Dataset;
  readonly issuesById: ReadonlyMap<number, IssueSnapshot>;
  /** By upper-case key. */
  readonly issuesByKey: ReadonlyMap<string, IssueSnapshot>;
  readonly projects: ReadonlyMap<number, Project>;
  /** By upper-case key. */
  readonly projectsByKey: ReadonlyMap<string, Project>;
  readonly issueTypes: ReadonlyMap<number, IssueType>;
  readonly statuses: ReadonlyMap<number, Status>;
  readonly priorities: ReadonlyMap<number, Priority>;
  readonly components: ReadonlyMap<number, Component>;
  readonly versions: ReadonlyMap<number, Version>;
  readonly sprints: ReadonlyMap<number, Sprint>;
  readonly securityLevels: ReadonlyMap<number, SecurityLevel>;
  readonly permissionSchemes: ReadonlyMap<number, PermissionScheme>;
  readonly customFields: ReadonlyMap<number, CustomField>;
  /** By lower-case name; several fields may share a name. */
  readonly customFieldsByName: ReadonlyMap<string, readonly CustomField[]>;
  readonly users: ReadonlyMap<UserId, User>;
  readonly roles: ReadonlyMap<number, NamedId>;
  /** Group name (exact) → members. */
  readonly groupMembers: ReadonlyMap<string, ReadonlySet<UserId>>;
  /** `${projectId}:${roleId}` → users in the role, directly or through a group. */
  readonly roleMembers: ReadonlyMap<string, ReadonlySet<UserId>>;
  readonly commentsByIssue: ReadonlyMap<number, readonly Comment[]>;
  /** Issue id → field → change items in time order. */
  readonly historyByIssue: ReadonlyMap<number, ReadonlyMap<string, readonly ChangeItem[]>>;
  /** Literal → ids, by name or id (lookup.ts). */
  readonly lookup: Lookup;
}

export function roleKey(projectId: number, roleId: number): string {
  return `${projectId}:${roleId}`;
}

function byId<T extends { readonly id: number }>(items: readonly T[]): Map<number, T> {
  return new Map(items.map((item) => [item.id, item]));
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function indexDataset(dataset: Dataset): DatasetIndex {
  const { catalog } = dataset;
  const groupMembers = new Map(
    Object.entries(catalog.groups).map(([name, members]) => [name, new Set(members)]),
  );
  const roleMembers = new Map<string, Set<UserId>>();
  for (const member of catalog.roleMembers) {
    const key = roleKey(member.projectId, member.roleId);
    const users = roleMembers.get(key) ?? new Set<UserId>();
    roleMembers.set(key, users);
    if (member.user !== null) users.add(member.user);
    if (member.group !== null) for (const user of groupMembers.get(member.group) ?? []) users.add(user);
  }
  const customFieldsByName = new Map<string, CustomField[]>();
  for (const field of catalog.customFields) push(customFieldsByName, field.name.toLowerCase(), field);
  const commentsByIssue = new Map<number, Comment[]>();
  for (const comment of dataset.comments) push(commentsByIssue, comment.issueId, comment);
  const historyByIssue = new Map<number, Map<string, ChangeItem[]>>();
  for (const item of dataset.history) {
    const fields = historyByIssue.get(item.issueId) ?? new Map<string, ChangeItem[]>();
    historyByIssue.set(item.issueId, fields);
    push(fields, item.field, item);
  }
  // Array.prototype.sort is stable: equal instants keep their dataset order.
  for (const fields of historyByIssue.values())
    for (const items of fields.values()) items.sort((a, b) => a.at - b.at);
  return {
    dataset,
    issuesById: byId(dataset.issues),
    issuesByKey: new Map(dataset.issues.map((issue) => [issue.key.toUpperCase(), issue])),
    projects: byId(catalog.projects),
    projectsByKey: new Map(catalog.projects.map((project) => [project.key.toUpperCase(), project])),
    issueTypes: byId(catalog.issueTypes),
    statuses: byId(catalog.statuses),
    priorities: byId(catalog.priorities),
    components: byId(catalog.components),
    versions: byId(catalog.versions),
    sprints: byId(catalog.sprints),
    securityLevels: byId(catalog.securityLevels),
    permissionSchemes: byId(catalog.permissionSchemes),
    customFields: byId(catalog.customFields),
    customFieldsByName,
    users: new Map(catalog.users.map((user) => [user.id, user])),
    roles: byId(catalog.roles),
    groupMembers,
    roleMembers,
    commentsByIssue,
    historyByIssue,
    lookup: createLookup(catalog),
  };
}
