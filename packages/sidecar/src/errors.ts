/**
 * Errors of the engine and the server, with stable string codes, and the one table that
 * maps every code of every subq error (JQL diagnostics, database, store, compiler, engine)
 * to an HTTP status. The app's onError is the only place that uses it.
 */

export type SubqErrorCode =
  | "E_BAD_REQUEST"
  | "E_PAYLOAD_TOO_LARGE"
  | "E_UNAUTHORIZED"
  | "E_FORBIDDEN"
  | "E_UNKNOWN_TENANT"
  | "E_NOT_FOUND"
  | "E_POPULATE_TIMEOUT"
  | "E_DB_UNAVAILABLE"
  | "E_REDIS_UNAVAILABLE"
  | "E_OVERLOADED"
  | "E_SHUTTING_DOWN"
  | "E_CONFIG";

export interface SubqErrorFields {
  readonly tenant?: string;
  /** Where in the request the problem is (`body.events[3].issueId`, `query.jql`). */
  readonly where?: string;
  readonly cause?: unknown;
}

export class SubqError extends Error {
  override readonly name = "SubqError";
  readonly tenant: string | undefined;
  readonly where: string | undefined;

  constructor(
    readonly code: SubqErrorCode,
    message: string,
    fields: SubqErrorFields = {},
  ) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.tenant = fields.tenant;
    this.where = fields.where;
  }
}

export function isSubqError(error: unknown, code?: SubqErrorCode): error is SubqError {
  return error instanceof SubqError && (code === undefined || error.code === code);
}

/** HTTP status by error code; codes not listed are server errors (500). */
const STATUS: Readonly<Record<string, number>> = {
  E_BAD_REQUEST: 400,
  E_PAYLOAD_TOO_LARGE: 413,
  E_UNAUTHORIZED: 401,
  E_FORBIDDEN: 403,
  E_UNKNOWN_TENANT: 404,
  E_NOT_FOUND: 404,
  E_POPULATE_TIMEOUT: 503,
  E_DB_UNAVAILABLE: 503,
  E_REDIS_UNAVAILABLE: 503,
  E_OVERLOADED: 503,
  E_SHUTTING_DOWN: 503,
  // @subq/jql diagnostics: the query is at fault.
  E_JQL_SYNTAX: 400,
  E_JQL_LEXICAL: 400,
  E_JQL_RESERVED: 400,
  E_JQL_TOO_LONG: 400,
  E_JQL_TOO_DEEP: 400,
  E_UNKNOWN_FIELD: 400,
  E_UNKNOWN_VALUE: 400,
  E_UNKNOWN_FUNCTION: 400,
  E_UNSUPPORTED_FIELD: 400,
  E_UNSUPPORTED_FUNCTION: 400,
  E_UNSUPPORTED_OPERATOR: 400,
  E_UNSUPPORTED_HISTORY: 400,
  E_BAD_VALUE: 400,
  E_TEXT_SYNTAX: 400,
  // Database side.
  E_TENANT_UNKNOWN: 404,
  // Compiler: a page or id list the caller asked for is out of range.
  E_COMPILE_PAGE: 400,
};

export function httpStatusOf(code: string): number {
  return STATUS[code] ?? 500;
}
