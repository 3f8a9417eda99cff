/**
 * Values of a terminal clause in canonical form: with a resolver, configuration names
 * become ids (every match: names can repeat); `resolution = Unresolved` becomes EMPTY;
 * status categories and project types take their keys; issue keys are upper-cased; text fields take
 * strings and numeric fields numbers, so `labels = 1` ≡ `labels = "1"`.
 */
import type { Literal, Operand } from "../ast.js";
import type { ValueDomain } from "../catalog.js";
import { DATE_FORMATS, durationSeconds, isDateOperand } from "../dates.js";
import type { FieldKind } from "../fields.js";
import { fail, type NormalizeContext } from "./context.js";
import type { FieldInfo } from "./field.js";

const DOMAINS: Partial<Record<FieldKind, ValueDomain>> = {
  project: "project",
  issuetype: "issuetype",
  status: "status",
  priority: "priority",
  resolution: "resolution",
  component: "component",
  version: "version",
  sprint: "sprint",
  user: "user",
  category: "category",
  level: "level",
};

/** Fixed value sets (docs/jql-semantics.md §3), case-insensitive, to their keys. */
const KEYWORDS: Readonly<Record<string, ReadonlyMap<string, string>>> = {
  statusCategory: new Map([
    ["new", "new"],
    ["to do", "new"],
    ["2", "new"],
    ["indeterminate", "indeterminate"],
    ["in progress", "indeterminate"],
    ["4", "indeterminate"],
    ["done", "done"],
    ["3", "done"],
  ]),
  projectType: new Map(["software", "service_desk", "business"].map((t) => [t, t])),
};

const TEXT_KINDS: ReadonlySet<string> = new Set(["labels", "text", "comment", "textAll"]);
const NUMBER_KINDS: ReadonlySet<string> = new Set(["count", "percent", "duration", "number"]);
const DATE_KINDS: ReadonlySet<string> = new Set(["date", "datetime"]);
const INTEGER = /^-?\d+$/;
/** What the back ends read as a number (evaluate/field-model.ts, db/compiler/field-model.ts). */
const NUMBER = /^-?\d+(?:\.\d+)?$/;
/** An issue key (`FOO-12`) or a text the back ends compare as one; all digits is an id. */
const DIGITS = /^\d+$/;

function domainOf(info: FieldInfo): { domain: ValueDomain; fieldId?: number } | undefined {
  if (info.system) {
    const domain = DOMAINS[info.system.kind];
    return domain ? { domain } : undefined;
  }
  const custom = info.custom;
  if (!custom) return undefined;
  if (custom.type === "user") return { domain: "user" };
  if (custom.type === "select" || custom.type === "multiselect")
    return { domain: "option", fieldId: custom.id };
  return undefined;
}

function literal(template: Literal, value: string, number: boolean): Literal {
  return template.value === value && template.number === number
    ? template
    : { kind: "value", span: template.span, value, number };
}

/**
 * The canonical operands one literal stands for. `userValues` makes the literal a user
 * (the BY predicate of history clauses) whatever the field.
 */
export function canonicalValues(
  lit: Literal,
  info: FieldInfo,
  ctx: NormalizeContext,
  userValues = false,
): readonly Operand[] {
  const kind = userValues ? "user" : (info.system?.kind ?? info.custom?.type);
  if (kind === "resolution" && !lit.number && lit.value.toLowerCase() === "unresolved") {
    return [{ kind: "empty", span: lit.span }];
  }
  const keywords = kind === "statusCategory" || kind === "projectType" ? KEYWORDS[kind] : undefined;
  if (keywords) {
    const key = keywords.get(lit.value.toLowerCase());
    if (key) return [literal(lit, key, false)];
    if (ctx.resolver) unknownValue(lit, info, ctx);
    return [lit];
  }
  if (ctx.resolver && kind !== undefined) checkTyped(lit, kind, info, ctx);
  if ((kind === "issuekey" || kind === "parent") && !lit.number && /^[\x20-\x7e]*$/.test(lit.value)) {
    return [literal(lit, lit.value.toUpperCase(), false)];
  }
  if (kind !== undefined && TEXT_KINDS.has(kind)) return [literal(lit, lit.value, false)];
  if (kind !== undefined && NUMBER_KINDS.has(kind)) return [literal(lit, lit.value, INTEGER.test(lit.value))];
  const resolver = ctx.resolver;
  const target = userValues ? { domain: "user" as const } : domainOf(info);
  if (!resolver || !target) return [lit];
  const ids = resolver.lookup(target.domain, lit.value, lit.number, target.fieldId);
  if (ids.length === 0) unknownValue(lit, info, ctx);
  return ids.map((id) => literal(lit, id, INTEGER.test(id)));
}

function unknownValue(lit: Literal, info: FieldInfo, ctx: NormalizeContext): never {
  fail(
    ctx,
    "E_UNKNOWN_VALUE",
    `The value '${lit.value}' does not exist for the field '${info.label}'.`,
    lit.span,
  );
}

/**
 * A literal of a date, number, duration or issue field must denote a value of it: Jira
 * rejects `created > "nonsense"` and `votes > many`, where the back ends would compare
 * with nothing and silently match no issue.
 */
function checkTyped(lit: Literal, kind: string, info: FieldInfo, ctx: NormalizeContext): void {
  const value = lit.value;
  if (DATE_KINDS.has(kind)) {
    if (!isDateOperand(value)) badDate(lit, `field '${info.label}'`, ctx);
  } else if (kind === "duration") {
    if (durationSeconds(value) === undefined) {
      badValue(lit, info, "a duration such as 2h, '1d 4h', 30m, 1.5w, or a whole number of minutes", ctx);
    }
  } else if (NUMBER_KINDS.has(kind)) {
    if (!NUMBER.test(value)) badValue(lit, info, "a number such as 5, -2 or 2.5", ctx);
  } else if (kind === "issuekey" || kind === "parent") {
    const id = lit.number || DIGITS.test(value);
    if (id && !(DIGITS.test(value) && Number.isSafeInteger(Number(value)))) {
      badValue(lit, info, `an issue key (FOO-12) or an issue id from 0 to ${Number.MAX_SAFE_INTEGER}`, ctx);
    }
  }
}

/** A date operand (of a field, or of a history predicate: `BEFORE`, `DURING`, ...) that is not a date. */
export function badDate(lit: Literal, of: string, ctx: NormalizeContext): never {
  fail(
    ctx,
    "E_BAD_VALUE",
    `Date value '${lit.value}' for ${of} is invalid. Valid formats include: ${DATE_FORMATS}.`,
    lit.span,
  );
}

function badValue(lit: Literal, info: FieldInfo, expected: string, ctx: NormalizeContext): never {
  fail(
    ctx,
    "E_BAD_VALUE",
    `The value '${lit.value}' is invalid for the field '${info.label}': give ${expected}.`,
    lit.span,
  );
}
