/**
 * Checking a run request (HTTP body, CLI flags, the scheduler) beyond tool, scope and
 * parameters: the as-of time and the runtime the run may take.
 */
import { ReportError } from "../errors.js";

export interface RunRequest {
  /** Scope text (contract/scope.ts): project:FOO, jql:<query> or tenant. */
  readonly scope: string;
  /** Tool parameters, e.g. { days: 90 }. */
  readonly params?: Readonly<Record<string, unknown>>;
  /** The run's "now" (ISO 8601 or a Date); default the clock. Windows end here. */
  readonly asOf?: string | Date;
  /** Stop the run this long after its Initialise; at most the framework's maxRuntimeMs. */
  readonly maxRuntimeMs?: number;
  /** Join a queued or running run of the same report and parameters instead of starting one. Default true. */
  readonly coalesce?: boolean;
}

export function checkAsOf(value: RunRequest["asOf"], nowMs: number): number {
  if (value === undefined) return nowMs;
  const ms =
    value instanceof Date ? value.getTime() : typeof value === "string" ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new ReportError(
      "E_REPORT_BAD_PARAMS",
      `asOf: expected an ISO 8601 instant such as 2025-06-01T00:00:00Z, got ${JSON.stringify(value)}`,
      { where: "body.asOf" },
    );
  }
  return ms;
}

export function checkMaxRuntime(value: number | undefined, limitMs: number): number {
  if (value === undefined) return limitMs;
  if (!Number.isSafeInteger(value) || value < 1 || value > limitMs) {
    throw new ReportError(
      "E_REPORT_BAD_PARAMS",
      `maxRuntimeMs: expected whole ms from 1 to ${limitMs} (the report option maxRuntimeMs), got ${JSON.stringify(value)}`,
      { where: "body.maxRuntimeMs" },
    );
  }
  return value;
}
