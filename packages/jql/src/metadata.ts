/**
 * Subscription metadata for event matching (docs/jql-semantics.md §10, "Metadata"): from
 * the top-level conjunction of Stage 1, the value set each configured field is
 * constrained to. Sound: an issue that satisfies Stage 1 has its value (for multi-valued
 * fields such as sprint: at least one of its values) in every set. A field is constrained
 * only by a conjunct `f = v` or `f IN (v1, ...)` of plain values (EMPTY or a function in
 * the list leaves it unconstrained); of several such conjuncts the smallest set is kept,
 * which is sound for single- and multi-valued fields alike (intersecting is not: `sprint
 * = 1 AND sprint = 2` holds for an issue in both sprints). Values are the normalized
 * literal texts: ids when the plan used a resolver, names or keys otherwise.
 */
import type { Clause, Field } from "./ast.js";
import { lookupSystemField } from "./fields.js";
import { itemsOf } from "./normalize/fold.js";

export const DEFAULT_METADATA_FIELDS: readonly string[] = ["project", "issuetype", "status", "sprint"];

/** Field name → allowed values; a field that is absent is unconstrained. */
export type Metadata = Readonly<Record<string, readonly string[]>>;

/** The name metadata is keyed by: `cf[N]`, or the name (canonical in normalized trees). */
function fieldKey(field: Field): string | undefined {
  if (field.properties.length > 0) return undefined;
  return field.name.kind === "cf" ? `cf[${field.name.id}]` : field.name.text;
}

const DEFAULT_WANTED: ReadonlySet<string> = new Set(DEFAULT_METADATA_FIELDS);

export function extractMetadata(
  stage1: Clause | null,
  fields: readonly string[] = DEFAULT_METADATA_FIELDS,
): Metadata {
  const out: Record<string, readonly string[]> = {};
  if (!stage1) return out;
  const wanted =
    fields === DEFAULT_METADATA_FIELDS
      ? DEFAULT_WANTED
      : new Set(fields.map((name) => lookupSystemField(name)?.name ?? name));
  const conjuncts = stage1.kind === "and" ? stage1.clauses : [stage1];
  for (const clause of conjuncts) {
    if (clause.kind !== "terminal" || (clause.operator !== "=" && clause.operator !== "in")) continue;
    const key = fieldKey(clause.field);
    if (key === undefined || !wanted.has(key)) continue;
    const items = itemsOf(clause);
    // Only plain, non-empty values (an empty name matches nothing an event could carry).
    if (!items || items.length === 0 || items.some((i) => i.kind !== "value" || i.value === "")) continue;
    const values = [...new Set(items.map((i) => (i.kind === "value" ? i.value : "")))];
    const previous = out[key];
    if (!previous || values.length < previous.length) out[key] = values;
  }
  return out;
}
