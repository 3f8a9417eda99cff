/**
 * The fields a plan's Stage 2 reads (its remainder and ORDER BY), as canonical keys:
 * system field names (`updated`, `priority`) and `cf[N]`. An event that keeps an issue in
 * a subscription's member set can change that plan's answer only through these (and the
 * issue's permissions, which the caller adds). Null when it cannot be told: history
 * (WAS, CHANGED, predicates), clauses that read other data, `text` (many fields), names
 * that are not fields.
 */
import type { Clause, Field, Operand } from "./ast.js";
import { lookupSystemField } from "./fields.js";
import { lookupFunction } from "./functions.js";
import type { Plan } from "./plan.js";

const reads = new WeakMap<Plan, readonly string[] | null>();

export function stage2Reads(plan: Plan): readonly string[] | null {
  let fields = reads.get(plan);
  if (fields === undefined) {
    fields = compute(plan);
    reads.set(plan, fields);
  }
  return fields;
}

/** The canonical key of a field as written in a query; null when unknown. */
export function fieldKey(field: Field): string | null {
  if (field.properties.length > 0) return null;
  return field.name.kind === "cf" ? `cf[${field.name.id}]` : systemFieldKey(field.name.text);
}

/** The canonical key of a system field by any of its names (as events name it); null when unknown. */
export function systemFieldKey(name: string): string | null {
  const canonical = lookupSystemField(name)?.name;
  return canonical === undefined || canonical === "text" ? null : canonical;
}

/**
 * Values, lists of them, currentUser() and functions of the time: nothing else about
 * the issue is read. Any other function (watchedIssues() reads watchers, ...) is not.
 */
function plainOperand(operand: Operand): boolean {
  switch (operand.kind) {
    case "list":
      return operand.items.every(plainOperand);
    case "function":
      return operand.name === "currentUser" || lookupFunction(operand.name)?.fnClass === "temporal";
    default:
      return true;
  }
}

function compute(plan: Plan): readonly string[] | null {
  if (plan.clauses.some((c) => c.class === "external")) return null;
  const out = new Set<string>();
  const visit = (clause: Clause): boolean => {
    switch (clause.kind) {
      case "and":
      case "or":
        return clause.clauses.every(visit);
      case "not":
        return visit(clause.clause);
      case "terminal": {
        if (clause.predicates.length > 0 || /^(was|changed)/.test(clause.operator)) return false;
        if (clause.operand && !plainOperand(clause.operand)) return false;
        const key = fieldKey(clause.field);
        if (key === null) return false;
        out.add(key);
        return true;
      }
    }
  };
  const where = plan.stage2?.where ?? null;
  if (where !== null && !visit(where)) return null;
  for (const sort of plan.stage2?.orderBy?.keys ?? []) {
    const key = fieldKey(sort.field);
    if (key === null) return null;
    out.add(key);
  }
  return [...out].sort();
}
