/** How `subq report` prints runs and reports for a person (the --json forms print the views as they are). */
import type { ReportView } from "../api/report-view.js";
import type { RunView } from "../api/run-view.js";

export function formatRun(run: RunView): string[] {
  const { batchesDone, batchesTotal, issuesScanned, issuesTotal } = run.progress;
  const lines = [
    `run ${run.id} of ${run.tool} for ${run.scope}: ${run.state}${run.coalesced ? " (joined a run already in progress)" : ""}`,
    `  batches ${batchesDone}/${batchesTotal ?? "?"}, issues ${issuesScanned}/${issuesTotal ?? "?"}, as of ${run.asOf}`,
  ];
  if (run.batches && run.batches.count > 0) {
    const b = run.batches;
    lines.push(`  batch ms: p50 ${b.p50Ms}, p95 ${b.p95Ms}, max ${b.maxMs}; retried ${b.retried}`);
  }
  if (run.startedAt) lines.push(`  started ${run.startedAt}, deadline ${run.deadlineAt}`);
  if (run.finishedAt) lines.push(`  finished ${run.finishedAt}`);
  if (run.error) lines.push(`  error: ${run.error}`);
  return lines;
}

export function formatReport(report: ReportView, all: boolean): string[] {
  const s = report.summary;
  const lines = [
    `${report.tool} for ${report.scope} (run ${report.runId}, data of ${report.computedAt}, ${Math.round(report.ageMs / 60_000)} min old)`,
    `  ${report.staleness.stale ? "STALE" : "fresh"}: ${report.staleness.reason}`,
    `  ${s.unused_entities ?? "?"} of ${s.entities ?? "?"} unused; ${s.issues ?? "?"} issues in scope, ${s.issues_in_window ?? "?"} updated in the window`,
  ];
  for (const entity of report.entities) {
    if (!all && entity.unused !== true) continue;
    const mark = entity.unused === true ? "UNUSED" : entity.unused === false ? "used  " : "      ";
    lines.push(
      `  ${mark} ${entity.entityType} ${entity.entityId}: ${entity.note ?? JSON.stringify(entity.metrics)}`,
    );
  }
  return lines;
}
