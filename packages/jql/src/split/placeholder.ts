/**
 * The static placeholder of a dynamic atom: a clause implied by it for every user and
 * moment, or null (TRUE) when there is none (docs/jql-semantics.md §10, "Splitting").
 *
 * - `=`, `!=`, `<`, `>`, `<=`, `>=`, `~`, `!~` never match an empty field, so they imply
 *   `f IS NOT EMPTY` (`assignee = currentUser()`, `due < endOfWeek()`).
 * - `f IN (..., dyn)` implies `f IS NOT EMPTY`, unless EMPTY is in the list (then an
 *   empty field matches too: TRUE).
 * - `f NOT IN (a, dyn)` implies `f NOT IN (a)`: non-empty and no value is a.
 * - History clauses, NOT over CHANGED, permission-dependent and unsupported fields, and
 *   functions this package does not know (app functions such as ScriptRunner's often go
 *   with pseudo-fields that are never "non-empty"): TRUE.
 * - `IS NOT EMPTY` on a field that is never empty (project, created, ...) is TRUE too:
 *   it would only make Stage 1 cache every issue under another name.
 */
import type { Clause, Operand, TerminalClause } from "../ast.js";
import { isRelativeOffset } from "../dates.js";
import { functionOf } from "../normalize/fast-lookup.js";
import type { FieldInfo } from "../normalize/field.js";
import { foldMembership, itemsOf } from "../normalize/fold.js";
import { mayHoldDates } from "./classify.js";

const NEVER_EMPTY: ReadonlySet<string> = new Set([
  "project",
  "issuetype",
  "status",
  "statusCategory",
  "projectType",
  "issuekey",
  "watchers",
  "votes",
  "created",
  "updated",
]);

const NON_EMPTY = new Set(["=", "!=", "<", ">", "<=", ">=", "~", "!~"]);

export function placeholder(atom: Clause, info: FieldInfo): TerminalClause | null {
  if (atom.kind !== "terminal") return null;
  if (info.unsupported || (info.system && info.system.fieldClass !== "static")) return null;
  if (atom.operand && hasUnknownFunction(atom.operand)) return null;
  const { operator } = atom;
  if (NON_EMPTY.has(operator)) return notEmpty(atom, info);
  if (operator === "in") {
    const items = itemsOf(atom);
    return !items || items.some((i) => i.kind === "empty") ? null : notEmpty(atom, info);
  }
  if (operator === "not in") {
    const dates = mayHoldDates(info);
    const kept = (itemsOf(atom) ?? []).filter((i) => isStaticValue(i, dates));
    const folded = foldMembership(atom, "not in", kept);
    return folded.operator === "is not" ? notEmpty(atom, info) : folded;
  }
  return null;
}

function hasUnknownFunction(operand: Operand): boolean {
  if (operand.kind === "list") return operand.items.some(hasUnknownFunction);
  return operand.kind === "function" && functionOf(operand.name) === undefined;
}

function isStaticValue(item: Operand, dates: boolean): boolean {
  return item.kind === "value" && !(dates && isRelativeOffset(item.value));
}

function notEmpty(atom: TerminalClause, info: FieldInfo): TerminalClause | null {
  if (info.system && NEVER_EMPTY.has(info.system.name)) return null;
  return {
    kind: "terminal",
    span: atom.span,
    field: atom.field,
    operator: "is not",
    operand: { kind: "empty", span: atom.operand?.span ?? atom.span },
    predicates: [],
  };
}
