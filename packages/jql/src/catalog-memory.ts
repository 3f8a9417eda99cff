/**
 * `catalogResolver(catalog)`: the CatalogResolver over an in-memory `Catalog` (tests, and
 * the sidecar once it has loaded one from Postgres). Indexes are built once per call and
 * live in the closure; lookups are map reads.
 */
import type { CatalogResolver, CustomFieldInfo, ValueDomain } from "./catalog.js";
import type { Catalog, NamedId } from "./model.js";

/** Name (lower-case) → ids, and the set of ids, of one kind of configuration object. */
interface NameIndex {
  readonly byName: ReadonlyMap<string, readonly string[]>;
  readonly ids: ReadonlySet<string>;
}

function indexBy<T>(items: readonly T[], id: (item: T) => string, names: (item: T) => readonly string[]) {
  const byName = new Map<string, string[]>();
  const ids = new Set<string>();
  for (const item of items) {
    const key = id(item);
    ids.add(key);
    for (const name of names(item)) {
      const lower = name.toLowerCase();
      const list = byName.get(lower);
      if (!list) byName.set(lower, [key]);
      else if (!list.includes(key)) list.push(key);
    }
  }
  return { byName, ids } satisfies NameIndex;
}

function named(items: readonly NamedId[]): NameIndex {
  return indexBy(
    items,
    (item) => String(item.id),
    (item) => [item.name],
  );
}

/** Numbers are ids first, strings names first (docs/jql-semantics.md §3). */
function find(index: NameIndex, text: string, number: boolean): readonly string[] {
  const byId = index.ids.has(text) ? [text] : [];
  const byName = index.byName.get(text.toLowerCase()) ?? [];
  if (number) return byId.length ? byId : byName;
  return byName.length ? byName : byId;
}

export function catalogResolver(catalog: Catalog): CatalogResolver {
  const domains = new Map<ValueDomain, NameIndex>([
    ["category", named(catalog.projectCategories)],
    ["issuetype", named(catalog.issueTypes)],
    ["status", named(catalog.statuses)],
    ["priority", named(catalog.priorities)],
    ["resolution", named(catalog.resolutions)],
    ["component", named(catalog.components)],
    ["version", named(catalog.versions)],
    ["sprint", named(catalog.sprints)],
    ["level", named(catalog.securityLevels)],
  ]);
  const projectKeys = indexBy(
    catalog.projects,
    (p) => String(p.id),
    (p) => [p.key],
  );
  const projectNames = named(catalog.projects);
  const userIds = new Set(catalog.users.map((u) => u.id));
  const userEmails = indexBy(
    catalog.users,
    (u) => u.id,
    (u) => (u.email ? [u.email] : []),
  );
  const userNames = indexBy(
    catalog.users,
    (u) => u.id,
    (u) => [u.displayName],
  );
  const fieldsById = new Map<number, CustomFieldInfo>();
  const fieldsByName = new Map<string, CustomFieldInfo[]>();
  const options = new Map<number, NameIndex>();
  for (const field of catalog.customFields) {
    const info: CustomFieldInfo = { id: field.id, name: field.name, type: field.type };
    fieldsById.set(field.id, info);
    const lower = field.name.toLowerCase();
    fieldsByName.set(lower, [...(fieldsByName.get(lower) ?? []), info]);
    options.set(field.id, named(field.options));
  }

  function lookupProject(text: string, number: boolean): readonly string[] {
    const lower = text.toLowerCase();
    const byId = projectKeys.ids.has(text) ? [text] : [];
    if (number && byId.length) return byId;
    return projectKeys.byName.get(lower) ?? projectNames.byName.get(lower) ?? byId;
  }

  function lookupUser(text: string): readonly string[] {
    if (userIds.has(text)) return [text];
    const lower = text.toLowerCase();
    return userEmails.byName.get(lower) ?? userNames.byName.get(lower) ?? [];
  }

  return {
    customFieldById: (id) => fieldsById.get(id),
    customFieldsByName: (name) => fieldsByName.get(name.toLowerCase()) ?? [],
    lookup(domain, text, number, fieldId) {
      if (domain === "project") return lookupProject(text, number);
      if (domain === "user") return lookupUser(text);
      const index = domain === "option" ? options.get(fieldId ?? -1) : domains.get(domain);
      return index ? find(index, text, number) : [];
    },
    fieldNames: () => catalog.customFields.map((field) => field.name),
  };
}
