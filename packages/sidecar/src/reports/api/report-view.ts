/**
 * What getReport answers: the stored rows grouped by entity (each with its metrics, its
 * verdict and the sentence that explains it), the scope's summary, the report's age and
 * its staleness under the refresh policy.
 */
import type { Activity } from "../policy/activity.js";
import { readCounter, since } from "../policy/activity.js";
import { type RefreshPolicy, type Staleness, staleness } from "../policy/refresh-policy.js";
import type { HeadWithMarks, StoredRow } from "../store/report-read.js";

export interface EntityView {
  readonly entityType: string;
  readonly entityId: string;
  /** The `unused` metric as a boolean; null when the tool reports no verdict. */
  readonly unused: boolean | null;
  readonly note: string | null;
  readonly metrics: Readonly<Record<string, number>>;
}

export interface ReportView {
  readonly tenant: string;
  readonly tool: string;
  readonly scope: string;
  readonly runId: string;
  /** When the data was read (the run's start). */
  readonly computedAt: string;
  readonly ageMs: number;
  readonly staleness: Staleness & {
    readonly changesSinceRefresh: number;
    readonly readsSinceRefresh: number;
  };
  /** The `scope` / `*` entity's metrics (issue counts, window, number unused). */
  readonly summary: Readonly<Record<string, number>>;
  readonly entities: readonly EntityView[];
}

export function reportView(input: {
  readonly tenant: string;
  readonly scopeDigest: string;
  readonly head: HeadWithMarks;
  readonly rows: readonly StoredRow[];
  readonly activity: Activity;
  readonly policy: RefreshPolicy;
  readonly nowMs: number;
}): ReportView {
  const { head, activity } = input;
  const ageMs = Math.max(0, input.nowMs - head.computedAt.getTime());
  const changesSinceRefresh = since(activity.changes(head.scopeProjects), head.changesMark);
  const readsSinceRefresh = since(activity.reads(readCounter(head.tool, input.scopeDigest)), head.readsMark);
  const verdict = staleness(
    { changesSince: changesSinceRefresh, readsSince: readsSinceRefresh, ageMs },
    input.policy,
  );
  const entities = new Map<
    string,
    { entityType: string; entityId: string; note: string | null; metrics: Record<string, number> }
  >();
  for (const row of input.rows) {
    const key = `${row.entityType}\u0000${row.entityId}`;
    let entity = entities.get(key);
    if (!entity) {
      entity = { entityType: row.entityType, entityId: row.entityId, note: null, metrics: {} };
      entities.set(key, entity);
    }
    entity.metrics[row.metric] = row.value;
    if (row.note !== null) entity.note = row.note;
  }
  const summary = entities.get("scope\u0000*")?.metrics ?? {};
  entities.delete("scope\u0000*");
  return {
    tenant: input.tenant,
    tool: head.tool,
    scope: head.scope,
    runId: head.runId,
    computedAt: head.computedAt.toISOString(),
    ageMs,
    staleness: { ...verdict, changesSinceRefresh, readsSinceRefresh },
    summary,
    entities: [...entities.values()].map((entity) => ({
      ...entity,
      unused: entity.metrics.unused === undefined ? null : entity.metrics.unused === 1,
    })),
  };
}
