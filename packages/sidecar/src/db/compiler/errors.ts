/**
 * Compiler errors. What is wrong with a query is a `JqlError` from @subq/jql with the
 * same code and span the evaluator raises for it (E_UNSUPPORTED_FIELD,
 * E_UNSUPPORTED_FUNCTION, E_UNSUPPORTED_OPERATOR, E_UNSUPPORTED_HISTORY, E_BAD_VALUE,
 * E_TEXT_SYNTAX, E_UNKNOWN_FIELD): the differential tests hold both to the same verdicts.
 * What is wrong with a call (a dynamic clause compiled for Stage 1, a bad page) is a
 * `CompileError` (a SubqBaseError) with a stable code of its own.
 */
import { type DiagnosticCode, JqlError, positionOf, type Span } from "@subq/jql";
import { SubqBaseError } from "../../error-base.js";

export type CompileErrorCode =
  /** A clause needs the searcher, the moment or permissions, but none were given (Stage 1). */
  | "E_COMPILE_CONTEXT"
  /** startAt / maxResults out of range. */
  | "E_COMPILE_PAGE"
  /** A Stage 1 id that is not an issue id. */
  | "E_COMPILE_IDS";

export class CompileError extends SubqBaseError<CompileErrorCode> {
  override readonly name = "CompileError";
  constructor(code: CompileErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, { cause: options?.cause });
  }
}

export function isCompileError(error: unknown): error is CompileError {
  return error instanceof CompileError;
}

/** Throws the `JqlError` the evaluator would throw for the same clause. */
export function jqlFail(source: string, code: DiagnosticCode, message: string, span: Span): never {
  const { line, column } = positionOf(source, span.start);
  throw new JqlError({ code, message, span, line, column });
}
