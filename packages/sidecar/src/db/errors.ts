/**
 * Errors of the database side (migrations, tenants, seed, load) with stable string codes.
 * Messages say what went wrong and what to do; Postgres errors pass through as `cause`,
 * unreworded. DbError is a SubqBaseError; its codes are in the package's `ErrorCode` union
 * and HTTP status table (../errors.ts). An unknown tenant is E_UNKNOWN_TENANT, the code
 * the HTTP API answers with.
 */
import { SubqBaseError } from "../error-base.js";

export type DbErrorCode =
  | "E_UNKNOWN_TENANT"
  | "E_TENANT_CONFIG"
  | "E_MIGRATION_CHANGED"
  | "E_MIGRATION_UNKNOWN"
  | "E_MIGRATION_FILE"
  | "E_TENANT_NOT_EMPTY"
  | "E_DATASET_MISSING"
  | "E_DATASET_INVALID"
  | "E_SEED_OPTIONS";

export interface DbErrorDetails {
  readonly tenant?: string;
  readonly key?: string;
  readonly file?: string;
  readonly cause?: unknown;
}

export class DbError extends SubqBaseError<DbErrorCode> {
  override readonly name = "DbError";
  readonly key: string | undefined;
  readonly file: string | undefined;

  constructor(code: DbErrorCode, message: string, details: DbErrorDetails = {}) {
    super(code, message, { tenant: details.tenant, cause: details.cause });
    this.key = details.key;
    this.file = details.file;
  }
}

export function isDbError(error: unknown, code?: DbErrorCode): error is DbError {
  return error instanceof DbError && (code === undefined || error.code === code);
}
