/**
 * Activity counters that drive the refresh policy: how often each report is read and how
 * many change events each project saw. One small hash per tenant (store/keys.ts
 * `reportActivityKey`), counters that only grow; a run stores the counters it started
 * from, and "since the last refresh" is the difference. The hash expires after
 * `ttlMs` without writes; a counter that restarted below a run's mark counts from zero.
 *
 * `countChanges` is called by event ingestion (events/ingest.ts): one round trip per batch.
 */
import type { RedisClient } from "../../redis/script-client.js";
import { incrementActivity, readActivityCounters } from "../store/redis-state.js";

export const DEFAULT_ACTIVITY_TTL_MS = 30 * 86_400_000;

/**
 * Counts change events: one entry per event, the projects it touched (two when the issue
 * moved; empty when unknown, which still counts for tenant-wide scopes).
 */
export async function countChanges(
  client: RedisClient,
  tenant: string,
  events: Iterable<readonly number[]>,
  ttlMs = DEFAULT_ACTIVITY_TTL_MS,
): Promise<void> {
  const perProject = new Map<number, number>();
  let total = 0;
  for (const projects of events) {
    for (const id of new Set(projects)) perProject.set(id, (perProject.get(id) ?? 0) + 1);
    total++;
  }
  if (total === 0) return;
  const increments: [string, number][] = [["c:all", total]];
  for (const [id, n] of perProject) increments.push([`c:p${id}`, n]);
  await incrementActivity(client, tenant, increments, ttlMs);
}

/** Counts one read of a report. */
export async function countRead(
  client: RedisClient,
  tenant: string,
  counter: string,
  ttlMs = DEFAULT_ACTIVITY_TTL_MS,
): Promise<void> {
  await incrementActivity(client, tenant, [[counter, 1]], ttlMs);
}

/** The read counter of one report. */
export function readCounter(tool: string, scopeDigest: string): string {
  return `r:${tool}:${scopeDigest}`;
}

export interface Activity {
  reads(counter: string): number;
  /** Change events in the projects (all projects when null). */
  changes(projectIds: readonly number[] | null): number;
}

export async function readActivity(client: RedisClient, tenant: string): Promise<Activity> {
  const hash = await readActivityCounters(client, tenant);
  const value = (field: string) => Number(hash[field] ?? 0);
  return {
    reads: value,
    changes: (projectIds) =>
      projectIds === null ? value("c:all") : projectIds.reduce((sum, id) => sum + value(`c:p${id}`), 0),
  };
}

/** Activity since a mark, where a counter that restarted (expired) counts from zero. */
export function since(current: number, mark: number): number {
  return current >= mark ? current - mark : current;
}
