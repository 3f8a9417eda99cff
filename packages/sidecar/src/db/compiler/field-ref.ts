/**
 * Field references → the fields they denote, as the normalizer and the evaluator resolve
 * them: system fields and aliases (fields.ts) first, then the known unsupported fields
 * (E_UNSUPPORTED_FIELD with their reason), then custom fields by `cf[N]`, by name (every
 * field of that name, lowest id first) or by `"Name[Type]"`. Entity properties are
 * rejected. The result decides which column, table and custom field id the SQL names:
 * identifiers come from this allow-list only, never from the query text.
 */
import {
  CUSTOM_FIELD_TYPE_NAMES,
  type CustomField,
  type Field,
  lookupSystemField,
  printField,
  type SystemField,
  UNSUPPORTED_FIELDS,
} from "@subq/jql";
import type { CompileEnv } from "./env.js";

export type FieldRef =
  | { readonly kind: "system"; readonly field: SystemField }
  | { readonly kind: "custom"; readonly field: CustomField };

export function resolveField(field: Field, env: CompileEnv): readonly FieldRef[] {
  if (field.properties.length > 0) rejectProperty(field, env);
  const cc = env.catalog;
  if (field.name.kind === "cf") {
    const custom = cc.customFields.get(field.name.id);
    if (!custom) env.fail("E_UNKNOWN_FIELD", `Field 'cf[${field.name.id}]' does not exist`, field.span);
    return [{ kind: "custom", field: custom }];
  }
  const text = field.name.text;
  const system = lookupSystemField(text);
  if (system) return [{ kind: "system", field: system }];
  const unsupported = UNSUPPORTED_FIELDS.get(text.toLowerCase());
  if (unsupported) {
    env.fail(
      "E_UNSUPPORTED_FIELD",
      `Field '${unsupported.name}' is not supported: ${unsupported.reason}`,
      field.span,
    );
  }
  let customs = cc.customFieldsByName.get(text.toLowerCase()) ?? [];
  if (customs.length === 0) {
    const typed = /^(.+)\[([^[\]]+)\]$/.exec(text);
    if (typed) {
      const type = CUSTOM_FIELD_TYPE_NAMES.get(typed[2]!.trim().toLowerCase());
      customs = (cc.customFieldsByName.get(typed[1]!.trim().toLowerCase()) ?? []).filter(
        (f) => f.type === type,
      );
    }
  }
  if (customs.length === 0) env.fail("E_UNKNOWN_FIELD", `Field '${text}' does not exist`, field.span);
  return [...customs].sort((a, b) => a.id - b.id).map((custom) => ({ kind: "custom", field: custom }));
}

function rejectProperty(field: Field, env: CompileEnv): never {
  const base = field.name.kind === "cf" ? `cf[${field.name.id}]` : field.name.text;
  const [first] = field.properties;
  const hint =
    field.properties.length === 1 && first!.path.length === 0
      ? `; to name a custom field by name and type, quote it: "${base}[${first!.key.value}]"`
      : "";
  return env.fail(
    "E_UNSUPPORTED_FIELD",
    `Field '${printField(field)}' is not supported: entity properties are not part of subq's schema${hint}`,
    field.span,
  );
}
