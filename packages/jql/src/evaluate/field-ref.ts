/**
 * Field references → the fields they denote, as the normalizer resolves them: system
 * fields and aliases (fields.ts) first, then known unsupported fields (rejected with
 * their reason), then custom fields by `cf[N]`, by name (case-insensitive; a name shared
 * by several fields denotes all of them, the clause applying to each, joined by OR) or,
 * failing that, by `"Name[Type]"` (Jira's type names, catalog.ts). Entity-property
 * references are rejected.
 */
import type { Field } from "../ast.js";
import { CUSTOM_FIELD_TYPE_NAMES } from "../catalog.js";
import { lookupSystemField, type SystemField, UNSUPPORTED_FIELDS } from "../fields.js";
import type { CustomField } from "../model.js";
import { printField } from "../printer.js";
import { type EvalEnv, fail } from "./env.js";

export type FieldRef =
  | { readonly kind: "system"; readonly field: SystemField }
  | { readonly kind: "custom"; readonly field: CustomField };

export function resolveField(field: Field, env: EvalEnv): readonly FieldRef[] {
  if (field.properties.length > 0) rejectProperty(field, env);
  const index = env.index;
  if (field.name.kind === "cf") {
    const custom = index.customFields.get(field.name.id);
    if (!custom) fail(env, "E_UNKNOWN_FIELD", `Field 'cf[${field.name.id}]' does not exist`, field.span);
    return [{ kind: "custom", field: custom }];
  }
  const text = field.name.text;
  const system = lookupSystemField(text);
  if (system) return [{ kind: "system", field: system }];
  const unsupported = UNSUPPORTED_FIELDS.get(text.toLowerCase());
  if (unsupported) {
    fail(
      env,
      "E_UNSUPPORTED_FIELD",
      `Field '${unsupported.name}' is not supported: ${unsupported.reason}`,
      field.span,
    );
  }
  let customs = index.customFieldsByName.get(text.toLowerCase()) ?? [];
  if (customs.length === 0) {
    const typed = /^(.+)\[([^[\]]+)\]$/.exec(text);
    if (typed) {
      const type = CUSTOM_FIELD_TYPE_NAMES.get(typed[2]!.trim().toLowerCase());
      customs = (index.customFieldsByName.get(typed[1]!.trim().toLowerCase()) ?? []).filter(
        (f) => f.type === type,
      );
    }
  }
  if (customs.length === 0) fail(env, "E_UNKNOWN_FIELD", `Field '${text}' does not exist`, field.span);
  return [...customs].sort((a, b) => a.id - b.id).map((custom) => ({ kind: "custom", field: custom }));
}

function rejectProperty(field: Field, env: EvalEnv): never {
  const base = field.name.kind === "cf" ? `cf[${field.name.id}]` : field.name.text;
  const [first] = field.properties;
  const hint =
    field.properties.length === 1 && first!.path.length === 0
      ? `; to name a custom field by name and type, quote it: "${base}[${first!.key.value}]"`
      : "";
  fail(
    env,
    "E_UNSUPPORTED_FIELD",
    `Field '${printField(field)}' is not supported: entity properties are not part of subq's schema${hint}`,
    field.span,
  );
}

/** The name used in messages. */
export function fieldLabel(ref: FieldRef): string {
  return ref.field.name;
}
