/**
 * Merging sibling clauses on the same field, only where the result is exactly
 * equivalent for single- and multi-valued fields alike (docs/jql-semantics.md §1):
 *
 * - OR: `f = a OR f IN (b, c) OR f IS EMPTY` → `f IN (EMPTY, a, b, c)` ("some value in
 *   the union"); `f WAS a OR f WAS b` → `f WAS IN (a, b)` (same predicates);
 *   `f IS NOT EMPTY` with `f IS EMPTY` (or EMPTY in a list) makes the whole OR TRUE (null).
 * - AND: `f != a AND f NOT IN (b) AND f IS NOT EMPTY` → `f NOT IN (a, b)` ("non-empty,
 *   no value in the union"); `WAS NOT` likewise.
 *
 * What one sibling implies of another (`f = a AND f IS NOT EMPTY`) is absorb.ts's.
 *
 * Deliberately not merged: `f = a AND f = b` (false for single-valued fields, not for
 * multi-valued ones) and `f != a OR f != b`. Functions merge like values: one that
 * yields nothing (currentUser() of an anonymous search) adds nothing to either union,
 * and `f != currentUser()` then still requires a value, like `f NOT IN (...)`.
 * Permission-dependent fields (comment, text) are left alone. A field name that may
 * denote several custom fields (a name, not `cf[N]`, seen without a resolver) means
 * "the clause holds for one of them", which distributes over OR but not over AND, so
 * AND merges only system fields and `cf[N]`.
 */
import type { Clause, Field, Operand, TerminalClause } from "../ast.js";
import { printOperand } from "../printer.js";
import { systemFieldOf } from "./fast-lookup.js";
import { type Family, familyOf, foldMembership, itemsOf } from "./fold.js";

const UNMERGED_FIELDS: ReadonlySet<string> = new Set(["comment", "text"]);

interface Entry {
  readonly clause: Clause;
  /** The field a terminal constrains (undefined: not merged). */
  readonly field: string | undefined;
  readonly items: readonly Operand[] | undefined;
  readonly family: Family | undefined;
  /** Grouping key of mergeable clauses (family, field, predicates). */
  readonly key: string | undefined;
}

/** Identity of a normalized field (names are canonical by now); undefined: never merged. */
export function fieldKey(field: Field): string | undefined {
  if (field.properties.length > 0) return undefined;
  if (field.name.kind === "cf") return `cf[${field.name.id}]`;
  return UNMERGED_FIELDS.has(field.name.text) ? undefined : field.name.text;
}

function fieldOf(clause: Clause): string | undefined {
  return clause.kind === "terminal" ? fieldKey(clause.field) : undefined;
}

/** The fields that two or more sibling terminals constrain (usually none: nothing to merge). */
export function sharedFields(clauses: readonly Clause[]): ReadonlySet<string> {
  const keys: string[] = [];
  for (const clause of clauses) {
    const key = fieldOf(clause);
    if (key !== undefined) keys.push(key);
  }
  let shared: Set<string> | undefined;
  // Sibling lists are short: pairwise comparison beats building a set.
  for (let i = 1; i < keys.length; i++) {
    for (let j = 0; j < i; j++) {
      if (keys[i] !== keys[j]) continue;
      if (shared) shared.add(keys[i]!);
      else shared = new Set([keys[i]!]);
      break;
    }
    if (i > 32) return sharedFieldsOf(keys);
  }
  return shared ?? NONE;
}

function sharedFieldsOf(keys: readonly string[]): ReadonlySet<string> {
  const seen = new Set<string>();
  const shared = new Set<string>();
  for (const key of keys) {
    if (seen.has(key)) shared.add(key);
    else seen.add(key);
  }
  return shared;
}

const NONE: ReadonlySet<string> = new Set();

/** A system field or `cf[N]`: one field, whatever the catalog. */
function isDefinite(field: Field): boolean {
  return field.name.kind === "cf" || systemFieldOf(field.name.text) !== undefined;
}

function entry(clause: Clause, families: readonly Family[]): Entry {
  const field = fieldOf(clause);
  if (field === undefined || clause.kind !== "terminal") {
    return { clause, field: undefined, items: undefined, family: undefined, key: undefined };
  }
  const family = familyOf(clause.operator);
  const items = itemsOf(clause);
  let key: string | undefined;
  const conjunctive = family === "not in" || family === "was not in";
  if (family && items && families.includes(family) && (!conjunctive || isDefinite(clause.field))) {
    key = `${family}\u0000${field}\u0000${clause.predicates.map((p) => `${p.type} ${printOperand(p.operand)}`).join(" ")}`;
  }
  return { clause, field, items, family, key };
}

function entries(clauses: readonly Clause[], families: readonly Family[]): Entry[] {
  return clauses.map((clause) => entry(clause, families));
}

function hasEmpty(e: Entry): boolean {
  return e.family === "in" && e.items !== undefined && e.items.some((i) => i.kind === "empty");
}

/** Replaces each group of two or more clauses with the same key by one folded clause. */
function mergeGroups(list: readonly Entry[]): Clause[] | undefined {
  const groups = new Map<string, Entry[]>();
  let mergeable = false;
  for (const e of list) {
    if (e.key === undefined) continue;
    const group = groups.get(e.key);
    if (group) {
      group.push(e);
      mergeable = true;
    } else groups.set(e.key, [e]);
  }
  if (!mergeable) return undefined;
  const out: Clause[] = [];
  for (const e of list) {
    const group = e.key === undefined ? undefined : groups.get(e.key)!;
    if (!group || group.length < 2) out.push(e.clause);
    else if (group[0] === e) {
      const items = group.flatMap((g) => g.items!);
      out.push(foldMembership(e.clause as TerminalClause, e.family!, items));
    }
  }
  return out;
}

export function mergeOr(clauses: readonly Clause[]): readonly Clause[] | null {
  if (sharedFields(clauses).size === 0) return clauses;
  const list = entries(clauses, ["in", "was in"]);
  const notEmpty = new Set(list.filter(isNotEmpty).map((e) => e.field!));
  if (notEmpty.size > 0 && list.some((e) => e.field !== undefined && notEmpty.has(e.field) && hasEmpty(e))) {
    return null;
  }
  return mergeGroups(list) ?? clauses;
}

export function mergeAnd(clauses: readonly Clause[]): readonly Clause[] {
  if (sharedFields(clauses).size === 0) return clauses;
  return mergeGroups(entries(clauses, ["not in", "was not in"])) ?? clauses;
}

function isNotEmpty(e: Entry): boolean {
  return e.field !== undefined && (e.clause as TerminalClause).operator === "is not";
}
