/**
 * Literals → ids, as docs/jql-semantics.md §3 "Literals" says and the normalizer's catalog
 * resolver answers (catalogResolver from @subq/jql is the one implementation of names,
 * keys and e-mails): numbers are ids first, strings names first; every object of a name is
 * denoted; nothing found is an empty list (the value denotes no object). Added here, as in
 * the evaluator: project roles, groups (exact name, then case-insensitive) and status
 * categories (keys, names and Jira's ids 2, 4, 3).
 */
import {
  type Catalog,
  type CatalogResolver,
  catalogResolver,
  type StatusCategory,
  type UserId,
  type ValueDomain,
} from "@subq/jql";

export type Domain = Exclude<ValueDomain, "user" | "option"> | "role";

export interface Lookup {
  ids(domain: Domain, text: string, number: boolean): readonly number[];
  users(text: string): readonly UserId[];
  options(fieldId: number, text: string, number: boolean): readonly number[];
  group(text: string): string | undefined;
  statusCategory(text: string): StatusCategory | undefined;
}

const CATEGORIES: ReadonlyMap<string, StatusCategory> = new Map([
  ["new", "new"],
  ["to do", "new"],
  ["2", "new"],
  ["indeterminate", "indeterminate"],
  ["in progress", "indeterminate"],
  ["4", "indeterminate"],
  ["done", "done"],
  ["3", "done"],
]);

export function createLookup(catalog: Catalog, resolver: CatalogResolver = catalogResolver(catalog)): Lookup {
  const roleIds = new Set(catalog.roles.map((role) => String(role.id)));
  const groupNames = new Set(Object.keys(catalog.groups));
  const groupsByLower = new Map([...groupNames].map((name) => [name.toLowerCase(), name]));

  function roles(text: string, number: boolean): readonly number[] {
    const byId = roleIds.has(text) ? [Number(text)] : [];
    const lower = text.toLowerCase();
    const byName = catalog.roles.filter((r) => r.name.toLowerCase() === lower).map((r) => r.id);
    if (number) return byId.length ? byId : byName;
    return byName.length ? byName : byId;
  }

  return {
    ids: (domain, text, number) =>
      domain === "role" ? roles(text, number) : resolver.lookup(domain, text, number).map(Number),
    users: (text) => resolver.lookup("user", text, false),
    options: (fieldId, text, number) => resolver.lookup("option", text, number, fieldId).map(Number),
    group: (text) => (groupNames.has(text) ? text : groupsByLower.get(text.toLowerCase())),
    statusCategory: (text) => CATEGORIES.get(text.toLowerCase()),
  };
}
