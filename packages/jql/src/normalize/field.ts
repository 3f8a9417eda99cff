/**
 * Field references → canonical fields: system fields by the table (aliases, canonical
 * case), custom fields by `cf[N]`, name or `"Name[Type]"` through the resolver (all to
 * `cf[N]`). Without a resolver unknown names stay as written; with one, unknown and
 * unsupported fields are rejected with the field's span.
 */
import type { Field } from "../ast.js";
import { type CatalogResolver, CUSTOM_FIELD_TYPE_NAMES, type CustomFieldInfo } from "../catalog.js";
import { SYSTEM_FIELDS, UNSUPPORTED_FIELDS } from "../fields.js";
import { printField } from "../printer.js";
import { type FieldInfo, fail, type NormalizeContext } from "./context.js";
import { fieldText, systemFieldOf } from "./fast-lookup.js";
import { closestNames } from "./suggest.js";

export type { FieldInfo } from "./context.js";

function info(field: Field, label: string, extra: Partial<FieldInfo>): FieldInfo {
  return {
    field,
    text: fieldText(field),
    label,
    system: extra.system,
    custom: extra.custom,
    unsupported: extra.unsupported,
  };
}

/** The field spelled `text`; the same object when it already is. */
function named(field: Field, text: string): Field {
  if (field.name.kind === "name" && field.name.text === text && !field.name.number) return field;
  return { kind: "field", span: field.span, name: { kind: "name", text, number: false }, properties: [] };
}

function customField(field: Field, custom: CustomFieldInfo): FieldInfo {
  const canonical: Field = {
    kind: "field",
    span: field.span,
    name: { kind: "cf", id: custom.id },
    properties: [],
  };
  return info(canonical, custom.name, { custom });
}

/**
 * What an already normalized field denotes (no lookups by name, no errors): used by the
 * splitter and metadata, which read normalized trees.
 */
export function describeField(field: Field, resolver: CatalogResolver | undefined): FieldInfo {
  if (field.properties.length === 0) {
    if (field.name.kind === "cf") {
      const custom = resolver?.customFieldById(field.name.id);
      return info(field, custom?.name ?? `cf[${field.name.id}]`, { custom });
    }
    const system = systemFieldOf(field.name.text);
    if (system) return info(field, system.name, { system });
    const unsupported = UNSUPPORTED_FIELDS.get(field.name.text.toLowerCase());
    if (unsupported) return info(field, unsupported.name, { unsupported });
  }
  return info(field, field.name.kind === "cf" ? `cf[${field.name.id}]` : field.name.text, {});
}

/**
 * The canonical field(s) a reference denotes. Several when a custom field name is
 * shared by several fields (the clause then applies to each, joined by OR).
 */
export function resolveFields(field: Field, ctx: NormalizeContext): readonly FieldInfo[] {
  const infos = lookupFields(field, ctx);
  for (const i of infos) ctx.fields.set(i.field, i);
  return infos;
}

/** `resolveFields` for ORDER BY keys: one field (the lowest id for a shared name). */
export function resolveSortField(field: Field, ctx: NormalizeContext): FieldInfo {
  return resolveFields(field, ctx)[0]!;
}

function lookupFields(field: Field, ctx: NormalizeContext): readonly FieldInfo[] {
  const resolver = ctx.resolver;
  if (field.properties.length > 0) {
    if (resolver) rejectProperty(field, ctx);
    return [info(field, printField(field), {})];
  }
  if (field.name.kind === "cf") {
    if (!resolver) return [describeField(field, undefined)];
    const custom = resolver.customFieldById(field.name.id);
    if (!custom) fail(ctx, "E_UNKNOWN_FIELD", `Field 'cf[${field.name.id}]' does not exist`, field.span);
    return [customField(field, custom)];
  }
  const text = field.name.text;
  const system = systemFieldOf(text);
  if (system) return [info(named(field, system.name), system.name, { system })];
  const unsupported = UNSUPPORTED_FIELDS.get(text.toLowerCase());
  if (unsupported) {
    if (resolver) {
      fail(
        ctx,
        "E_UNSUPPORTED_FIELD",
        `Field '${unsupported.name}' is not supported: ${unsupported.reason}`,
        field.span,
      );
    }
    return [info(named(field, unsupported.name), unsupported.name, { unsupported })];
  }
  if (!resolver) return [info(field, text, {})];
  const customs = customFieldsNamed(text, resolver);
  if (customs.length === 0) {
    const suggestions = closestNames(text, [
      ...SYSTEM_FIELDS.map((f) => f.name),
      ...(resolver.fieldNames?.() ?? []),
    ]);
    const hint = suggestions.length ? ` (did you mean ${suggestions.map((s) => `'${s}'`).join(", ")}?)` : "";
    fail(ctx, "E_UNKNOWN_FIELD", `Field '${text}' does not exist${hint}`, field.span);
  }
  return customs.map((custom) => customField(field, custom));
}

/** By name; failing that, `Name[Type]` by name and type. Sorted by id for a stable order. */
function customFieldsNamed(text: string, resolver: CatalogResolver): readonly CustomFieldInfo[] {
  let found = resolver.customFieldsByName(text);
  if (found.length === 0) {
    const typed = /^(.+)\[([^[\]]+)\]$/.exec(text);
    if (typed) {
      const wanted = CUSTOM_FIELD_TYPE_NAMES.get(typed[2]!.trim().toLowerCase());
      found = resolver.customFieldsByName(typed[1]!.trim()).filter((f) => f.type === wanted);
    }
  }
  return found.length > 1 ? [...found].sort((a, b) => a.id - b.id) : found;
}

function rejectProperty(field: Field, ctx: NormalizeContext): never {
  const base = field.name.kind === "cf" ? `cf[${field.name.id}]` : field.name.text;
  const [first] = field.properties;
  if (
    field.properties.length === 1 &&
    first!.path.length === 0 &&
    !base.toLowerCase().endsWith(".property")
  ) {
    const quoted = `"${base}[${first!.key.value}]"`;
    fail(
      ctx,
      "E_UNSUPPORTED_FIELD",
      `Field '${base}[${first!.key.value}]' is read as an entity property reference; to name a custom field by name and type, quote it: ${quoted}`,
      field.span,
    );
  }
  fail(
    ctx,
    "E_UNSUPPORTED_FIELD",
    `Field '${printField(field)}' is not supported: entity properties are not part of subq's schema`,
    field.span,
  );
}
