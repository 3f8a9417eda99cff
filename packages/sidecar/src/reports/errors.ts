/**
 * Errors of the report framework. A ReportError is a SubqError whose `code` is the
 * generic one the server already maps to an HTTP status (E_BAD_REQUEST → 400,
 * E_NOT_FOUND → 404, ...), and whose `reason` is the precise, stable report code. Every
 * message says what is wrong, where (`where`: `path.tool`, `query.scope`, `body.params.days`)
 * and how to fix it.
 */
import { SubqError, type SubqErrorCode } from "../errors.js";

export type ReportErrorReason =
  /** No tool of that name is registered. */
  | "E_REPORT_UNKNOWN_TOOL"
  /** The scope text is malformed, names an unknown project, or is a JQL that cannot be a scope. */
  | "E_REPORT_BAD_SCOPE"
  /** A run parameter is unknown or out of range. */
  | "E_REPORT_BAD_PARAMS"
  /** No run with that id (for that tool). */
  | "E_REPORT_RUN_NOT_FOUND"
  /** No report has been computed for that scope yet. */
  | "E_REPORT_NOT_FOUND"
  /** The tenant database lacks the report tables (migration 0006 not applied). */
  | "E_REPORT_NOT_MIGRATED"
  /** A tool broke the contract (bad contribution key or value, bad row). */
  | "E_REPORT_TOOL"
  /** A job's intermediate state is missing or malformed (evicted, or written by hand). */
  | "E_REPORT_STATE"
  /** Bad framework options. */
  | "E_REPORT_OPTIONS"
  /** A wait for a run ran out of time (no workers running?). */
  | "E_REPORT_WAIT_TIMEOUT";

const GENERIC: Readonly<Record<ReportErrorReason, SubqErrorCode>> = {
  E_REPORT_UNKNOWN_TOOL: "E_NOT_FOUND",
  E_REPORT_BAD_SCOPE: "E_BAD_REQUEST",
  E_REPORT_BAD_PARAMS: "E_BAD_REQUEST",
  E_REPORT_RUN_NOT_FOUND: "E_NOT_FOUND",
  E_REPORT_NOT_FOUND: "E_NOT_FOUND",
  E_REPORT_NOT_MIGRATED: "E_CONFIG",
  E_REPORT_TOOL: "E_CONFIG",
  E_REPORT_STATE: "E_CONFIG",
  E_REPORT_OPTIONS: "E_CONFIG",
  // A fleet without report workers is a deployment problem.
  E_REPORT_WAIT_TIMEOUT: "E_CONFIG",
};

export interface ReportErrorFields {
  readonly tenant?: string;
  readonly where?: string;
  readonly cause?: unknown;
}

export class ReportError extends SubqError {
  constructor(
    readonly reason: ReportErrorReason,
    message: string,
    fields: ReportErrorFields = {},
  ) {
    super(GENERIC[reason], message, fields);
  }
}

export function isReportError(error: unknown, reason?: ReportErrorReason): error is ReportError {
  return error instanceof ReportError && (reason === undefined || error.reason === reason);
}

/** A bad run parameter: names it, what it got and what it accepts. */
export function badParams(name: string, message: string): ReportError {
  return new ReportError("E_REPORT_BAD_PARAMS", `parameter ${name}: ${message}`, {
    where: `body.params.${name}`,
  });
}

/** Postgres "undefined_table" on a report table: the tenant was not migrated. */
export function notMigrated(tenant: string, cause: unknown): ReportError | null {
  const code = (cause as { code?: unknown } | null)?.code;
  const message = cause instanceof Error ? cause.message : "";
  if (code !== "42P01" || !/report_/.test(message)) return null;
  return new ReportError(
    "E_REPORT_NOT_MIGRATED",
    `tenant ${tenant} has no report tables; run \`subq db migrate --tenant ${tenant}\` (migration 0006_reports)`,
    { tenant, cause },
  );
}
