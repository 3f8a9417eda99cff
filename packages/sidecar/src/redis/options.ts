/**
 * Store options: a user-facing type (all optional, documented defaults) and one pure
 * resolver into a frozen, complete object. Durations are in ms.
 */
import { StoreError } from "./errors.js";
import { defaultLuaDir } from "./lua-loader.js";
import { describe } from "./values.js";

export interface StoreOptions {
  /** Idle expiry of a subscription, extended by every fresh or stale read. Default 1 h. */
  readonly idleTtlMs?: number;
  /**
   * A read extends the idle expiry only when the previous extension is at least this old,
   * so hot subscriptions cost no writes per read. 0 extends on every read. Default 1 s.
   */
  readonly readTouchIntervalMs?: number;
  /** Backup staleness bound: data older than this reads as stale without any event. Default 10 min. */
  readonly stalenessBoundMs?: number;
  /** Expiry of the populate/refresh lock; extend it for long queries. Default 30 s. */
  readonly lockTtlMs?: number;
  /** The Stage 1 size cap: larger results are remembered as too large, without members. Default 40 000. */
  readonly maxMembers?: number;
  /** How long a too-large decision is remembered before it is re-examined. Default 10 min. */
  readonly tooLargeTtlMs?: number;
  /** Expiry of the patch journal; at least the longest refresh. Default 10 min. */
  readonly journalTtlMs?: number;
  /** Patches kept in the journal; a refresh that saw more commits stale. Default 10 000. */
  readonly journalMaxEntries?: number;
  /** Expiry of per-user Stage 2 cache entries. Default 5 s. */
  readonly stage2TtlMs?: number;
  /**
   * Expiry of Stage 2 answers shared by users of the same grants. Longer: one serves a
   * whole team until the version moves, and pollers come back only every few seconds. Default 60 s.
   */
  readonly sharedStage2TtlMs?: number;
  /** Event-index entries live for the staleness bound plus this (clock skew between nodes). Default 60 s. */
  readonly indexMarginMs?: number;
  /** Metadata fields the event index may use, most selective first. Default project, issuetype, status, sprint. */
  readonly indexFields?: readonly string[];
  /** The clock, ms since the epoch. Default `Date.now`. */
  readonly clock?: () => number;
  /** Directory of the Lua scripts. Default the repository's `lua/`. */
  readonly luaDir?: string;
}

export type ResolvedStoreOptions = Readonly<Required<StoreOptions>>;

export const STORE_DEFAULTS: Omit<ResolvedStoreOptions, "luaDir"> = Object.freeze({
  idleTtlMs: 3_600_000,
  readTouchIntervalMs: 1_000,
  stalenessBoundMs: 600_000,
  lockTtlMs: 30_000,
  maxMembers: 40_000,
  tooLargeTtlMs: 600_000,
  journalTtlMs: 600_000,
  journalMaxEntries: 10_000,
  stage2TtlMs: 5_000,
  sharedStage2TtlMs: 60_000,
  indexMarginMs: 60_000,
  indexFields: Object.freeze(["project", "issuetype", "status", "sprint"]),
  clock: Date.now,
});

const NUMERIC = [
  "idleTtlMs",
  "stalenessBoundMs",
  "lockTtlMs",
  "maxMembers",
  "tooLargeTtlMs",
  "journalTtlMs",
  "journalMaxEntries",
  "stage2TtlMs",
  "sharedStage2TtlMs",
] as const;
const NON_NEGATIVE = ["readTouchIntervalMs", "indexMarginMs"] as const;
const KNOWN = [...NUMERIC, ...NON_NEGATIVE, "indexFields", "clock", "luaDir"];

export function resolveStoreOptions(options: StoreOptions = {}): ResolvedStoreOptions {
  for (const name of Object.keys(options)) {
    if (!KNOWN.includes(name)) {
      throw optionError(name, `unknown store option${suggest(name)}; known: ${KNOWN.join(", ")}`);
    }
  }
  const resolved = { ...STORE_DEFAULTS, luaDir: defaultLuaDir(), ...definedOnly(options) };
  for (const name of NUMERIC) {
    const value = resolved[name];
    if (!Number.isSafeInteger(value) || value < 1) {
      throw optionError(name, `expected a whole number >= 1, got ${describe(value)}`);
    }
  }
  for (const name of NON_NEGATIVE) {
    if (!Number.isSafeInteger(resolved[name]) || resolved[name] < 0) {
      throw optionError(name, `expected a whole number >= 0, got ${describe(resolved[name])}`);
    }
  }
  if (
    !Array.isArray(resolved.indexFields) ||
    resolved.indexFields.some((f) => !/^[a-z][a-z0-9_]{0,63}$/.test(f))
  ) {
    throw optionError(
      "indexFields",
      `expected field names like "project", got ${describe(String(resolved.indexFields))}`,
    );
  }
  if (typeof resolved.clock !== "function") {
    throw optionError("clock", "expected a function returning ms since the epoch");
  }
  return Object.freeze({ ...resolved, indexFields: Object.freeze([...resolved.indexFields]) });
}

function definedOnly(options: StoreOptions): StoreOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

function optionError(name: string, message: string): StoreError {
  return new StoreError("E_INVALID_OPTIONS", `store option ${name}: ${message}`, { argument: name });
}

function suggest(name: string): string {
  const lower = name.toLowerCase();
  const close = KNOWN.find((known) => {
    const k = known.toLowerCase();
    return k.includes(lower) || lower.includes(k.replace(/ms$/, "")) || distance(k, lower) <= 3;
  });
  return close === undefined ? "" : ` (did you mean ${close}?)`;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
