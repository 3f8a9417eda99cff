/**
 * The generated part of bench/RESULTS.md's load section: the figures of the last run as
 * tables (the analysis beside it is written by hand and kept between runs).
 */
import type { buildSummary } from "./summary.js";

type Summary = ReturnType<typeof buildSummary>;

const pct = (n: number | null | undefined) =>
  n === null || n === undefined ? "–" : `${(n * 100).toFixed(1)}%`;
const num = (n: number | null | undefined, digits = 1) =>
  n === null || n === undefined || Number.isNaN(n) ? "–" : Number.isFinite(n) ? n.toFixed(digits) : "∞";
const row = (cells: readonly unknown[]) => `| ${cells.map(String).join(" | ")} |`;
const table = (head: readonly string[], rows: readonly (readonly unknown[])[]) =>
  [row(head), row(head.map(() => "---")), ...rows.map(row)].join("\n");

export function loadSection(summary: Summary): string {
  const configs = Object.entries(summary.byConfiguration);
  const reductions = summary.dbLoadReductionVsDirectByConfiguration as Record<string, number | null>;
  const w = summary.workload as Record<string, unknown> & {
    stream: Record<string, unknown>;
    desks: unknown[];
  };
  const p = summary.parameters;
  const m = summary.machine;
  const o = summary.overhead;
  const targets = Object.values(summary.targets);
  return [
    "## Load: a service desk polling its queues while issues change (`pnpm bench:load`)",
    "",
    `Last run: ${m.date} on ${m.cpu} × ${m.cores} cores, ${m.memoryGiB} GiB, node ${m.node}, ${m.versions.redis}, ${m.versions.postgres}, bentocache ${m.versions.bentocache}. ` +
      `Command: \`${summary.command}\`. Load average (1/5/15 min) at the start of each window: ${configs
        .map(
          ([name]) =>
            `${name} ${(summary.loadAverage[name]?.start ?? []).map((l: number) => l.toFixed(1)).join("/")}`,
        )
        .join(", ")} (the box is shared).`,
    "",
    "![DB load per user, queries, latency and freshness per configuration](results/load-chart.svg)",
    "",
    "### Targets",
    "",
    table(
      ["target", "value", "met"],
      targets.map((t) => [
        t.target,
        typeof t.value === "number" ? num(t.value, 3) : String(t.value),
        t.met === null ? "not measured" : t.met ? "yes" : "**no**",
      ]),
    ),
    "",
    `Headline subq configuration: ${summary.headlineConfiguration} (DB load); freshness from ${summary.freshnessConfiguration}. ` +
      `DB load reduction vs Direct ${pct(summary.dbLoadReductionVsDirect)}, vs the TTL cache ${pct(summary.dbLoadReductionVsTtlCache)}; counting statements only (without BEGIN/SET/COMMIT round trips) ${pct(summary.dbLoadReductionVsDirectStatementsOnly)} vs Direct.`,
    "",
    "### Database load and latency (measurement window)",
    "",
    table(
      [
        "configuration",
        "DB ms / user",
        "vs Direct",
        "DB s (of which BEGIN/SET/COMMIT)",
        "DB queries/s",
        "DB ms / answer",
        "peak DB concurrency (proxy / pg_stat_activity)",
        "answers/s",
        "search p50 / p90 / p99 ms",
        "version poll p50 / p99 ms",
      ],
      configs.map(([name, r]) => [
        name,
        num(r.dbLoadPerUserMs),
        name === "direct" ? "–" : pct(reductions[name]),
        `${num(r.dbBusySeconds, 2)} (${num(r.dbControlSeconds, 2)})`,
        num(r.dbQueriesPerSecond),
        num(r.dbBusyMsPerAnswer, 2),
        `${r.peakDbConcurrency.proxy} / ${r.peakDbConcurrency.pgStatActivity}`,
        num(r.answersPerSecond),
        `${num(r.searchLatencyMs.p50)} / ${num(r.searchLatencyMs.p90)} / ${num(r.searchLatencyMs.p99)}`,
        r.versionLatencyMs.count ? `${num(r.versionLatencyMs.p50)} / ${num(r.versionLatencyMs.p99)}` : "–",
      ]),
    ),
    "",
    "### Freshness and correctness",
    "",
    table(
      [
        "configuration",
        "seen p50 / p99 ms",
        "lag p50 / p99 ms",
        "changes observed",
        "answers checked (+ held at version polls)",
        "differed within bound",
        "mismatches beyond bound (bound)",
        "leaks",
      ],
      configs.map(([name, r]) => [
        name,
        `${num(r.freshnessSeenMs.p50, 0)} / ${num(r.freshnessSeenMs.p99, 0)}`,
        `${num(r.freshnessLagMs.p50, 0)} / ${num(r.freshnessLagMs.p99, 0)}`,
        r.freshnessObserved,
        r.correctness.heldChecked
          ? `${r.correctness.checked} (+ ${r.correctness.heldChecked})`
          : r.correctness.checked,
        r.correctness.differedWithinBound,
        `${r.correctness.mismatchesBeyondBound} (${r.correctness.stalenessBoundMs / 1000} s)`,
        r.correctness.leaks,
      ]),
    ),
    "",
    "### Stampede: a cold query opened by many agents at once, under the polling load",
    "",
    table(
      [
        "configuration",
        "callers",
        "Stage 1 executions",
        "whole-query executions",
        "all answered in ms",
        "errors",
      ],
      configs.map(([name, r]) => {
        const s = r.stampede as Record<string, unknown>;
        return [
          name,
          s.callers,
          s.stage1Executions ?? "–",
          s.wholeQueryExecutions ?? "–",
          num(s.elapsedMs as number, 0),
          s.errors,
        ];
      }),
    ),
    "",
    ...(o
      ? [
          "### Cache-hit overhead (quiet sidecar, same run)",
          "",
          table(
            ["request", "p50 ms", "p99 ms"],
            [
              ["Redis GET (ioredis)", num(o.redisGet.p50Ms, 3), num(o.redisGet.p99Ms, 3)],
              ["HTTP no-op to the sidecar (SDK health)", num(o.httpNoop.p50Ms, 3), num(o.httpNoop.p99Ms, 3)],
              ["version poll (SDK)", num(o.versionPoll.p50Ms, 3), num(o.versionPoll.p99Ms, 3)],
              ["cached search, queue (SDK)", num(o.cachedSearch.p50Ms, 3), num(o.cachedSearch.p99Ms, 3)],
              [
                "cached search, 23k-issue board (SDK)",
                num(o.cachedBoardSearch.p50Ms, 3),
                num(o.cachedBoardSearch.p99Ms, 3),
              ],
            ],
          ),
          "",
          `Version poll / Redis GET: ${num(o.versionPollOverRedisRtt, 1)}×; cached search / Redis GET: ${num(o.cachedSearchOverRedisRtt, 1)}×; version poll / HTTP no-op: ${num(o.versionPollOverHttpNoop, 2)}×.`,
          "",
        ]
      : []),
    "### Workload",
    "",
    `- Tenant: ${w.tenant}; desks ${(w.desks as { project: string; agents: number; openIssues: number }[]).map((d) => `${d.project} (${d.agents} agents, ${d.openIssues} open)`).join(", ")}.`,
    `- ${w.pollers} pollers, ${w.distinctUsers} distinct users, ${w.polledQueries} polled queries: every agent polls 3 queues every ${p.agentIntervalMs / 1000} s; ${p.boardViewers} viewers per board/dashboard every ${p.boardIntervalMs / 1000} s.`,
    `- Changes: ${w.stream.changes} (${Object.entries(w.stream.byKind as Record<string, number>)
      .map(([k, n]) => `${k} ${n}`)
      .join(
        ", ",
      )}), replaying ${w.stream.source} (${w.stream.firstEvent} … ${w.stream.lastEvent}) at ${p.changesPerSecond}/s on average; applied in the first ${(p.windowMs - p.streamTailMs) / 1000} s of the window; published to subq as events with the issue snapshot.`,
    `- Each configuration: its own copy of the template database, ${p.warmupMs / 1000} s warm-up, ${p.windowMs / 1000} s window; pools of ${p.poolSize} connections; TTL cache ttl ${p.ttlMs / 1000} s, grace ${p.graceMs / 1000} s; with push, queues fetch on every version move and boards at most once per their interval (\`minFetchIntervalMs\`).`,
    "",
    "Queries (first desk and boards):",
    "",
    ...(w.queries as { name: string; jql: string }[]).map((q) => `- \`${q.name}\`: \`${q.jql}\``),
    "",
  ].join("\n");
}
