/**
 * Fast paths for the hot loop of `plan()`: system fields and functions by their
 * canonical spelling without lower-casing, and the printed text of canonical fields
 * computed once (the printer checks every name for characters that need quotes).
 */
import type { Field } from "../ast.js";
import { lookupSystemField, SYSTEM_FIELDS, type SystemField } from "../fields.js";
import { FUNCTIONS, type JqlFunction, lookupFunction } from "../functions.js";
import { printField, printString } from "../printer.js";

const BY_CANONICAL_NAME: ReadonlyMap<string, SystemField> = new Map(SYSTEM_FIELDS.map((f) => [f.name, f]));
const CANONICAL_TEXT: ReadonlyMap<string, string> = new Map(
  SYSTEM_FIELDS.map((f) => [f.name, printString(f.name)]),
);

const FUNCTION_BY_NAME: ReadonlyMap<string, JqlFunction> = new Map(FUNCTIONS.map((f) => [f.name, f]));

/** `lookupFunction`, trying the canonical spelling first. */
export function functionOf(name: string): JqlFunction | undefined {
  return FUNCTION_BY_NAME.get(name) ?? lookupFunction(name);
}

/** `lookupSystemField`, trying the canonical spelling first. */
export function systemFieldOf(name: string): SystemField | undefined {
  return BY_CANONICAL_NAME.get(name) ?? lookupSystemField(name);
}

/** `printField(field)`. */
export function fieldText(field: Field): string {
  if (field.properties.length === 0) {
    if (field.name.kind === "cf") return `cf[${field.name.id}]`;
    if (!field.name.number) {
      const text = CANONICAL_TEXT.get(field.name.text);
      if (text !== undefined) return text;
    }
  }
  return printField(field);
}
