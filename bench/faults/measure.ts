/**
 * What one fault did, from the raw records: the users' samples by phase, the database
 * rate in the steady phase and during the fault, the time to recover, and the events.
 *
 * - errors: calls (search and version polls, one HTTP attempt each) sent from the fault's
 *   start to the end of its recovery phase that got no 2xx answer, by code; a 503 with
 *   Retry-After is counted among them but also as `answeredUnavailable`.
 * - flagged: 2xx answers in the same span with `stale: true` or a `degraded` reason.
 * - recoveryMs: from the service's return to the end of the last abnormal call (error,
 *   flagged, or a search slower than `normalLatencyMs`) sent before the first stretch of
 *   `STRETCH_MS` in which every call (at least five) was normal; null when no such stretch
 *   came within the recovery phase.
 */
import { percentile } from "../support/environment.js";
import type { ChangeRecord } from "./changes.js";
import type { DbRateSampler, WindowRate } from "./db-rate.js";
import type { Sample } from "./users.js";

const STRETCH_MS = 3000;

export interface Phases {
  readonly steady: readonly [number, number];
  readonly fault: readonly [number, number];
  readonly recovery: readonly [number, number];
}

export interface CallStats {
  readonly calls: number;
  readonly ok: number;
  readonly errors: number;
  readonly errorCodes: Record<string, number>;
  /** Error answers that were a 503 with Retry-After. */
  readonly answeredUnavailable: number;
  readonly flaggedStale: number;
  readonly degraded: Record<string, number>;
  readonly searchP50Ms: number;
  readonly searchP99Ms: number;
  readonly searchMaxMs: number;
}

export function callStats(samples: readonly Sample[], from: number, to: number): CallStats {
  const inside = samples.filter((s) => s.sentAt >= from && s.sentAt < to);
  const errorCodes: Record<string, number> = {};
  const degraded: Record<string, number> = {};
  let unavailable = 0;
  let stale = 0;
  for (const s of inside) {
    if (!s.ok) {
      const code = `${s.status || "-"} ${s.code}`;
      errorCodes[code] = (errorCodes[code] ?? 0) + 1;
      if (s.status === 503 && s.retryAfterMs !== undefined) unavailable++;
      continue;
    }
    if (s.stale) stale++;
    if (s.degraded) degraded[s.degraded] = (degraded[s.degraded] ?? 0) + 1;
  }
  const search = inside.filter((s) => s.kind === "search").map((s) => s.ms);
  const round = (n: number) => (Number.isFinite(n) ? Math.round(n) : 0);
  const errors = inside.filter((s) => !s.ok).length;
  return {
    calls: inside.length,
    ok: inside.length - errors,
    errors,
    errorCodes,
    answeredUnavailable: unavailable,
    flaggedStale: stale,
    degraded,
    searchP50Ms: round(percentile(search, 50)),
    searchP99Ms: round(percentile(search, 99)),
    searchMaxMs: round(search.length ? Math.max(...search) : 0),
  };
}

/**
 * What kept recovery from being immediate: the abnormal calls answered after the service
 * returned, counted by kind and reason (error code, stale, degraded reason, slow), with the
 * time after the return of the last of each.
 */
export function abnormalAfterReturn(
  samples: readonly Sample[],
  returnedAt: number,
  until: number,
  normalLatencyMs: number,
): Record<string, { count: number; lastEndMs: number }> {
  const reasons: Record<string, { count: number; lastEndMs: number }> = {};
  for (const s of samples) {
    if (s.sentAt + s.ms < returnedAt || s.sentAt >= until || !abnormal(s, normalLatencyMs)) continue;
    const why = !s.ok
      ? `error ${s.code ?? s.status ?? "network"}`
      : s.degraded !== undefined
        ? `degraded ${s.degraded}`
        : s.stale
          ? `stale (source ${s.source ?? "?"})`
          : "slow";
    const key = `${s.kind}: ${why}`;
    const entry = reasons[key] ?? { count: 0, lastEndMs: 0 };
    reasons[key] = entry;
    entry.count++;
    entry.lastEndMs = Math.max(entry.lastEndMs, Math.round(s.sentAt + s.ms - returnedAt));
  }
  return reasons;
}

function abnormal(s: Sample, normalLatencyMs: number): boolean {
  return (
    !s.ok || s.stale === true || s.degraded !== undefined || (s.kind === "search" && s.ms > normalLatencyMs)
  );
}

/** See the module comment; returns null when the service did not recover within `until`. */
export function recoveryMs(
  samples: readonly Sample[],
  returnedAt: number,
  until: number,
  normalLatencyMs: number,
): number | null {
  const after = samples
    .filter((s) => s.sentAt + s.ms >= returnedAt && s.sentAt < until)
    .sort((a, b) => a.sentAt - b.sentAt);
  let lastAbnormalEnd = returnedAt;
  for (let i = 0; i < after.length; i++) {
    const s = after[i]!;
    if (abnormal(s, normalLatencyMs)) {
      lastAbnormalEnd = Math.max(lastAbnormalEnd, s.sentAt + s.ms);
      continue;
    }
    if (s.sentAt < returnedAt) continue;
    const stretch = after.filter((t) => t.sentAt >= s.sentAt && t.sentAt < s.sentAt + STRETCH_MS);
    const complete = s.sentAt + STRETCH_MS <= until;
    if (complete && stretch.length >= 5 && stretch.every((t) => !abnormal(t, normalLatencyMs))) {
      return Math.round(Math.max(0, lastAbnormalEnd - returnedAt));
    }
  }
  return null;
}

export interface DbRates {
  readonly steady: WindowRate | null;
  readonly fault: WindowRate | null;
  /** Sidecar statements per second during the fault ÷ in the steady phase. */
  readonly statementRatio: number | null;
  readonly xactRatio: number | null;
}

export function dbRates(sampler: DbRateSampler, phases: Phases): DbRates {
  const steady = sampler.rate(...phases.steady);
  const fault = sampler.rate(...phases.fault);
  const ratio = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined || b === 0 ? null : Math.round((a / b) * 100) / 100;
  return {
    steady,
    fault,
    statementRatio: ratio(fault?.statementsPerSecond, steady?.statementsPerSecond),
    xactRatio: ratio(fault?.xactsPerSecond, steady?.xactsPerSecond),
  };
}

export interface EventStats {
  readonly written: number;
  readonly accepted: number;
  readonly acceptedAfterRetry: number;
  readonly dropped: number;
  readonly droppedCodes: Record<string, number>;
  readonly maxPublishAttempts: number;
}

export function eventStats(changes: readonly ChangeRecord[]): EventStats {
  const droppedCodes: Record<string, number> = {};
  for (const c of changes.filter((c) => c.outcome === "dropped"))
    droppedCodes[c.code ?? "?"] = (droppedCodes[c.code ?? "?"] ?? 0) + 1;
  return {
    written: changes.length,
    accepted: changes.filter((c) => c.outcome === "accepted").length,
    acceptedAfterRetry: changes.filter((c) => c.outcome === "accepted-after-retry").length,
    dropped: changes.filter((c) => c.outcome === "dropped").length,
    droppedCodes,
    maxPublishAttempts: Math.max(0, ...changes.map((c) => c.attempts)),
  };
}
