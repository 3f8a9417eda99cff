/**
 * Errors of the Redis store. One class (a SubqBaseError), stable string codes, structured
 * fields, `cause`.
 *
 * Scripts reply with negative integers for domain failures; `REPLY_CODES` is the one table
 * that maps them to codes (the Lua headers list the same numbers).
 */
import { SubqBaseError } from "../error-base.js";

export type StoreErrorCode =
  /** Script reply -1: no meta hash (expired, or never populated). */
  | "E_SUBSCRIPTION_MISSING"
  /** Script reply -2: the lock is held by another token (ours expired and was re-taken). */
  | "E_LOCK_NOT_OWNED"
  /** Script reply -3: addLock found the lock held by another token. */
  | "E_LOCK_HELD"
  /** Script reply -4: nobody holds the lock (ours expired or was released). */
  | "E_LOCK_EXPIRED"
  /** Script reply -6: a result of a newer refresh is already stored. */
  | "E_COMMIT_SUPERSEDED"
  /** Script reply -10: a report job's state is gone (expired, discarded or evicted). */
  | "E_REPORT_JOB_GONE"
  /** Script reply -11: the report run is no longer running. */
  | "E_REPORT_NOT_RUNNING"
  /** Script reply -12: the report run is past its deadline. */
  | "E_REPORT_DEADLINE"
  /** A caller passed a value the store cannot use (bad id, negative duration...). */
  | "E_INVALID_ARGUMENT"
  /** Unknown or invalid store options. */
  | "E_INVALID_OPTIONS"
  /** A Lua file could not be loaded (bad name, missing or cyclic include). */
  | "E_SCRIPT_LOAD"
  /** Redis answered something the store does not understand (a bug or a foreign key). */
  | "E_BAD_REPLY";

export interface StoreErrorFields {
  readonly tenant?: string;
  readonly subscriptionId?: string;
  readonly key?: string;
  readonly script?: string;
  readonly argument?: string;
  readonly file?: string;
  readonly cause?: unknown;
}

export class StoreError extends SubqBaseError<StoreErrorCode> {
  override readonly name = "StoreError";
  readonly subscriptionId: string | undefined;
  readonly key: string | undefined;
  readonly script: string | undefined;
  readonly argument: string | undefined;
  readonly file: string | undefined;

  constructor(code: StoreErrorCode, message: string, fields: StoreErrorFields = {}) {
    super(code, message, { tenant: fields.tenant, cause: fields.cause });
    this.subscriptionId = fields.subscriptionId;
    this.key = fields.key;
    this.script = fields.script;
    this.argument = fields.argument;
    this.file = fields.file;
  }
}

export function isStoreError(error: unknown, code?: StoreErrorCode): error is StoreError {
  return error instanceof StoreError && (code === undefined || error.code === code);
}

/** Negative script replies → code and an explanation with the way out. */
export const REPLY_CODES: Readonly<Record<number, { code: StoreErrorCode; message: string }>> = {
  [-1]: {
    code: "E_SUBSCRIPTION_MISSING",
    message: "the subscription does not exist (expired or never populated); drop it from the event index",
  },
  [-2]: {
    code: "E_LOCK_NOT_OWNED",
    message: "the lock is held by another owner (ours expired and was taken over); stop this refresh",
  },
  [-3]: {
    code: "E_LOCK_HELD",
    message: "another owner holds the lock; wait for its commit instead of populating",
  },
  [-4]: {
    code: "E_LOCK_EXPIRED",
    message: "nobody holds the lock (it expired or was released); extend the lock TTL or re-acquire",
  },
  [-6]: {
    code: "E_COMMIT_SUPERSEDED",
    message: "a result from a newer refresh is already stored; this result was discarded",
  },
  // Report jobs (reports/store/job-state.ts): outcomes a scan step or Initialise expects, not faults.
  [-10]: {
    code: "E_REPORT_JOB_GONE",
    message: "the report job's state is gone; the run was stopped or expired",
  },
  [-11]: { code: "E_REPORT_NOT_RUNNING", message: "the report run is no longer running; drop this batch" },
  [-12]: { code: "E_REPORT_DEADLINE", message: "the report run is past its deadline; drop this batch" },
};

export interface ReplyContext {
  readonly script: string;
  readonly tenant?: string;
  readonly subscriptionId?: string;
}

/** The typed error for a negative reply of `context.script`. */
export function replyError(reply: number, context: ReplyContext): StoreError {
  const known = REPLY_CODES[reply];
  if (known === undefined) {
    return badReply(`unknown reply code ${reply}`, context);
  }
  const where = context.subscriptionId === undefined ? "" : ` (${context.tenant}/${context.subscriptionId})`;
  return new StoreError(known.code, `${context.script}${where}: ${known.message}`, context);
}

export function badReply(detail: string, context: ReplyContext): StoreError {
  return new StoreError(
    "E_BAD_REPLY",
    `${context.script}: unexpected reply: ${detail}; are the Lua scripts and this build from the same version?`,
    context,
  );
}

export function invalidArgument(argument: string, message: string): StoreError {
  return new StoreError("E_INVALID_ARGUMENT", `${argument}: ${message}`, { argument });
}
