/**
 * The rows of a presence report. Per candidate entity: `unused` (1/0, with the sentence
 * that says why), `issues_in_window`, `issues_total` and, when it was ever used,
 * `last_used_at` (epoch ms). One summary entity (`scope`, `*`) carries the issue counts,
 * the window start and the number of unused entities (`unused_entities`).
 */

import type { FinaliseContext, ReportRow } from "../contract/contract.js";
import type { MergedState } from "../contract/contribution.js";
import type { Candidate, PresenceSpec } from "./presence-spec.js";
import { type WindowParams, windowStartMs } from "./window-params.js";

export function presenceRows(
  spec: Pick<PresenceSpec, "entityType" | "key" | "phrase">,
  candidates: readonly Candidate[],
  merged: MergedState,
  run: FinaliseContext<WindowParams>,
): ReportRow[] {
  const start = windowStartMs(run.asOfMs, run.params);
  const recentIssues = merged.sum("issues:window");
  const context = {
    scope: run.scope.label,
    days: run.params.days,
    recentIssues,
    allIssues: merged.sum("issues:all"),
  };
  const rows: ReportRow[] = [];
  let unusedCount = 0;
  for (const candidate of candidates) {
    const entityId = String(candidate.id);
    const last = merged.max(`${spec.key}:${entityId}:last`);
    const inWindow = merged.sum(`${spec.key}:${entityId}:window`);
    const unused = last === undefined || last < start;
    if (unused) unusedCount++;
    const note = sentence(spec.phrase(candidate), { ...context, last, inWindow, unused });
    const row = (metric: string, value: number, text?: string): ReportRow => ({
      entityType: spec.entityType,
      entityId,
      metric,
      value,
      ...(text === undefined ? {} : { note: text }),
    });
    rows.push(
      row("unused", unused ? 1 : 0, note),
      row("issues_in_window", inWindow),
      row("issues_total", merged.sum(`${spec.key}:${entityId}:all`)),
    );
    if (last !== undefined) rows.push(row("last_used_at", last));
  }
  const summary = (metric: string, value: number): ReportRow => ({
    entityType: "scope",
    entityId: "*",
    metric,
    value,
  });
  rows.push(
    summary("issues", context.allIssues),
    summary("issues_in_window", recentIssues),
    summary("window_start", start),
    summary("entities", candidates.length),
    summary("unused_entities", unusedCount),
  );
  return rows;
}

interface SentenceFacts {
  readonly scope: string;
  readonly days: number;
  readonly recentIssues: number;
  readonly allIssues: number;
  readonly last: number | undefined;
  readonly inWindow: number;
  readonly unused: boolean;
}

/** "no issue in project FOO has had a value for 'Story Points' since 2024-01-10; 0 of 4,210 issues ..." */
export function sentence(phrase: string, facts: SentenceFacts): string {
  const recent = `of ${count(facts.recentIssues)} issues updated in the last ${facts.days} days`;
  if (facts.last === undefined) {
    return `no issue in ${facts.scope} has ever ${phrase}; 0 of ${count(facts.allIssues)} issues`;
  }
  if (facts.unused) {
    return `no issue in ${facts.scope} has ${phrase} since ${day(facts.last)}; 0 ${recent}`;
  }
  return `in use: last on ${day(facts.last)}; ${count(facts.inWindow)} ${recent} hold it`;
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
