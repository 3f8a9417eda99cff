/**
 * Any error → the HTTP answer: status from `httpStatusOf(code)` (errors.ts, the one
 * table), body `{ error: { code, message, where?, diagnostic? } }`. Typed subq errors
 * (JqlError, and every SubqBaseError) keep their code and message; anything else is an
 * internal error whose details stay in the log. Never a stack trace in a response.
 */
import { JqlError, renderDiagnostic } from "@subq/jql";
import { HTTPException } from "hono/http-exception";
import { RedisUnavailable } from "../engine/failures.js";
import { httpStatusOf, type ProblemCode, SubqBaseError } from "../errors.js";

export interface ProblemBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly where?: string;
    readonly diagnostic?: {
      readonly code: string;
      readonly message: string;
      readonly line: number;
      readonly column: number;
      readonly span: { readonly start: number; readonly end: number };
      readonly rendered: string;
    };
  };
}

export interface Problem {
  readonly status: number;
  readonly body: ProblemBody;
  readonly headers: Readonly<Record<string, string>>;
}

export interface ProblemContext {
  /** The request's JQL and where it came from (`body.jql`), to render a diagnostic against. */
  readonly jql?: { readonly text: string; readonly where: string };
  readonly requestId: string;
}

export function problemOf(error: unknown, context: ProblemContext): Problem {
  const { code, message, where, diagnostic } = describe(error, context);
  const status = httpStatusOf(code);
  const headers: Record<string, string> = {};
  if (status === 401) headers["WWW-Authenticate"] = 'Bearer realm="subq"';
  if (status === 503) headers["Retry-After"] = "1";
  const body: ProblemBody = {
    error: { code, message, ...(where ? { where } : {}), ...(diagnostic ? { diagnostic } : {}) },
  };
  return { status, body, headers };
}

/** The answer's error, with its code typed so that the status lookup is checked. */
type Described = ProblemBody["error"] & { readonly code: ProblemCode };

function describe(error: unknown, context: ProblemContext): Described {
  if (error instanceof JqlError) {
    const d = error.diagnostic;
    const rendered = context.jql
      ? renderDiagnostic(context.jql.text, d)
      : `line ${d.line}, column ${d.column}: ${d.message}`;
    return {
      code: d.code,
      message: error.message,
      where: context.jql?.where,
      diagnostic: {
        code: d.code,
        message: d.message,
        line: d.line,
        column: d.column,
        span: d.span,
        rendered,
      },
    };
  }
  if (error instanceof RedisUnavailable) {
    return { code: error.code, message: `Redis is unavailable: ${error.message}` };
  }
  // SubqError, ReportError, StoreError, DbError, CompileError: their codes are in the table.
  if (error instanceof SubqBaseError) return { code: error.code, message: error.message, where: error.where };
  if (error instanceof HTTPException) return fromHttpException(error);
  return {
    code: "E_INTERNAL",
    message: `internal error (request ${context.requestId}); the sidecar's log has the details`,
  };
}

/** Hono's own rejections (body parsing, media type) are the request's fault. */
function fromHttpException(error: HTTPException): Described {
  if (error.status === 415) {
    return {
      code: "E_BAD_REQUEST",
      message: "the body must be JSON: send it with Content-Type: application/json",
      where: "body",
    };
  }
  if (error.status === 400) {
    return {
      code: "E_BAD_REQUEST",
      message: `the body is not valid JSON (${error.message}); send one JSON object`,
      where: "body",
    };
  }
  if (error.status === 401) return { code: "E_UNAUTHORIZED", message: error.message };
  return { code: "E_INTERNAL", message: `request rejected: ${error.message}` };
}
