/**
 * The fault benchmark's outputs: bench/results/faults.json (every fault with its phases,
 * calls, database rates, recovery, events and verification, plus machine, versions and
 * parameters), bench/results/faults-summary.json (the worst value of each headline
 * measure) and its section of bench/RESULTS.md (between markers, replaced on a rerun).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { BenchEnvironment } from "../support/environment.js";
import type { CallStats, DbRates, EventStats } from "./measure.js";
import type { FaultParams } from "./params.js";
import type { VerifyResult } from "./verify.js";

const BENCH = fileURLToPath(new URL("..", import.meta.url));

export interface FaultResult {
  readonly key: string;
  readonly title: string;
  readonly group: string;
  /** Phase boundaries in ms from the fault's steady start. */
  readonly phasesMs: Record<string, readonly [number, number]>;
  readonly steady: CallStats;
  /** Calls sent while the fault was in place. */
  readonly duringFault: CallStats;
  /** Calls sent from the fault's start to the end of the recovery phase. */
  readonly faultAndRecovery: CallStats;
  readonly db: DbRates;
  readonly recoveryMs: number | null;
  /** The abnormal calls answered after the service returned, by kind and reason (measure.ts). */
  readonly abnormalAfterReturn: Record<string, { count: number; lastEndMs: number }>;
  readonly events: EventStats;
  /** Changes of this run whose effect was not visible in unflagged answers after recovery. */
  readonly changesLost: number;
  /** Changes of earlier runs still not visible (counted where first seen). */
  readonly changesLostEarlier: number;
  readonly verify: Omit<VerifyResult, "lostChanges">;
  readonly watch: {
    versions: number;
    reconnects: number;
    failures: number;
    reconnectCodes: Record<string, number>;
  };
  readonly extra: Record<string, unknown>;
}

export interface FaultSummary {
  readonly dbRateRatioRedisOutage: number | null;
  readonly pgOutageMaxAnswerMs: number | null;
  readonly recoveryMs: number | null;
  readonly notRecovered: readonly string[];
  readonly eventsLostRedisOutage: number;
  readonly eventsDroppedRedisOutage: number;
  readonly failedRequestsGracefulRestart: number;
  readonly watchFailuresGracefulRestart: number;
  readonly wrongAnswersBeyondBound: number;
  readonly reportRunCompletedAfterWorkerKill: boolean | null;
}

const maxOf = (values: readonly (number | null | undefined)[]): number | null => {
  const known = values.filter((v): v is number => typeof v === "number");
  return known.length ? Math.max(...known) : null;
};

export function summarize(results: readonly FaultResult[]): FaultSummary {
  const group = (g: string) => results.filter((r) => r.group === g);
  const restart = results.find((r) => r.key === "api-restart");
  const report = results.find((r) => r.key === "report-worker-kill");
  return {
    dbRateRatioRedisOutage: maxOf(group("redis").map((r) => r.db.statementRatio)),
    pgOutageMaxAnswerMs: maxOf(group("postgres").map((r) => r.duringFault.searchMaxMs)),
    recoveryMs: maxOf(results.map((r) => r.recoveryMs)),
    notRecovered: results.filter((r) => r.recoveryMs === null).map((r) => r.key),
    eventsLostRedisOutage: maxOf(group("redis").map((r) => r.changesLost)) ?? 0,
    eventsDroppedRedisOutage: maxOf(group("redis").map((r) => r.events.dropped)) ?? 0,
    failedRequestsGracefulRestart: restart?.faultAndRecovery.errors ?? 0,
    watchFailuresGracefulRestart: restart?.watch.failures ?? 0,
    wrongAnswersBeyondBound: results.reduce((n, r) => n + r.verify.wrongBeyondBound, 0),
    reportRunCompletedAfterWorkerKill: report ? report.extra.completed === true : null,
  };
}

export function writeResults(run: {
  readonly command: string;
  readonly environment: BenchEnvironment;
  readonly params: FaultParams;
  readonly setup: Record<string, unknown>;
  readonly results: readonly FaultResult[];
  readonly durationS: number;
}): FaultSummary {
  const summary = summarize(run.results);
  const file = (name: string) => `${BENCH}results/${name}`;
  writeFileSync(
    file("faults.json"),
    `${JSON.stringify({ command: run.command, environment: run.environment, durationS: run.durationS, params: run.params, setup: run.setup, summary, faults: run.results }, null, 2)}\n`,
  );
  writeFileSync(
    file("faults-summary.json"),
    `${JSON.stringify({ command: run.command, date: run.environment.date, quick: run.params.quick, ...summary }, null, 2)}\n`,
  );
  writeSection(run, summary);
  return summary;
}

const START = "<!-- faults:start -->";
const END = "<!-- faults:end -->";

function writeSection(run: Parameters<typeof writeResults>[0], summary: FaultSummary): void {
  const path = `${BENCH}RESULTS.md`;
  const text = readFileSync(path, "utf8");
  const e = run.environment;
  const cell = (v: unknown) => (v === null || v === undefined ? "–" : String(v));
  const rows = run.results.map((r) => {
    const flagged =
      r.faultAndRecovery.flaggedStale + Object.values(r.faultAndRecovery.degraded).reduce((a, b) => a + b, 0);
    return `| ${r.title} | ${r.faultAndRecovery.calls} | ${r.faultAndRecovery.errors} | ${flagged} | ${cell(r.db.statementRatio)} | ${r.duringFault.searchMaxMs} | ${r.recoveryMs === null ? "not within phase" : r.recoveryMs} | ${r.events.dropped} | ${r.changesLost} | ${r.verify.wrongBeyondBound} |`;
  });
  const section = [
    START,
    "## Faults (`pnpm bench:faults`)",
    "",
    `${run.command} — ${e.date.slice(0, 10)}, ${e.cpu} × ${e.cores} (shared), node ${e.node}, ${e.versions.redis}, ${e.versions.postgres}; ` +
      `${run.params.issues} issues, ${run.params.deskProjects * run.params.agentsPerProject} users polling every ${run.params.pollIntervalMs} ms, ` +
      `${run.params.watchers} SSE watchers, ${run.params.eventsPerSecond} change/s; 2 api + 2 worker sidecars; ${Math.round(run.durationS)} s. ` +
      "Calls are single HTTP attempts counted from the fault's start to the end of its recovery phase; DB ratio = sidecar " +
      "statements/s during the fault ÷ steady phase (pg_stat_statements); details and definitions in `bench/results/faults.json` and `bench/faults/`.",
    "",
    "| fault | calls | errors | flagged (stale + degraded labels) | DB rate ÷ steady | max search ms (fault) | recovery ms | events dropped | changes lost | wrong beyond bound |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
    `Summary (bench/results/faults-summary.json): Redis-outage DB rate ${cell(summary.dbRateRatioRedisOutage)}× (target ≤ 2), ` +
      `Postgres-outage max answer ${cell(summary.pgOutageMaxAnswerMs)} ms (target ≤ 1000), recovery ${cell(summary.recoveryMs)} ms` +
      `${summary.notRecovered.length ? ` (not recovered within the phase: ${summary.notRecovered.join(", ")})` : ""}, ` +
      `changes lost in a Redis outage ${summary.eventsLostRedisOutage}, failed requests on a graceful restart ${summary.failedRequestsGracefulRestart}, ` +
      `wrong answers beyond the bound ${summary.wrongAnswersBeyondBound}.`,
    END,
  ].join("\n");
  const at = text.indexOf(START);
  const next =
    at >= 0
      ? text.slice(0, at) + section + text.slice(text.indexOf(END) + END.length)
      : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(path, next);
}
