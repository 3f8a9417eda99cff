/** The model of a resolved field reference (field-model.ts). */
import type { Field } from "../ast.js";
import { configModel } from "./config-models.js";
import { customModel } from "./custom-models.js";
import type { EvalEnv } from "./env.js";
import type { FieldModel } from "./field-model.js";
import { type FieldRef, resolveField } from "./field-ref.js";
import { issueModel } from "./issue-models.js";

export function modelOf(ref: FieldRef, env: EvalEnv): FieldModel {
  if (ref.kind === "custom") return customModel(ref.field, env);
  const model = configModel(ref.field, env) ?? issueModel(ref.field, env);
  if (!model) throw new Error(`internal: no model for the field ${ref.field.name}`);
  return model;
}

/** The models of every field a reference denotes (several for a shared custom field name). */
export function fieldModels(field: Field, env: EvalEnv): readonly { ref: FieldRef; model: FieldModel }[] {
  return resolveField(field, env).map((ref) => ({ ref, model: modelOf(ref, env) }));
}
