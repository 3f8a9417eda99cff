/**
 * Options of the report framework: one user-facing type with documented defaults per
 * role, and one pure resolver that checks them and returns a frozen, complete object.
 * Durations are in ms. Unknown names fail naming the known ones.
 */
import { ReportError } from "./errors.js";

export interface ReportOptions {
  /** Issues per scan batch. Default 2 000. */
  readonly batchSize?: number;
  /** A run's deadline after its Initialise, unless the request asks for less. Default 30 min. */
  readonly maxRuntimeMs?: number;
  /** How long a finished run's Redis state stays for inspection. Default 1 h. */
  readonly inspectionTtlMs?: number;
  /** Attempts of each scan batch (and of Initialise and Finalise), the first included. Default 5. */
  readonly attempts?: number;
  /** Delay before the first retry; doubles with each further one. Default 500 ms. */
  readonly backoffMs?: number;
  /** Prefix of the BullMQ keys; its hash tag keeps a flow's queues in one cluster slot. Default "{subq-reports}". */
  readonly prefix?: string;
  /** Expiry of the activity counters after their last write. Default 30 days. */
  readonly activityTtlMs?: number;
  /** The clock, ms since the epoch. Default Date.now. */
  readonly clock?: () => number;
}

export type ResolvedReportOptions = Readonly<Required<ReportOptions>>;

export const REPORT_DEFAULTS: ResolvedReportOptions = Object.freeze({
  batchSize: 2_000,
  maxRuntimeMs: 30 * 60_000,
  inspectionTtlMs: 60 * 60_000,
  attempts: 5,
  backoffMs: 500,
  prefix: "{subq-reports}",
  activityTtlMs: 30 * 86_400_000,
  clock: Date.now,
});

const LIMITS: Readonly<Record<string, readonly [number, number]>> = {
  batchSize: [1, 100_000],
  maxRuntimeMs: [1, 7 * 86_400_000],
  inspectionTtlMs: [1, 30 * 86_400_000],
  attempts: [1, 100],
  backoffMs: [0, 3_600_000],
  activityTtlMs: [1, 365 * 86_400_000],
};

export function resolveReportOptions(options: ReportOptions = {}): ResolvedReportOptions {
  const resolved = resolveOptions("report", REPORT_DEFAULTS, options, LIMITS);
  if (
    typeof resolved.prefix !== "string" ||
    !/^[^:\s]+$/.test(resolved.prefix) ||
    resolved.prefix === "subq"
  ) {
    throw optionError(
      "report",
      "prefix",
      `expected a name without ":" other than "subq", got ${resolved.prefix}`,
    );
  }
  if (typeof resolved.clock !== "function") throw optionError("report", "clock", "expected a function");
  return resolved;
}

/**
 * Merges `options` over `defaults`: unknown names throw, numbers in `limits` must be whole
 * and within [min, max]. Other values are the caller's to check.
 */
export function resolveOptions<T extends object>(
  role: string,
  defaults: Readonly<Required<T>>,
  options: T,
  limits: Readonly<Record<string, readonly [number, number]>>,
): Readonly<Required<T>> {
  const known = Object.keys(defaults);
  for (const name of Object.keys(options)) {
    if (!known.includes(name)) {
      throw optionError(role, name, `unknown option; the options are ${known.join(", ")}`);
    }
  }
  const defined = Object.entries(options).filter(([, value]) => value !== undefined);
  const resolved = { ...defaults, ...Object.fromEntries(defined) } as Required<T>;
  for (const [name, [min, max]] of Object.entries(limits)) {
    const value = (resolved as Record<string, unknown>)[name];
    if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > max) {
      throw optionError(role, name, `expected a whole number from ${min} to ${max}, got ${String(value)}`);
    }
  }
  return Object.freeze(resolved);
}

function optionError(role: string, name: string, message: string): ReportError {
  return new ReportError("E_REPORT_OPTIONS", `${role} option ${name}: ${message}`);
}
