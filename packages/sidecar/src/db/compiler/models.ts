/** The SQL model of a resolved field reference (field-model.ts). */
import type { Field } from "@subq/jql";
import type { CompileEnv } from "./env.js";
import type { SqlField } from "./field-model.js";
import { type FieldRef, resolveField } from "./field-ref.js";
import { configField } from "./fields-config.js";
import { customField } from "./fields-custom.js";
import { issueField } from "./fields-issue.js";
import { issueKeyField, parentField } from "./fields-issuekey.js";
import { textField } from "./fields-text.js";

export function modelOf(ref: FieldRef, env: CompileEnv): SqlField {
  if (ref.kind === "custom") return customField(ref.field, env);
  const field = ref.field;
  if (field.kind === "issuekey") return issueKeyField(field, env);
  if (field.kind === "parent") return parentField(field, env);
  const model = configField(field, env) ?? issueField(field, env) ?? textField(field, env);
  if (!model) throw new Error(`internal: no SQL model for the field ${field.name}`);
  return model;
}

/** The models of every field a reference denotes (several for a shared custom field name). */
export function fieldModels(field: Field, env: CompileEnv): readonly { ref: FieldRef; model: SqlField }[] {
  return resolveField(field, env).map((ref) => ({ ref, model: modelOf(ref, env) }));
}
