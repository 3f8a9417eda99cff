/**
 * Timing one query three ways on a bench tenant, through the executor exactly as the
 * sidecar runs it (read-only REPEATABLE READ transaction, statement timeout, no JIT):
 * Stage 1, Stage 2 over the Stage 1 ids, and the direct query, each as the median of
 * interleaved runs after a warm-up, so drift in machine load hits all three alike.
 */
import {
  createPermissionContext,
  postgresClient,
  runDirect,
  runStage1,
  runStage2,
  type SearchRequest,
} from "../../packages/sidecar/src/db/index.js";
import { median, percentile } from "../support/environment.js";
import type { BenchQuery } from "./stages-queries.js";
import { STAGE1_CAP } from "./stages-queries.js";
import type { BenchTenant } from "./stages-tenant.js";

const PAGE = { startAt: 0, maxResults: 50 };
const NOW = Date.parse("2025-06-01T00:00:00Z");

export interface QueryTimes {
  readonly name: string;
  readonly jql: string;
  readonly stage1Text: string | null;
  readonly stage2Text: string | null;
  readonly stage1Ids: number;
  readonly total: number;
  readonly stage1Ms: { readonly median: number; readonly p90: number };
  /** Null when Stage 1 is over the cap (the sidecar answers directly then). */
  readonly stage2Ms: { readonly median: number; readonly p90: number } | null;
  readonly directMs: { readonly median: number; readonly p90: number };
  readonly stage2OverDirect: number | null;
}

export function requestFor(t: BenchTenant, user: string): SearchRequest {
  return { search: { user, now: NOW }, permissions: createPermissionContext(t.catalog, user) };
}

function summary(samples: readonly number[]) {
  return { median: round(median(samples)), p90: round(percentile(samples, 90)) };
}

export function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

export async function measureQuery(
  t: BenchTenant,
  q: BenchQuery,
  user: string,
  runs: number,
): Promise<QueryTimes> {
  const client = postgresClient(t.sql);
  const request = requestFor(t, user);
  const stage1 = () => runStage1(client, { plan: q.plan, catalog: t.compiler });
  const { ids } = await stage1();
  const cached = ids.length <= STAGE1_CAP;
  const stage2 = () => runStage2(client, { plan: q.plan, ids, catalog: t.compiler, request, page: PAGE });
  const direct = () => runDirect(client, { plan: q.plan, catalog: t.compiler, request, page: PAGE });
  const samples = { stage1: [] as number[], stage2: [] as number[], direct: [] as number[] };
  let total = 0;
  for (let run = -2; run < runs; run++) {
    const s1 = await stage1();
    const s2 = cached ? await stage2() : null;
    const d = await direct();
    if (
      s2 &&
      (s2.total !== d.total || s2.issues.map((i) => i.id).join() !== d.issues.map((i) => i.id).join())
    ) {
      throw new Error(`${q.name}: Stage 2 and direct disagree`);
    }
    total = d.total;
    if (run < 0) continue; // warm-up
    samples.stage1.push(s1.durationMs);
    if (s2) samples.stage2.push(s2.durationMs);
    samples.direct.push(d.durationMs);
  }
  const stage2Ms = cached ? summary(samples.stage2) : null;
  const directMs = summary(samples.direct);
  return {
    name: q.name,
    jql: q.jql,
    stage1Text: q.plan.stage1Text,
    stage2Text: q.plan.stage2Text,
    stage1Ids: ids.length,
    total,
    stage1Ms: summary(samples.stage1),
    stage2Ms,
    directMs,
    stage2OverDirect: stage2Ms ? round(stage2Ms.median / directMs.median) : null,
  };
}
