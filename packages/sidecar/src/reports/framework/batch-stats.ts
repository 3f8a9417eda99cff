/** Summaries of a run's per-batch log (durations, retries) for the run row and getRun. */
import type { BatchStats } from "../store/run-records.js";

/** `log`: batch index → [durationMs, issues, attempt], as store/job-state.ts reads it. */
export function batchStats(log: ReadonlyMap<number, readonly [number, number, number]>): BatchStats {
  const durations = [...log.values()].map(([ms]) => ms).sort((a, b) => a - b);
  const at = (q: number) =>
    durations.length === 0 ? 0 : durations[Math.min(durations.length - 1, Math.floor(q * durations.length))]!;
  return {
    count: durations.length,
    retried: [...log.values()].filter(([, , attempt]) => attempt > 1).length,
    totalMs: durations.reduce((sum, ms) => sum + ms, 0),
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    maxMs: durations.at(-1) ?? 0,
  };
}

/** Issues read by the batches in the log. */
export function issuesIn(log: ReadonlyMap<number, readonly [number, number, number]>): number {
  let total = 0;
  for (const [, issues] of log.values()) total += issues;
  return total;
}
