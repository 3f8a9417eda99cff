/**
 * One configuration's figures, from what the window recorded: database time and queries
 * at the proxy (DBLoadPerUser = database seconds over distinct users), concurrency,
 * latency, freshness, correctness, the stampede, and the sidecar's own counters.
 */
import { percentile } from "../support/environment.js";
import type { PollMode } from "./agents.js";
import type { ConfigName } from "./configurations.js";
import type { CorrectnessResult } from "./correctness.js";
import type { FreshnessObserver } from "./freshness.js";
import type { LoadParams } from "./params.js";
import type { ActivityResult } from "./pg-activity.js";
import type { ProxyStats } from "./pg-proxy.js";
import type { Recorder } from "./recorder.js";
import { metricValue, type PromMetric } from "./sidecar.js";
import type { StampedeOutcome } from "./stampede.js";

const r2 = (n: number) => (Number.isFinite(n) ? Math.round(n * 100) / 100 : n);
const spread = (values: readonly number[]) => ({
  count: values.length,
  p50: r2(percentile(values, 50)),
  p90: r2(percentile(values, 90)),
  p99: r2(percentile(values, 99)),
});

/** The staleness each configuration promises; an answer needing more is a mismatch. */
export function stalenessBoundMs(name: ConfigName, params: LoadParams): number {
  if (name === "direct") return 0;
  if (name === "ttl-cache") return params.ttlMs + params.graceMs;
  return 1_000;
}

interface SummaryInput {
  readonly name: ConfigName;
  readonly mode: PollMode;
  readonly params: LoadParams;
  readonly users: number;
  readonly db: ProxyStats;
  readonly activity: ActivityResult;
  readonly recorder: Recorder;
  readonly freshness: FreshnessObserver;
  readonly correctness: CorrectnessResult;
  readonly stream: {
    applied: number;
    skipped: number;
    behindMs: number;
    publishMs: number[];
    publishErrors: number;
  };
  readonly sidecar?: { before: PromMetric[]; after: PromMetric[] };
  readonly stampede: StampedeOutcome & { sidecarPopulates?: { before: PromMetric[]; after: PromMetric[] } };
  readonly loadAverage: { start: number[]; end: number[] };
  readonly copySeconds: number;
}

export type ConfigResult = ReturnType<typeof summarizeConfig>;

export function summarizeConfig(input: SummaryInput) {
  const { db, recorder, freshness, correctness, params } = input;
  const seconds = db.windowMs / 1000;
  const bound = stalenessBoundMs(input.name, params);
  const differing = correctness.explainedByMs;
  const { sidecarPopulates, ...stampede } = input.stampede;
  return {
    name: input.name,
    mode: input.mode,
    windowSeconds: r2(seconds),
    users: input.users,
    answers: recorder.answers,
    answersPerSecond: r2(recorder.answers / seconds),
    errors: Object.fromEntries(recorder.errors),
    db: {
      busySeconds: r2(db.busyMs / 1000),
      /** Of which transaction control round trips (BEGIN, SET LOCAL, COMMIT). */
      controlSeconds: r2((db.byText["(control)"]?.ms ?? 0) / 1000),
      loadPerUserMs: r2(db.busyMs / input.users),
      queries: db.queries,
      queriesPerSecond: r2(db.queries / seconds),
      busyMsPerAnswer: r2(db.busyMs / Math.max(1, recorder.answers)),
      concurrency: {
        proxyMax: db.maxConcurrency,
        proxyMean: r2(db.meanConcurrency),
        pgStatActivity: input.activity,
      },
      perSecond: db.perSecond.map((s) => ({ busyMs: Math.round(s.busyMs), queries: s.queries })),
      topStatements: Object.entries(db.byText)
        .sort((a, b) => b[1].ms - a[1].ms)
        .slice(0, 14)
        .map(([text, s]) => ({
          text: text.replace(/\s+/g, " ").slice(0, 120),
          count: s.count,
          ms: Math.round(s.ms),
        })),
    },
    latencyMs: { search: spread(recorder.latencies.search), version: spread(recorder.latencies.version) },
    sources: Object.fromEntries(recorder.sources),
    freshness: {
      tracked: freshness.result.tracked,
      observed: freshness.result.seenMs.length,
      unobserved: freshness.unobserved(),
      seenMs: spread(freshness.result.seenMs),
      lagMs: spread(freshness.result.lagMs),
    },
    correctness: {
      checked: correctness.checked,
      agreed: correctness.checked - differing.length,
      differedWithinBound: differing.filter((ms) => ms <= bound).length,
      stalenessBoundMs: bound,
      /** Fetched and held answers. */
      mismatchesBeyondBound: [...differing, ...correctness.heldExplainedByMs].filter((ms) => ms > bound)
        .length,
      heldChecked: correctness.heldChecked,
      heldDifferedWithinBound: correctness.heldExplainedByMs.filter((ms) => ms <= bound).length,
      heldMismatchesBeyondBound: correctness.heldExplainedByMs.filter((ms) => ms > bound).length,
      unexplained: differing.filter((ms) => !Number.isFinite(ms)).length,
      stalenessOfDifferingMs: spread(differing.filter(Number.isFinite)),
      leaks: correctness.leaks,
      leakExamples: correctness.leakExamples,
      checkErrors: correctness.errors,
    },
    stream: {
      applied: input.stream.applied,
      skipped: input.stream.skipped,
      maxBehindMs: Math.round(input.stream.behindMs),
      publishMs: spread(input.stream.publishMs),
      publishErrors: input.stream.publishErrors,
    },
    sidecar: input.sidecar ? sidecarDelta(input.sidecar.before, input.sidecar.after) : null,
    stampede: {
      ...stampede,
      sidecarPopulates: sidecarPopulates
        ? delta(sidecarPopulates.before, sidecarPopulates.after, "subq_populate_duration_seconds_count", {
            outcome: "committed",
          })
        : null,
    },
    loadAverage: input.loadAverage,
    copySeconds: r2(input.copySeconds),
  };
}

function delta(
  before: PromMetric[],
  after: PromMetric[],
  name: string,
  labels: Record<string, string> = {},
): number {
  return r2(metricValue(after, name, labels) - metricValue(before, name, labels));
}

/** What the sidecar itself counted during the window. */
function sidecarDelta(before: PromMetric[], after: PromMetric[]) {
  const d = (name: string, labels?: Record<string, string>) => delta(before, after, name, labels);
  const stages = ["stage1", "stage2", "direct", "contains"];
  return {
    dbSecondsByStage: Object.fromEntries(stages.map((s) => [s, d("subq_db_seconds_sum", { stage: s })])),
    dbCallsByStage: Object.fromEntries(stages.map((s) => [s, d("subq_db_seconds_count", { stage: s })])),
    stage2Cache: {
      hit: d("subq_stage2_cache_total", { result: "hit" }),
      miss: d("subq_stage2_cache_total", { result: "miss" }),
    },
    cacheReads: Object.fromEntries(
      ["fresh", "stale", "missing", "populating", "tooLarge"].map((s) => [
        s,
        d("subq_cache_reads_total", { state: s }),
      ]),
    ),
    populates: d("subq_populate_duration_seconds_count"),
    refreshes: Object.fromEntries(
      ["changed", "unchanged", "superseded", "skipped", "failed"].map((o) => [
        o,
        d("subq_refresh_duration_seconds_count", { outcome: o }),
      ]),
    ),
    events: {
      received: d("subq_events_received_total"),
      matched: d("subq_event_matches_total"),
      patched: d("subq_event_patches_total"),
      staleMarks: d("subq_event_stale_marks_total"),
    },
    directAnswers: d("subq_direct_answers_total"),
    httpRequests: d("subq_http_requests_total"),
  };
}
