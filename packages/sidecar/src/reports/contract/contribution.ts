/**
 * Contributions: what one batch adds to a run's intermediate state, as named counters
 * merged by sum, max or min. These three commute and associate, so batches may be merged
 * in any order; sum is not idempotent on its own, which is why the framework applies a
 * batch at most once (applyReportBatch-4.lua keeps the set of applied batches).
 *
 * A counter is stored in the job's Redis hash as the field `<op>:<key>` (`s:issues`,
 * `x:cf:10001:last`), so the same key merged two ways never collides and `redis-cli
 * HGETALL` shows how each value merges.
 */
import { ReportError } from "../errors.js";

export type MergeOp = "sum" | "max" | "min";

const PREFIX: Readonly<Record<MergeOp, string>> = { sum: "s:", max: "x:", min: "n:" };
const KEY = /^[A-Za-z0-9_.:-]{1,200}$/;

/** The builder a tool's `contribute` writes into; one per batch. */
export interface ContributionBuilder {
  /** Adds `value` (a whole number) to counter `key`. */
  sum(key: string, value: number): void;
  /** Keeps the largest value seen for `key` (epoch ms for "last seen"). */
  max(key: string, value: number): void;
  /** Keeps the smallest value seen for `key`. */
  min(key: string, value: number): void;
}

/** A batch's contribution: hash field → value, each field once. */
export type Contribution = ReadonlyMap<string, number>;

export function createContribution(): ContributionBuilder & { build(): Contribution } {
  const fields = new Map<string, number>();
  const put = (op: MergeOp, key: string, value: number) => {
    const field = PREFIX[op] + key;
    const current = fields.get(field);
    // The key's alphabet is checked once per field, not once per value (a hot path).
    if (current === undefined) checkKey(op, key);
    if (!Number.isSafeInteger(value)) {
      throw new ReportError(
        "E_REPORT_TOOL",
        `contribution ${op}("${key}", ${value}): values must be whole numbers (counts, epoch ms)`,
      );
    }
    fields.set(field, current === undefined ? value : combine(op, current, value));
  };
  return {
    sum: (key, value) => put("sum", key, value),
    max: (key, value) => put("max", key, value),
    min: (key, value) => put("min", key, value),
    build: () => new Map(fields),
  };
}

/** Merges contributions the way the Redis script does (the reference for its tests). */
export function mergeContributions(contributions: Iterable<Contribution>): Map<string, number> {
  const merged = new Map<string, number>();
  for (const contribution of contributions) {
    for (const [field, value] of contribution) {
      const current = merged.get(field);
      merged.set(field, current === undefined ? value : combine(opOf(field), current, value));
    }
  }
  return merged;
}

/** `[field, value, field, value, ...]` as decimal strings: the script's ARGV tail. */
export function encodeContribution(contribution: Contribution): string[] {
  const args: string[] = [];
  for (const [field, value] of contribution) args.push(field, String(value));
  return args;
}

/** The merged state of a run, as Finalise reads it back from Redis. */
export interface MergedState {
  /** The summed counter (0 when no batch added to it). */
  sum(key: string): number;
  /** The largest value, or undefined when no batch reported one. */
  max(key: string): number | undefined;
  min(key: string): number | undefined;
  /** The keys merged with `op` that start with `prefix`, without the prefix. */
  keys(op: MergeOp, prefix: string): string[];
}

export function mergedState(fields: ReadonlyMap<string, number>): MergedState {
  return {
    sum: (key) => fields.get(fieldOf("sum", key)) ?? 0,
    max: (key) => fields.get(fieldOf("max", key)),
    min: (key) => fields.get(fieldOf("min", key)),
    keys(op, prefix) {
      const start = `${PREFIX[op]}${prefix}`;
      const found: string[] = [];
      for (const field of fields.keys()) if (field.startsWith(start)) found.push(field.slice(start.length));
      return found;
    },
  };
}

/** Parses HGETALL of the accumulator hash; a value that is not a whole number is corruption. */
export function parseMergedFields(hash: Readonly<Record<string, string>>): Map<string, number> {
  const fields = new Map<string, number>();
  for (const [field, text] of Object.entries(hash)) {
    const value = Number(text);
    if (!Number.isSafeInteger(value) || !(field.slice(0, 2) in OPS)) {
      throw new ReportError("E_REPORT_STATE", `job state field "${field}" holds "${text}", not a counter`);
    }
    fields.set(field, value);
  }
  return fields;
}

const OPS: Readonly<Record<string, MergeOp>> = { "s:": "sum", "x:": "max", "n:": "min" };

function opOf(field: string): MergeOp {
  const op = OPS[field.slice(0, 2)];
  if (op === undefined) throw new ReportError("E_REPORT_STATE", `"${field}" is not a counter field`);
  return op;
}

function fieldOf(op: MergeOp, key: string): string {
  checkKey(op, key);
  return PREFIX[op] + key;
}

function checkKey(op: MergeOp, key: string): void {
  if (!KEY.test(key)) {
    throw new ReportError(
      "E_REPORT_TOOL",
      `contribution ${op}("${key}"): keys are 1-200 characters of [A-Za-z0-9_.:-] (e.g. "cf:10001:last")`,
    );
  }
}

function combine(op: MergeOp, a: number, b: number): number {
  if (op === "sum") return a + b;
  return op === "max" ? Math.max(a, b) : Math.min(a, b);
}
