/**
 * Errors of the engine and the server, with stable string codes; `SubqBaseError`, the base
 * of every sidecar error class (SubqError, ReportError, StoreError, DbError, CompileError,
 * RedisUnavailable); `ErrorCode`, the one union of their codes and of the JQL diagnostics'
 * codes; and the one table that maps every code to an HTTP status. The app's onError is
 * the only place that uses it.
 */
import type { DiagnosticCode } from "@subq/jql";
import type { CompileErrorCode } from "./db/compiler/errors.js";
import type { DbErrorCode } from "./db/errors.js";
import { SubqBaseError, type SubqErrorFields } from "./error-base.js";
import type { StoreErrorCode } from "./redis/errors.js";

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

/**
 * Every code a sidecar error carries: the engine's and server's, the store's, the database
 * side's, the compiler's, and the @subq/jql diagnostics' (JqlError stays in the pure core).
 */
export type ErrorCode = SubqErrorCode | StoreErrorCode | DbErrorCode | CompileErrorCode | DiagnosticCode;

/** What an answer's `error.code` can be: an error's code, or E_INTERNAL for anything untyped. */
export type ProblemCode = ErrorCode | "E_INTERNAL";

export { SubqBaseError, type SubqErrorFields };

/** Every sidecar error's code is one of `ErrorCode` (each subclass narrows it). */
export function isSubqBaseError(error: unknown): error is SubqBaseError<ErrorCode> {
  return error instanceof SubqBaseError;
}

export class SubqError extends SubqBaseError<SubqErrorCode> {
  override readonly name = "SubqError";

  constructor(code: SubqErrorCode, message: string, fields: SubqErrorFields = {}) {
    super(code, message, fields);
  }
}

export function isSubqError(error: unknown, code?: SubqErrorCode): error is SubqError {
  return error instanceof SubqError && (code === undefined || error.code === code);
}

/**
 * HTTP status by code. Every code is listed (a missing or misspelled one does not
 * compile); server errors are 500.
 */
const STATUS: Readonly<Record<ProblemCode, number>> = {
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
  E_CONFIG: 500,
  E_INTERNAL: 500,
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
  // Store (redis/errors.ts): outcomes the engine handles, or faults of the store.
  E_SUBSCRIPTION_MISSING: 500,
  E_LOCK_NOT_OWNED: 500,
  E_LOCK_HELD: 500,
  E_LOCK_EXPIRED: 500,
  E_COMMIT_SUPERSEDED: 500,
  E_REPORT_JOB_GONE: 500,
  E_REPORT_NOT_RUNNING: 500,
  E_REPORT_DEADLINE: 500,
  E_INVALID_ARGUMENT: 500,
  E_INVALID_OPTIONS: 500,
  E_SCRIPT_LOAD: 500,
  E_BAD_REPLY: 500,
  // Database side (db/errors.ts); an unknown tenant is E_UNKNOWN_TENANT above.
  E_TENANT_CONFIG: 500,
  E_MIGRATION_CHANGED: 500,
  E_MIGRATION_UNKNOWN: 500,
  E_MIGRATION_FILE: 500,
  E_TENANT_NOT_EMPTY: 500,
  E_DATASET_MISSING: 500,
  E_DATASET_INVALID: 500,
  E_SEED_OPTIONS: 500,
  // Compiler (db/compiler/errors.ts): a page the caller asked for is out of range.
  E_COMPILE_PAGE: 400,
  E_COMPILE_CONTEXT: 500,
  E_COMPILE_IDS: 500,
};

export function httpStatusOf(code: ProblemCode): number {
  return STATUS[code];
}
