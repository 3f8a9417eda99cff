/**
 * Diagnostics are data: a stable code, a message that says what was expected and what
 * was found, and the span it concerns. `JqlError` carries one through `throw`;
 * `renderDiagnostic` shows it under the source line with a caret.
 */
import type { Span } from "./ast.js";

export type DiagnosticCode =
  | "E_JQL_SYNTAX"
  | "E_JQL_LEXICAL"
  | "E_JQL_RESERVED"
  | "E_JQL_TOO_LONG"
  | "E_JQL_TOO_DEEP"
  | "E_UNKNOWN_FIELD"
  | "E_UNKNOWN_VALUE"
  | "E_UNKNOWN_FUNCTION"
  | "E_UNSUPPORTED_FIELD"
  | "E_UNSUPPORTED_FUNCTION"
  | "E_UNSUPPORTED_OPERATOR"
  | "E_UNSUPPORTED_HISTORY"
  | "E_BAD_VALUE"
  | "E_TEXT_SYNTAX";

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly span: Span;
  /** 1-based line of `span.start`. */
  readonly line: number;
  /** 1-based column (UTF-16 units) of `span.start`. */
  readonly column: number;
}

export class JqlError extends Error {
  override readonly name = "JqlError";
  constructor(
    readonly diagnostic: Diagnostic,
    options?: { cause?: unknown },
  ) {
    super(`${diagnostic.message} (line ${diagnostic.line}, column ${diagnostic.column})`, options);
  }

  get code(): DiagnosticCode {
    return this.diagnostic.code;
  }
}

/** 1-based line and column of `offset`; CR, LF and CRLF each end a line. */
export function positionOf(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, source.length);
  for (let i = 0; i < end; i++) {
    const c = source.charCodeAt(i);
    if (c === 10 || (c === 13 && source.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

export function diagnostic(source: string, code: DiagnosticCode, message: string, span: Span): Diagnostic {
  const { line, column } = positionOf(source, span.start);
  return { code, message, span, line, column };
}

export function jqlError(source: string, code: DiagnosticCode, message: string, span: Span): JqlError {
  return new JqlError(diagnostic(source, code, message, span));
}

/**
 * The diagnostic under its source line with a caret run marking the span:
 *
 *     line 1, column 15: expected a value after '=' but found 'AND'
 *       project = FOO AND AND status = Open
 *                         ^^^
 */
export function renderDiagnostic(source: string, d: Diagnostic): string {
  const lines = source.split(/\r\n|\r|\n/);
  const text = lines[d.line - 1] ?? "";
  const width = Math.max(1, Math.min(d.span.end - d.span.start, text.length - (d.column - 1)));
  const visible = text.replace(/\t/g, " ");
  return `line ${d.line}, column ${d.column}: ${d.message}\n  ${visible}\n  ${" ".repeat(d.column - 1)}${"^".repeat(width)}`;
}
