/**
 * Writes the run's results: bench/results/load-<configuration>.json (everything measured),
 * load-summary.json (summary.ts), load-chart.svg, and the load section of bench/RESULTS.md.
 */
import { readFile, writeFile } from "node:fs/promises";
import type { BenchEnvironment } from "../support/environment.js";
import { barChartSvg } from "./chart-svg.js";
import type { LoadParams } from "./params.js";
import type { Poller } from "./queues.js";
import { type PlannedChange, realEventsFile } from "./real-stream.js";
import { loadSection } from "./results-md.js";
import type { RunResult } from "./run-config.js";
import { buildSummary } from "./summary.js";
import type { TenantFacts } from "./tenant-facts.js";

const RESULTS = new URL("../results/", import.meta.url);
const RESULTS_MD = new URL("../RESULTS.md", import.meta.url);
const BEGIN = "<!-- load:begin (written by pnpm bench:load) -->";
const END = "<!-- load:end -->";

export async function writeReports(input: {
  command: string;
  environment: BenchEnvironment;
  params: LoadParams;
  template: { name: string; reused: boolean; seconds: number; fingerprint: string };
  facts: TenantFacts;
  pollers: readonly Poller[];
  stream: readonly PlannedChange[];
  results: readonly RunResult[];
  log: (line: string) => void;
}): Promise<void> {
  const kinds = new Map<string, number>();
  for (const planned of input.stream)
    kinds.set(planned.change.kind, (kinds.get(planned.change.kind) ?? 0) + 1);
  const workload = {
    tenant: `${input.params.issues} synthetic issues (seed "bench"), template ${input.template.name} (${input.template.fingerprint})`,
    desks: input.facts.projects.map((p) => ({
      project: p.key,
      issues: p.issues,
      openIssues: p.openIssues,
      agents: p.agents.length,
    })),
    pollers: input.pollers.length,
    distinctUsers: new Set(input.pollers.map((p) => p.user)).size,
    polledQueries: input.pollers.reduce((n, p) => n + p.queries.length, 0),
    queries: [...new Map(input.pollers.flatMap((p) => p.queries).map((q) => [q.name, q.jql])).entries()]
      .filter(
        ([name]) =>
          name.startsWith(`${input.facts.projects[0]!.key}/`) ||
          name.includes("board") ||
          name.includes("dashboard"),
      )
      .map(([name, jql]) => ({ name, jql })),
    stream: {
      source: realEventsFile()
        ? `shared/data/appcelerator-jira events_derived.jsonl.gz from ${input.params.streamFrom}, time-compressed`
        : "synthetic Poisson arrivals (shared/data/appcelerator-jira not present)",
      changes: input.stream.length,
      byKind: Object.fromEntries(kinds),
      firstEvent: input.stream[0]?.source ?? null,
      lastEvent: input.stream.at(-1)?.source ?? null,
    },
    templateSeededThisRun: !input.template.reused,
    templateSeedSeconds: Math.round(input.template.seconds),
  };
  const summary = buildSummary({ ...input, workload });
  for (const result of input.results) {
    const file = new URL(`load-${result.name}.json`, RESULTS);
    await writeFile(
      file,
      `${JSON.stringify({ command: input.command, environment: input.environment, ...result }, null, 2)}\n`,
    );
  }
  await writeFile(new URL("load-summary.json", RESULTS), `${JSON.stringify(summary, null, 2)}\n`);
  await writeFile(new URL("load-chart.svg", RESULTS), chartOf(summary));
  const section = [BEGIN, loadSection(summary), END].join("\n");
  let markdown = await readFile(RESULTS_MD, "utf8").catch(
    () => "# Benchmark results\n\nWhat `bench/` measured, with the command to reproduce each figure.\n",
  );
  markdown = markdown.includes(BEGIN)
    ? markdown.slice(0, markdown.indexOf(BEGIN)) +
      section +
      markdown.slice(markdown.indexOf(END) + END.length)
    : `${markdown.trimEnd()}\n\n${section}\n`;
  await writeFile(RESULTS_MD, markdown);
  input.log(`wrote bench/results/load-*.json, load-summary.json, load-chart.svg and bench/RESULTS.md`);
}

function chartOf(summary: ReturnType<typeof buildSummary>): string {
  const rows = Object.entries(summary.byConfiguration);
  const reductions = summary.dbLoadReductionVsDirectByConfiguration as Record<string, number | null>;
  const note = (name: string) => {
    const r = reductions[name];
    return r === null || r === undefined ? undefined : `(${(r * 100).toFixed(1)}% vs Direct)`;
  };
  return barChartSvg(
    "subq load benchmark: service-desk polling while issues change",
    `${summary.machine.cpu} × ${summary.machine.cores}, ${summary.machine.date.slice(0, 10)}; ${summary.command}`,
    [
      {
        title: "DB load per user",
        unit: "ms of database time per distinct user in the window",
        series: ["DBLoadPerUser"],
        rows: rows.map(([name, r]) => ({ label: name, values: [r.dbLoadPerUserMs], note: note(name) })),
      },
      {
        title: "Database queries",
        unit: "statements per second",
        series: ["queries/s"],
        rows: rows.map(([name, r]) => ({ label: name, values: [r.dbQueriesPerSecond] })),
      },
      {
        title: "Request latency",
        unit: "ms",
        series: ["search p50", "search p99", "version p99"],
        rows: rows.map(([name, r]) => ({
          label: name,
          values: [
            r.searchLatencyMs.p50,
            r.searchLatencyMs.p99,
            r.versionLatencyMs.count ? r.versionLatencyMs.p99 : null,
          ],
        })),
      },
      {
        title: "Freshness: commit → the agent sees it",
        unit: "ms",
        series: ["p50", "p99"],
        rows: rows.map(([name, r]) => ({
          label: name,
          values: [r.freshnessSeenMs.p50, r.freshnessSeenMs.p99],
        })),
      },
    ],
  );
}
