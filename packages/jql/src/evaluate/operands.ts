/**
 * Operands → the values they denote for one field: a literal through the field's model,
 * EMPTY as a flag, a function through functions.ts, a list as the union of its items
 * (nested lists flattened). An unknown literal denotes nothing (the normalizer reports it).
 */
import type { Operand } from "../ast.js";
import { type EvalEnv, fail } from "./env.js";
import type { FieldModel, Value } from "./field-model.js";
import { callFunction } from "./functions.js";

export interface Resolved {
  readonly values: readonly Value[];
  /** EMPTY was among the operands (or a literal meaning EMPTY, like `Unresolved`). */
  readonly empty: boolean;
}

export function resolveOperand(operand: Operand, model: FieldModel, env: EvalEnv): Resolved {
  const values: Value[] = [];
  let empty = false;
  const visit = (item: Operand): void => {
    switch (item.kind) {
      case "empty":
        empty = true;
        return;
      case "list":
        item.items.forEach(visit);
        return;
      case "function":
        values.push(...callFunction(item, model.functions, model.label, env));
        return;
      case "value": {
        if (!model.literal) {
          const how = model.text ? "use ~ or !~" : "only IS EMPTY and IS NOT EMPTY apply";
          fail(
            env,
            "E_UNSUPPORTED_OPERATOR",
            `Field '${model.label}' cannot be compared with a value; ${how}`,
            item.span,
          );
        }
        const denoted = model.literal(item);
        if (denoted === "empty") empty = true;
        else values.push(...denoted);
      }
    }
  };
  visit(operand);
  return { values, empty };
}

/** A single date operand of a history predicate or an ordering: its instants. */
export function resolveInstants(
  operand: Operand,
  model: FieldModel,
  env: EvalEnv,
  what: string,
): readonly number[] {
  if (operand.kind === "empty" || operand.kind === "list") {
    fail(
      env,
      "E_BAD_VALUE",
      `${what} takes a date or a date function, not ${operand.kind === "empty" ? "EMPTY" : "a list"}`,
      operand.span,
    );
  }
  return resolveOperand(operand, model, env).values as readonly number[];
}
