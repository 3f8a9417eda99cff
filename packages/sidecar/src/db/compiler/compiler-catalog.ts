/**
 * The tenant's configuration as the compiler reads it, built once per loaded `Catalog`
 * (and tenant settings) and shared by every compile: custom fields by id and name,
 * projects by key, versions, priorities and statuses by id, group members, literal
 * lookups, and the sort ranks that ORDER BY joins in as array parameters. Everything the
 * evaluator takes from the catalog comes from here, so SQL and evaluator read the same
 * configuration.
 */
import {
  type Catalog,
  type CatalogResolver,
  type CustomField,
  catalogResolver,
  type Project,
  type StatusCategory,
  type TimeZone,
  timeZone,
  type UserId,
  type Version,
  type WeekStart,
} from "@subq/jql";
import { createLookup, type Lookup } from "./lookup.js";

/** `keys[k]` maps to `values[k]`: a catalog mapping passed to SQL as two array parameters. */
export interface RankMap<V extends number | string = number> {
  readonly keys: readonly number[];
  readonly values: readonly V[];
}

export interface CompilerCatalog {
  readonly catalog: Catalog;
  /** The tenant's zone: date literals, `due`, startOf*() (docs/jql-semantics.md §4). */
  readonly zone: TimeZone;
  /** The tenant's week start, unless the search context gives one. */
  readonly weekStart: WeekStart;
  readonly resolver: CatalogResolver;
  readonly lookup: Lookup;
  readonly customFields: ReadonlyMap<number, CustomField>;
  /** By lower-case name; several fields may share a name. */
  readonly customFieldsByName: ReadonlyMap<string, readonly CustomField[]>;
  readonly projects: ReadonlyMap<number, Project>;
  /** By upper-case key. */
  readonly projectsByKey: ReadonlyMap<string, Project>;
  readonly versions: ReadonlyMap<number, Version>;
  /** Priority id → sequence (lower = more urgent). */
  readonly prioritySequence: ReadonlyMap<number, number>;
  readonly statusCategory: ReadonlyMap<number, StatusCategory>;
  readonly groupMembers: ReadonlyMap<string, ReadonlySet<UserId>>;
  readonly ranks: {
    /** Project id → rank of its key (code point order). */
    readonly projectKey: RankMap;
    /** Priority id → urgency (−sequence): ascending = least urgent first. */
    readonly priority: RankMap;
    /** Status id → 1 (To Do), 2 (In Progress), 3 (Done). */
    readonly statusCategory: RankMap;
    /** Version id → rank of (project id, sequence). */
    readonly version: RankMap;
    /** Project id → category id (projects with a category). */
    readonly projectCategory: RankMap;
    /** Project id → project type. */
    readonly projectType: RankMap<string>;
  };
}

export interface TenantCalendar {
  /** IANA zone (tenant_settings.time_zone). */
  readonly timeZone: string;
  /** 0 = Sunday, 1 = Monday. Default 1. */
  readonly weekStart?: WeekStart;
}

const CATEGORY_RANK: Readonly<Record<StatusCategory, number>> = { new: 1, indeterminate: 2, done: 3 };

export function createCompilerCatalog(catalog: Catalog, calendar: TenantCalendar): CompilerCatalog {
  const resolver = catalogResolver(catalog);
  const customFieldsByName = new Map<string, CustomField[]>();
  for (const field of catalog.customFields) {
    const lower = field.name.toLowerCase();
    customFieldsByName.set(lower, [...(customFieldsByName.get(lower) ?? []), field]);
  }
  const byKey = [...catalog.projects].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id - b.id));
  const byVersion = [...catalog.versions].sort(
    (a, b) => a.projectId - b.projectId || a.sequence - b.sequence,
  );
  const withCategory = catalog.projects.filter((p) => p.categoryId !== null);
  return {
    catalog,
    zone: timeZone(calendar.timeZone),
    weekStart: calendar.weekStart ?? 1,
    resolver,
    lookup: createLookup(catalog, resolver),
    customFields: new Map(catalog.customFields.map((f) => [f.id, f])),
    customFieldsByName,
    projects: new Map(catalog.projects.map((p) => [p.id, p])),
    projectsByKey: new Map(catalog.projects.map((p) => [p.key.toUpperCase(), p])),
    versions: new Map(catalog.versions.map((v) => [v.id, v])),
    prioritySequence: new Map(catalog.priorities.map((p) => [p.id, p.sequence])),
    statusCategory: new Map(catalog.statuses.map((s) => [s.id, s.category])),
    groupMembers: new Map(Object.entries(catalog.groups).map(([name, members]) => [name, new Set(members)])),
    ranks: {
      projectKey: { keys: byKey.map((p) => p.id), values: byKey.map((_, rank) => rank) },
      priority: {
        keys: catalog.priorities.map((p) => p.id),
        values: catalog.priorities.map((p) => -p.sequence),
      },
      statusCategory: {
        keys: catalog.statuses.map((s) => s.id),
        values: catalog.statuses.map((s) => CATEGORY_RANK[s.category]),
      },
      version: { keys: byVersion.map((v) => v.id), values: byVersion.map((_, rank) => rank) },
      projectCategory: {
        keys: withCategory.map((p) => p.id),
        values: withCategory.map((p) => p.categoryId!),
      },
      projectType: { keys: catalog.projects.map((p) => p.id), values: catalog.projects.map((p) => p.type) },
    },
  };
}
