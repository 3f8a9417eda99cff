/**
 * Every failure of a call is a `SubqClientError` with a stable string `code`: the
 * server's own code (`E_JQL_SYNTAX`, `E_UNKNOWN_TENANT`, `E_OVERLOADED`, ...) with its
 * HTTP status and `where`, or one of the client's codes for what never reached an answer
 * (`E_TIMEOUT`, `E_NETWORK`, `E_ABORTED`) or an answer it could not read (`E_HTTP`,
 * `E_BAD_RESPONSE`). Bad JQL is a `SubqJqlError` carrying the parser's diagnostic.
 */

/**
 * Codes the sidecar sends (packages/sidecar/src/errors.ts); others may be added there. An
 * unknown tenant is `E_UNKNOWN_TENANT` (the former `E_TENANT_UNKNOWN` is no longer sent).
 */
export type ServerErrorCode =
  | "E_BAD_REQUEST"
  | "E_UNAUTHORIZED"
  | "E_FORBIDDEN"
  | "E_UNKNOWN_TENANT"
  | "E_NOT_FOUND"
  | "E_POPULATE_TIMEOUT"
  | "E_DB_UNAVAILABLE"
  | "E_REDIS_UNAVAILABLE"
  | "E_OVERLOADED"
  | "E_SHUTTING_DOWN"
  | "E_CONFIG"
  | JqlErrorCode;

/** The parser's and planner's diagnostic codes: the query is at fault (HTTP 400). */
export type JqlErrorCode =
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

/**
 * The client's own codes: `E_TIMEOUT` (no complete answer within the call's timeout),
 * `E_NETWORK` (connection refused, reset, DNS), `E_ABORTED` (the caller's signal),
 * `E_HTTP` (an error status without subq's error body, e.g. from a proxy),
 * `E_BAD_RESPONSE` (a success status whose body is not the expected JSON).
 */
export type ClientErrorCode = "E_TIMEOUT" | "E_NETWORK" | "E_ABORTED" | "E_HTTP" | "E_BAD_RESPONSE";

/** Open-ended so that a newer server's codes still type-check as strings. */
export type ErrorCode = ServerErrorCode | ClientErrorCode | (string & {});

/** Where a query went wrong, as the sidecar's parser reports it. */
export interface JqlDiagnostic {
  readonly code: string;
  readonly message: string;
  /** 1-based line and column (UTF-16 units) of the span's start. */
  readonly line: number;
  readonly column: number;
  /** Half-open range of UTF-16 offsets into the JQL text. */
  readonly span: { readonly start: number; readonly end: number };
  /** The message under the source line with a caret run marking the span. */
  readonly rendered: string;
}

export interface SubqClientErrorFields {
  /** HTTP status, when an answer arrived. */
  readonly status?: number;
  /** Where in the request the problem is (`query.jql`, `body.events[3].issueId`). */
  readonly where?: string;
  readonly diagnostic?: JqlDiagnostic;
  /** The call, for logs: `GET /v1/tenants/acme/version`. */
  readonly request?: string;
  /** Milliseconds from a `Retry-After` header. */
  readonly retryAfterMs?: number;
  readonly cause?: unknown;
}

/** HTTP statuses worth another try of an idempotent call: overloaded, starting, proxies. */
const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

export class SubqClientError extends Error {
  override readonly name: string = "SubqClientError";
  readonly status: number | undefined;
  readonly where: string | undefined;
  readonly diagnostic: JqlDiagnostic | undefined;
  readonly request: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    fields: SubqClientErrorFields = {},
  ) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.status = fields.status;
    this.where = fields.where;
    this.diagnostic = fields.diagnostic;
    this.request = fields.request;
    this.retryAfterMs = fields.retryAfterMs;
  }

  /** Whether trying the same call again may succeed (timeouts, network, 429/502/503/504). */
  get retryable(): boolean {
    if (this.code === "E_TIMEOUT" || this.code === "E_NETWORK") return true;
    return this.status !== undefined && RETRYABLE_STATUS.has(this.status);
  }
}

/** The query is at fault: `diagnostic` says where and why. */
export class SubqJqlError extends SubqClientError {
  override readonly name: string = "SubqJqlError";
  declare readonly diagnostic: JqlDiagnostic;
}

export class SubqTimeoutError extends SubqClientError {
  override readonly name: string = "SubqTimeoutError";
}

export class SubqNetworkError extends SubqClientError {
  override readonly name: string = "SubqNetworkError";
}

export class SubqAbortError extends SubqClientError {
  override readonly name: string = "SubqAbortError";
}

export function isSubqClientError(error: unknown, code?: ErrorCode): error is SubqClientError {
  return error instanceof SubqClientError && (code === undefined || error.code === code);
}

/** The parser's diagnostic of a failed call, when the query was at fault. */
export function jqlDiagnosticOf(error: unknown): JqlDiagnostic | undefined {
  return error instanceof SubqClientError ? error.diagnostic : undefined;
}
