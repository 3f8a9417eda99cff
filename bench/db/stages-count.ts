/**
 * Two ways to report a Stage 2 page's total, timed on the same ids: `count(*) OVER ()` in
 * the page query (what the compiler writes) and the page query without it plus a second
 * `count(*)` query in the same transaction. And the plans of Stage 2 and direct
 * (EXPLAIN ANALYZE), so the result file says where each spends its time.
 */
import {
  compileCount,
  compileDirect,
  compileStage2,
  postgresClient,
  type SqlQuery,
} from "../../packages/sidecar/src/db/index.js";
import { median } from "../support/environment.js";
import { requestFor, round } from "./stages-measure.js";
import type { BenchQuery } from "./stages-queries.js";
import type { BenchTenant } from "./stages-tenant.js";

const PAGE = { startAt: 0, maxResults: 50 };

export async function countStrategies(
  t: BenchTenant,
  q: BenchQuery,
  ids: readonly string[],
  user: string,
  runs: number,
) {
  const client = postgresClient(t.sql);
  const request = requestFor(t, user);
  const page = compileStage2(q.plan.stage2, ids, t.compiler, request, PAGE);
  const pageOnly = page.text.replace(", count(*) OVER ()::int AS total", "");
  if (pageOnly === page.text) throw new Error("the Stage 2 statement has no window count to remove");
  const count = compileCount(q.plan.stage2?.where ?? null, t.compiler, request, ids);
  const time = async (work: (tx: SqlQuery) => Promise<unknown>) => {
    const started = performance.now();
    await client.readOnly(60_000, work);
    return performance.now() - started;
  };
  const samples = { window: [] as number[], twoQueries: [] as number[] };
  for (let run = -2; run < runs; run++) {
    const w = await time((tx) => tx.query(page.text, page.values));
    const two = await time(async (tx) => {
      await tx.query(pageOnly, page.values);
      await tx.query(count.text, count.values);
    });
    if (run < 0) continue;
    samples.window.push(w);
    samples.twoQueries.push(two);
  }
  return {
    stage1Ids: ids.length,
    windowCountMs: round(median(samples.window)),
    pageThenCountMs: round(median(samples.twoQueries)),
  };
}

interface PlanNode {
  readonly "Node Type": string;
  readonly "Index Name"?: string;
  readonly "Relation Name"?: string;
  readonly Plans?: readonly PlanNode[];
}

function nodes(node: PlanNode): string[] {
  const here = node["Index Name"] ? `${node["Node Type"]} using ${node["Index Name"]}` : node["Node Type"];
  return [here, ...(node.Plans ?? []).flatMap(nodes)];
}

/** EXPLAIN ANALYZE of Stage 2 (over `ids`) and of the direct query: execution time and plan nodes. */
export async function explainStages(t: BenchTenant, q: BenchQuery, ids: readonly string[], user: string) {
  const client = postgresClient(t.sql);
  const request = requestFor(t, user);
  const explain = async (compiled: { text: string; values: readonly unknown[] }) => {
    const [row] = await client.readOnly(60_000, (tx) =>
      tx.query<{ "QUERY PLAN": { Plan: PlanNode; "Execution Time": number; "Planning Time": number }[] }>(
        `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${compiled.text}`,
        compiled.values,
      ),
    );
    const plan = row!["QUERY PLAN"][0]!;
    return {
      executionMs: round(plan["Execution Time"]),
      planningMs: round(plan["Planning Time"]),
      nodes: [...new Set(nodes(plan.Plan))],
    };
  };
  return {
    stage2: await explain(compileStage2(q.plan.stage2, ids, t.compiler, request, PAGE)),
    direct: await explain(compileDirect(q.plan.normalized, t.compiler, request, PAGE)),
  };
}
