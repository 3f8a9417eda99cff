/**
 * An error status into a typed error. The sidecar answers errors as
 * `{ error: { code, message, where?, diagnostic? } }` with the status of its code; what
 * else arrives (a proxy's HTML page, an empty 502) keeps its status under `E_HTTP`.
 */
import type { IncomingHttpHeaders } from "node:http";
import { type JqlDiagnostic, SubqClientError, SubqJqlError } from "./errors.js";

interface ProblemBody {
  readonly code: string;
  readonly message: string;
  readonly where?: string;
  readonly diagnostic?: JqlDiagnostic;
}

export function errorFromResponse(
  status: number,
  headers: IncomingHttpHeaders,
  text: string,
  label: string,
): SubqClientError {
  const retryAfterMs = retryAfterOf(headers["retry-after"]);
  const problem = problemOf(text);
  if (!problem) {
    // A bare 401 or 403 is still an auth failure, whoever wrote it (an auth proxy, a middleware).
    const code = status === 401 ? "E_UNAUTHORIZED" : status === 403 ? "E_FORBIDDEN" : "E_HTTP";
    const detail = text.trim().slice(0, 200);
    return new SubqClientError(code, `${label}: HTTP ${status}${detail ? `: ${detail}` : ""}`, {
      status,
      request: label,
      retryAfterMs,
    });
  }
  const fields = {
    status,
    where: problem.where,
    diagnostic: problem.diagnostic,
    request: label,
    retryAfterMs,
  };
  return problem.diagnostic
    ? new SubqJqlError(problem.code, problem.message, fields)
    : new SubqClientError(problem.code, problem.message, fields);
}

function problemOf(text: string): ProblemBody | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const error = (parsed as { error?: unknown } | null)?.error as Record<string, unknown> | undefined;
  if (typeof error?.code !== "string" || typeof error.message !== "string") return undefined;
  return {
    code: error.code,
    message: error.message,
    where: typeof error.where === "string" ? error.where : undefined,
    diagnostic: diagnosticOf(error.diagnostic),
  };
}

function diagnosticOf(value: unknown): JqlDiagnostic | undefined {
  const d = value as Partial<JqlDiagnostic> | null | undefined;
  if (typeof d?.code !== "string" || typeof d.message !== "string") return undefined;
  if (typeof d.line !== "number" || typeof d.column !== "number") return undefined;
  if (typeof d.span?.start !== "number" || typeof d.span.end !== "number") return undefined;
  return {
    code: d.code,
    message: d.message,
    line: d.line,
    column: d.column,
    span: { start: d.span.start, end: d.span.end },
    rendered:
      typeof d.rendered === "string" ? d.rendered : `line ${d.line}, column ${d.column}: ${d.message}`,
  };
}

/** `Retry-After` as ms: delta-seconds or an HTTP date. */
export function retryAfterOf(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === "") return undefined;
  if (/^\s*\d+\s*$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
