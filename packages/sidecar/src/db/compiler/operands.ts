/**
 * Operands → what they denote for one field, in TypeScript: literals through the field's
 * model, EMPTY as a flag, functions through functions.ts, lists as the union of their
 * items (nested lists flattened). Items are visited in order, so the first wrong item
 * raises the same error the evaluator raises (packages/jql/src/evaluate/operands.ts).
 */
import type { Operand } from "@subq/jql";
import type { CompileEnv } from "./env.js";
import type { ResolvedOperand, SqlField, Value } from "./field-model.js";
import { callFunction } from "./functions.js";

export function resolveOperand(operand: Operand, field: SqlField, env: CompileEnv): ResolvedOperand {
  const values: Value[] = [];
  const issueSets: string[] = [];
  let empty = false;
  let emptyItem = false;
  let literal = false;
  const visit = (item: Operand): void => {
    switch (item.kind) {
      case "empty":
        empty = true;
        emptyItem = true;
        return;
      case "list":
        item.items.forEach(visit);
        return;
      case "function": {
        const denoted = callFunction(item, field.functions, field.label, env);
        values.push(...denoted.values);
        if (denoted.issueSet !== undefined) issueSets.push(denoted.issueSet);
        return;
      }
      case "value": {
        if (!field.literal) {
          const how = field.text ? "use ~ or !~" : "only IS EMPTY and IS NOT EMPTY apply";
          env.fail(
            "E_UNSUPPORTED_OPERATOR",
            `Field '${field.label}' cannot be compared with a value; ${how}`,
            item.span,
          );
        }
        literal = true;
        const denoted = field.literal(item);
        if (denoted === "empty") empty = true;
        else values.push(...denoted);
      }
    }
  };
  visit(operand);
  const emptyShape = emptyItem ? "item" : literal && field.emptyLiterals ? "literal" : "none";
  return { values: [...new Set(values)], empty, emptyShape, issueSets };
}

/** A single date operand of a history predicate or a calendar ordering: its instants. */
export function resolveInstants(
  operand: Operand,
  field: SqlField,
  env: CompileEnv,
  what: string,
): readonly number[] {
  if (operand.kind === "empty" || operand.kind === "list") {
    env.fail(
      "E_BAD_VALUE",
      `${what} takes a date or a date function, not ${operand.kind === "empty" ? "EMPTY" : "a list"}`,
      operand.span,
    );
  }
  return resolveOperand(operand, field, env).values as readonly number[];
}
