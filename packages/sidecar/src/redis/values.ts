/**
 * Validation and canonical forms of the values that travel to the scripts: issue ids,
 * WAL positions, clock readings and durations. Every check says what was wrong, where, and
 * what a valid value looks like.
 */
import { invalidArgument } from "./errors.js";

/** An issue id as stored in member sets: a decimal string without leading zeros. */
export type IssueId = string;

/** What callers may pass as an issue id. */
export type IssueIdInput = string | number | bigint;

const DECIMAL_ID = /^(0|[1-9][0-9]{0,18})$/;
/**
 * A position: the WAL LSN the query saw, optionally followed by `@` and the transaction
 * snapshot it read from (`pg_current_snapshot()`: `xmin:xmax:xip,...`), which lets the
 * sidecar decide exactly whether a given transaction is reflected. Ordering uses the LSN.
 */
const LSN = /^[0-9A-Fa-f]{1,8}\/[0-9A-Fa-f]{1,8}(@\d+:\d+:(\d+(,\d+)*)?)?$/;

export function toIssueId(value: IssueIdInput, argument = "issueId"): IssueId {
  if (typeof value === "number") {
    if (Number.isSafeInteger(value) && value >= 0) return String(value);
  } else if (typeof value === "bigint") {
    if (value >= 0n) return value.toString();
  } else if (DECIMAL_ID.test(value)) {
    return value;
  }
  throw invalidArgument(
    argument,
    `issue ids are non-negative integers (decimal strings without leading zeros, safe integers or bigints), got ${describe(value)}`,
  );
}

export function toIssueIds(values: readonly IssueIdInput[], argument = "members"): IssueId[] {
  return values.map((value, index) => toIssueId(value, `${argument}[${index}]`));
}

/** A Postgres WAL position (LSN) like `16/B374D848`. */
export function checkPosition(value: string, argument = "position"): string {
  if (!LSN.test(value)) {
    throw invalidArgument(
      argument,
      `expected a WAL position like "16/B374D848" (pg_current_wal_lsn()), got ${describe(value)}`,
    );
  }
  return value;
}

/** -1, 0 or 1, like the Lua `comparePositions`. */
export function comparePositions(a: string, b: string): number {
  const [aHi, aLo] = lsnOf(checkPosition(a, "a")).split("/") as [string, string];
  const [bHi, bLo] = lsnOf(checkPosition(b, "b")).split("/") as [string, string];
  const hi = Math.sign(Number.parseInt(aHi, 16) - Number.parseInt(bHi, 16));
  return hi !== 0 ? hi : Math.sign(Number.parseInt(aLo, 16) - Number.parseInt(bLo, 16));
}

/** The LSN part of a position (without its `@snapshot`). */
export function lsnOf(position: string): string {
  const at = position.indexOf("@");
  return at < 0 ? position : position.slice(0, at);
}

/** The snapshot part of a position (`xmin:xmax:xip,...`), or null when it has none. */
export function snapshotOf(position: string): string | null {
  const at = position.indexOf("@");
  return at < 0 ? null : position.slice(at + 1);
}

/** A clock reading in ms since the epoch. */
export function checkTimestamp(value: number, argument: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw invalidArgument(
      argument,
      `expected integer ms since the epoch (Date.now()), got ${describe(value)}`,
    );
  }
  return value;
}

/** A duration in ms, at least `min`. */
export function checkDuration(value: number, argument: string, min = 1): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw invalidArgument(
      argument,
      `expected a whole number of milliseconds >= ${min}, got ${describe(value)}`,
    );
  }
  return value;
}

/** A counter returned by a script (gen, seq, version). */
export function checkCounter(value: number, argument: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw invalidArgument(argument, `expected the integer returned by acquireLock, got ${describe(value)}`);
  }
  return value;
}

export function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (typeof value === "bigint") return `${value}n`;
  return String(value);
}
