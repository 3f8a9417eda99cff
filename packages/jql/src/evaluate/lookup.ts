/**
 * Literal → ids of configuration objects (docs/jql-semantics.md §3), through the
 * normalizer's own catalog resolver (catalog-memory.ts), so a name means the same object
 * whether the normalizer rewrote it to an id or the evaluator meets it raw: numbers are
 * ids first, strings names first (case-insensitive), projects by key before name, users by
 * id, then email, then display name; every match is returned. Added here: project roles
 * (same rule), groups (exact, then case-insensitive) and status categories (keys, names
 * and Jira's ids 2, 4, 3). Nothing found: an empty list, the value denotes no object.
 */
import type { ValueDomain } from "../catalog.js";
import { catalogResolver } from "../catalog-memory.js";
import type { Catalog, StatusCategory, UserId } from "../model.js";

export type Domain = Exclude<ValueDomain, "user" | "option"> | "role";

export interface Lookup {
  ids(domain: Domain, text: string, number: boolean): readonly number[];
  users(text: string): readonly UserId[];
  /** Options of one select / multiselect field. */
  options(fieldId: number, text: string, number: boolean): readonly number[];
  /** A group name, exact first, then case-insensitive. */
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

export function createLookup(catalog: Catalog): Lookup {
  const resolver = catalogResolver(catalog);
  const roleIds = new Set(catalog.roles.map((role) => String(role.id)));
  const groups = Object.keys(catalog.groups);
  const groupsByLower = new Map(groups.map((name) => [name.toLowerCase(), name]));

  function roles(text: string, number: boolean): readonly number[] {
    const byId = roleIds.has(text) ? [Number(text)] : [];
    const byName = catalog.roles.filter((r) => r.name.toLowerCase() === text.toLowerCase()).map((r) => r.id);
    if (number) return byId.length ? byId : byName;
    return byName.length ? byName : byId;
  }

  return {
    ids: (domain, text, number) =>
      domain === "role" ? roles(text, number) : resolver.lookup(domain, text, number).map(Number),
    users: (text) => resolver.lookup("user", text, false),
    options: (fieldId, text, number) => resolver.lookup("option", text, number, fieldId).map(Number),
    group: (text) => (groups.includes(text) ? text : groupsByLower.get(text.toLowerCase())),
    statusCategory: (text) => CATEGORIES.get(text.toLowerCase()),
  };
}
