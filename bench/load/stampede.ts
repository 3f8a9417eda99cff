/**
 * Stampede: a query nobody has run yet (a dashboard shared with every agent) is opened by
 * many agents at the same moment while the polling load goes on. What it costs the
 * database is counted from outside: statements whose SQL text is the query's Stage 1 at
 * the timing proxy (subq), and executions of the whole query (the in-process
 * configurations count their own direct calls).
 */
import { catalogResolver, plan } from "../../packages/jql/src/index.js";
import { compileStage1 } from "../../packages/sidecar/src/db/index.js";
import { percentile } from "../support/environment.js";
import type { ProxyStats } from "./pg-proxy.js";
import type { TenantFacts } from "./tenant-facts.js";

export function coldQuery(deskKey: string): string {
  return `project = ${deskKey} AND Platforms in (iOS, Android) AND resolution = Unresolved ORDER BY priority DESC, created DESC`;
}

/** The Stage 1 SQL text of `jql` as the sidecar's compiler writes it. */
export function stage1Text(facts: TenantFacts, jql: string): string {
  const planned = plan(jql, { resolver: catalogResolver(facts.catalog) });
  return compileStage1(planned.stage1, facts.compiler, jql).text;
}

export interface StampedeRun {
  readonly callers: number;
  readonly errors: number;
  readonly elapsedMs: number;
  readonly latencyP50Ms: number;
  readonly latencyMaxMs: number;
}

/** What the stampede cost, counted from outside the sidecar. */
export interface StampedeOutcome extends StampedeRun {
  readonly jql: string;
  /** Statements with the query's Stage 1 SQL text (subq), null elsewhere. */
  readonly stage1Executions: number | null;
  /** Direct executions of the whole query (in-process configurations), null for subq. */
  readonly wholeQueryExecutions: number | null;
}

/** Fires one search per user at the same moment and waits for all. */
export async function fireTogether(
  users: readonly string[],
  search: (user: string) => Promise<unknown>,
): Promise<StampedeRun> {
  const started = performance.now();
  const latencies: number[] = [];
  let errors = 0;
  await Promise.all(
    users.map(async (user) => {
      const t0 = performance.now();
      try {
        await search(user);
      } catch {
        errors += 1;
      }
      latencies.push(performance.now() - t0);
    }),
  );
  return {
    callers: users.length,
    errors,
    elapsedMs: performance.now() - started,
    latencyP50Ms: percentile(latencies, 50),
    latencyMaxMs: Math.max(...latencies),
  };
}

/** Executions of `text` between two proxy snapshots. */
export function executionsOf(before: ProxyStats, after: ProxyStats, text: string): number {
  return (after.byText[text]?.count ?? 0) - (before.byText[text]?.count ?? 0);
}
