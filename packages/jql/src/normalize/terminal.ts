/**
 * One terminal clause → its canonical form: canonical field(s), canonical values (ids
 * with a resolver), functions by canonical name, EMPTY spellings folded (`= EMPTY`,
 * `~ EMPTY`, `IN (EMPTY)` → `IS EMPTY`), membership clauses folded (fold.ts), history
 * predicates canonical and sorted (they all constrain the same interval or change, so
 * their order is irrelevant). A name shared by several custom fields, or a comparison
 * with a name shared by several values, yields an OR of clauses.
 */
import type { Clause, HistoryPredicate, Literal, Operand, TerminalClause } from "../ast.js";
import { isDateOperand } from "../dates.js";
import { printOperand } from "../printer.js";
import { disjoin } from "./boolean.js";
import { fail, type NormalizeContext } from "./context.js";
import { type FieldInfo, resolveFields } from "./field.js";
import { familyOf, foldMembership } from "./fold.js";
import { isKnownFunction, normalizeFunction } from "./functions.js";
import { compareText } from "./text.js";
import { badDate, canonicalValues } from "./values.js";

const HISTORY = new Set(["was", "was not", "was in", "was not in", "changed"]);

export function normalizeTerminal(clause: TerminalClause, ctx: NormalizeContext): Clause | null {
  const fields = resolveFields(clause.field, ctx);
  if (fields.length === 1) return normalizeOn(clause, fields[0]!, ctx);
  return disjoin(
    fields.map((info) => normalizeOn(clause, info, ctx)),
    ctx.texts,
    clause.span,
  );
}

function normalizeOn(clause: TerminalClause, info: FieldInfo, ctx: NormalizeContext): Clause {
  const { operator, operand } = clause;
  if (ctx.resolver && HISTORY.has(operator) && !info.system?.history) {
    fail(
      ctx,
      "E_UNSUPPORTED_HISTORY",
      `Field '${info.label}' does not support history searches (${operator.toUpperCase()}); supported: status, assignee, priority, resolution, reporter, issuetype, fixVersion`,
      clause.field.span,
    );
  }
  const predicates = clause.predicates.length
    ? normalizePredicates(clause.predicates, info, ctx)
    : clause.predicates;
  const proto: TerminalClause =
    info.field === clause.field && predicates === clause.predicates
      ? clause
      : { ...clause, field: info.field, predicates };
  if (operand === null) return proto; // CHANGED
  if (operator === "~" || operator === "!~") {
    if (operand.kind === "empty") return { ...proto, operator: operator === "~" ? "is" : "is not" };
    return {
      ...proto,
      operand: operand.kind === "value" ? asText(operand) : normalizeOperand(operand, info, ctx, false),
    };
  }
  const family = familyOf(operator);
  if (family === undefined) return comparison(proto, operand, info, ctx);
  if (operand.kind === "function" && !isKnownFunction(operand) && !operator.endsWith("in")) {
    return { ...proto, operand: normalizeFunction(operand, ctx) };
  }
  const items: Operand[] = [];
  collect(operand, info, ctx, false, items);
  return foldMembership(proto, family, items);
}

/** `<`, `>`, `<=`, `>=`: one comparison per value the literal names. */
function comparison(proto: TerminalClause, operand: Operand, info: FieldInfo, ctx: NormalizeContext): Clause {
  if (operand.kind !== "value") return { ...proto, operand: normalizeOperand(operand, info, ctx, false) };
  const values = canonicalValues(operand, info, ctx);
  if (values.length === 1 && values[0]!.kind === "value") return { ...proto, operand: values[0]! };
  if (values.some((v) => v.kind !== "value")) return proto; // `resolution < Unresolved`: nothing to order by
  return disjoin(
    values.map((value) => ({ ...proto, operand: value })),
    ctx.texts,
    proto.span,
  )!;
}

function asText(lit: Literal): Literal {
  return lit.number ? { ...lit, number: false } : lit;
}

/** Flattens an operand into canonical items (lists are sets). */
function collect(
  operand: Operand,
  info: FieldInfo,
  ctx: NormalizeContext,
  users: boolean,
  out: Operand[],
): void {
  switch (operand.kind) {
    case "value":
      out.push(...canonicalValues(operand, info, ctx, users));
      return;
    case "function":
      out.push(normalizeFunction(operand, ctx));
      return;
    case "empty":
      out.push(operand);
      return;
    case "list":
      for (const item of operand.items) collect(item, info, ctx, users, out);
  }
}

/** An operand whose items are values of the field (or users): a set, sorted. */
function normalizeOperand(operand: Operand, info: FieldInfo, ctx: NormalizeContext, users: boolean): Operand {
  if (operand.kind === "function") return normalizeFunction(operand, ctx);
  const items: Operand[] = [];
  collect(operand, info, ctx, users, items);
  if (operand.kind !== "list" && items.length === 1) return items[0]!;
  const keyed = items
    .map((item) => ({ item, text: printOperand(item) }))
    .sort((a, b) => compareText(a.text, b.text));
  const unique = keyed.filter((k, i) => i === 0 || k.text !== keyed[i - 1]!.text).map((k) => k.item);
  return unique.length === 1 ? unique[0]! : { kind: "list", span: operand.span, items: unique };
}

/**
 * Dates and ranges keep their order (DURING (a, b)); only their functions are
 * canonicalized. With a resolver, a literal must be a date.
 */
function normalizeDates(operand: Operand, predicate: string, ctx: NormalizeContext): Operand {
  if (operand.kind === "function") return normalizeFunction(operand, ctx);
  if (operand.kind === "value" && ctx.resolver && !isDateOperand(operand.value))
    badDate(operand, predicate, ctx);
  if (operand.kind !== "list") return operand;
  return { ...operand, items: operand.items.map((item) => normalizeDates(item, predicate, ctx)) };
}

function normalizePredicates(
  predicates: readonly HistoryPredicate[],
  info: FieldInfo,
  ctx: NormalizeContext,
): readonly HistoryPredicate[] {
  const keyed = predicates.map((p) => {
    const operand =
      p.type === "from" || p.type === "to"
        ? normalizeOperand(p.operand, info, ctx, false)
        : p.type === "by"
          ? normalizeOperand(p.operand, info, ctx, true)
          : normalizeDates(p.operand, `the predicate '${p.type.toUpperCase()}'`, ctx);
    const predicate: HistoryPredicate = operand === p.operand ? p : { ...p, operand };
    return { predicate, text: `${p.type} ${printOperand(operand)}` };
  });
  keyed.sort((a, b) => compareText(a.text, b.text));
  return keyed.filter((k, i) => i === 0 || k.text !== keyed[i - 1]!.text).map((k) => k.predicate);
}
