/**
 * load-summary.json: the headline figures across configurations and whether each target
 * was met. The headline subq configuration is version polling (the SDK's `poll`, the way
 * the README tells an application to back a queue); every configuration's figures are in
 * `byConfiguration`.
 */
import type { BenchEnvironment } from "../support/environment.js";
import type { LoadParams } from "./params.js";
import type { RunResult as Result } from "./run-config.js";

const r3 = (n: number | null) => (n === null || !Number.isFinite(n) ? null : Math.round(n * 1000) / 1000);

export function buildSummary(input: {
  command: string;
  environment: BenchEnvironment;
  params: LoadParams;
  workload: Record<string, unknown>;
  results: readonly Result[];
}) {
  const by = new Map(input.results.map((r) => [r.name, r]));
  const direct = by.get("direct");
  const ttl = by.get("ttl-cache");
  const headline = by.get("subq-version") ?? input.results.find((r) => r.name.startsWith("subq"));
  const push = by.get("subq-push");
  const subq = input.results.filter((r) => r.name.startsWith("subq"));
  const reduction = (of: Result | undefined, against: Result | undefined) =>
    of && against ? r3(1 - of.db.loadPerUserMs / against.db.loadPerUserMs) : null;
  /** The same reduction counting only statements, not BEGIN/SET/COMMIT round trips. */
  const statementReduction = (of: Result | undefined, against: Result | undefined) =>
    of && against
      ? r3(
          1 -
            (of.db.busySeconds - of.db.controlSeconds) / (against.db.busySeconds - against.db.controlSeconds),
        )
      : null;
  const overhead = input.results.find((r) => r.overhead)?.overhead;
  const stage1 = subq
    .map((r) => r.stampede.stage1Executions)
    .filter((n): n is number => typeof n === "number");
  const freshness = push ?? headline;
  const summary = {
    benchmark:
      "subq load: a service desk polling its queues while issues change; Direct vs TTL cache vs subq",
    command: input.command,
    headlineConfiguration: headline?.name ?? null,
    dbLoadReductionVsDirect: reduction(headline, direct),
    dbLoadReductionVsTtlCache: reduction(headline, ttl),
    freshnessP99Ms: freshness?.freshness.seenMs.p99 ?? null,
    freshnessConfiguration: freshness?.name ?? null,
    mismatches: subq.reduce((n, r) => n + r.correctness.mismatchesBeyondBound, 0),
    /** Mismatches over the subq answers checked against the direct answer. */
    mismatchShare: r3(
      subq.reduce((n, r) => n + r.correctness.mismatchesBeyondBound, 0) /
        Math.max(
          1,
          subq.reduce((n, r) => n + r.correctness.checked + r.correctness.heldChecked, 0),
        ),
    ),
    answersChecked: input.results.reduce((n, r) => n + r.correctness.checked + r.correctness.heldChecked, 0),
    leaks: input.results.reduce((n, r) => n + r.correctness.leaks, 0),
    stage1ExecutionsPerColdQuery: stage1.length ? Math.max(...stage1) : null,
    versionPollOverRedisRtt: overhead ? r3(overhead.versionPollOverRedisRtt) : null,
    cachedSearchOverRedisRtt: overhead ? r3(overhead.cachedSearchOverRedisRtt) : null,
    dbLoadReductionVsDirectStatementsOnly: statementReduction(headline, direct),
    freshnessLagP99MsVersionPolling: by.get("subq-version")?.freshness.lagMs.p99 ?? null,
    dbLoadReductionVsDirectByConfiguration: Object.fromEntries(
      input.results.filter((r) => r.name !== "direct").map((r) => [r.name, reduction(r, direct)]),
    ),
    targets: {} as Record<string, { target: string; value: unknown; met: boolean | null }>,
    byConfiguration: Object.fromEntries(input.results.map((r) => [r.name, brief(r)])),
    overhead: overhead ?? null,
    workload: input.workload,
    parameters: input.params,
    machine: input.environment,
    loadAverage: Object.fromEntries(input.results.map((r) => [r.name, r.loadAverage])),
  };
  const target = (name: string, text: string, value: unknown, met: boolean | null) =>
    (summary.targets[name] = { target: text, value, met });
  const reduce = summary.dbLoadReductionVsDirect;
  target(
    "dbLoad",
    "DB load per user at least 95% below Direct",
    reduce,
    reduce === null ? null : reduce >= 0.95,
  );
  const fresh = summary.freshnessP99Ms;
  target(
    "freshness",
    "p99 freshness under 1 s for changes that arrive as events",
    fresh,
    fresh === null ? null : fresh < 1000,
  );
  target(
    "mismatches",
    "no answer differs from the direct one beyond the staleness bound",
    summary.mismatches,
    summary.mismatches === 0,
  );
  target("leaks", "no permission leak", summary.leaks, summary.leaks === 0);
  const s1 = summary.stage1ExecutionsPerColdQuery;
  target("stampede", "one Stage 1 execution per cold query", s1, s1 === null ? null : s1 === 1);
  return summary;
}

/** The figures of one configuration that the summary and RESULTS.md show. */
function brief(r: Result) {
  return {
    dbLoadPerUserMs: r.db.loadPerUserMs,
    dbBusySeconds: r.db.busySeconds,
    dbControlSeconds: r.db.controlSeconds,
    dbQueriesPerSecond: r.db.queriesPerSecond,
    dbBusyMsPerAnswer: r.db.busyMsPerAnswer,
    peakDbConcurrency: {
      proxy: r.db.concurrency.proxyMax,
      pgStatActivity: r.db.concurrency.pgStatActivity.max,
    },
    answersPerSecond: r.answersPerSecond,
    searchLatencyMs: r.latencyMs.search,
    versionLatencyMs: r.latencyMs.version,
    freshnessSeenMs: r.freshness.seenMs,
    freshnessLagMs: r.freshness.lagMs,
    freshnessObserved: `${r.freshness.observed}/${r.freshness.tracked}`,
    correctness: {
      checked: r.correctness.checked,
      heldChecked: r.correctness.heldChecked,
      differedWithinBound: r.correctness.differedWithinBound + r.correctness.heldDifferedWithinBound,
      mismatchesBeyondBound: r.correctness.mismatchesBeyondBound,
      stalenessBoundMs: r.correctness.stalenessBoundMs,
      leaks: r.correctness.leaks,
    },
    stampede: r.stampede,
    errors: r.errors,
  };
}
