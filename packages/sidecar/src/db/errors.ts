/**
 * Errors of the database side (migrations, tenants, seed, load) with stable string codes.
 * Messages say what went wrong and what to do; Postgres errors pass through as `cause`,
 * unreworded. When the sidecar grows its package-wide errors module, these codes move
 * there unchanged.
 */

export type DbErrorCode =
  | "E_TENANT_UNKNOWN"
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

export class DbError extends Error {
  override readonly name = "DbError";
  readonly code: DbErrorCode;
  readonly tenant: string | undefined;
  readonly key: string | undefined;
  readonly file: string | undefined;

  constructor(code: DbErrorCode, message: string, details: DbErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.tenant = details.tenant;
    this.key = details.key;
    this.file = details.file;
  }
}

export function isDbError(error: unknown, code?: DbErrorCode): error is DbError {
  return error instanceof DbError && (code === undefined || error.code === code);
}
