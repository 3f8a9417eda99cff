/**
 * What one normalization run carries: the optional catalog resolver, the source text
 * (for the line and column of diagnostics) and the text cache, so that every clause is
 * printed once however often it is sorted, compared or composed, and the field
 * descriptions the splitter reads back.
 */
import type { Field, Span } from "../ast.js";
import type { CatalogResolver, CustomFieldInfo } from "../catalog.js";
import { type DiagnosticCode, jqlError } from "../diagnostics.js";
import type { SystemField, UnsupportedField } from "../fields.js";
import type { TextCache } from "./text.js";

/** A field as normalization resolved it (field.ts). */
export interface FieldInfo {
  readonly field: Field;
  /** Canonical printed form: `status`, `cf[10016]`, `"Some Field"`. */
  readonly text: string;
  /** For messages: the system name, the custom field's name, or the text as written. */
  readonly label: string;
  readonly system: SystemField | undefined;
  readonly custom: CustomFieldInfo | undefined;
  readonly unsupported: UnsupportedField | undefined;
}

export interface NormalizeContext {
  /** Absent: purely syntactic normalization (nothing is looked up or rejected). */
  readonly resolver: CatalogResolver | undefined;
  readonly source: string;
  readonly texts: TextCache;
  /** What each canonical field of the output denotes, for the splitter. */
  readonly fields: Map<Field, FieldInfo>;
}

export function createContext(resolver: CatalogResolver | undefined, source: string): NormalizeContext {
  return { resolver, source, texts: new Map(), fields: new Map() };
}

export function fail(ctx: NormalizeContext, code: DiagnosticCode, message: string, span: Span): never {
  throw jqlError(ctx.source, code, message, span);
}
