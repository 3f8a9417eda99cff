/**
 * The service-desk queue query shape (the polled query subq exists for) under EXPLAIN
 * (FORMAT JSON): project-constrained, open statuses, unresolved, ordered by priority (its
 * configured sequence) then created. Shared by test/db/explain.test.ts and
 * bench/db/seed-bench.ts.
 */
import type { Queryable } from "../../packages/sidecar/src/db/connect.js";

export interface PlanNode {
  readonly "Node Type": string;
  readonly "Relation Name"?: string;
  readonly "Index Name"?: string;
  readonly "Actual Rows"?: number;
  readonly Plans?: readonly PlanNode[];
}

export interface Explained {
  readonly Plan: PlanNode;
  readonly "Execution Time"?: number;
}

export async function explainQueueQuery(
  sql: Queryable,
  projectId: number,
  analyze = false,
): Promise<Explained> {
  const open = (
    await sql<{ id: number }[]>`SELECT id FROM statuses WHERE category <> 'done' ORDER BY id`
  ).map((r) => r.id);
  const options = analyze ? sql`ANALYZE, BUFFERS, FORMAT JSON` : sql`FORMAT JSON`;
  const [row] = await sql<{ "QUERY PLAN": Explained[] }[]>`
    EXPLAIN (${options})
    SELECT i.id FROM issues i LEFT JOIN priorities p ON p.id = i.priority_id
    WHERE i.project_id = ${projectId} AND i.status_id = ANY(${open}::int[]) AND i.resolution_id IS NULL
    ORDER BY p.sequence ASC NULLS LAST, i.created DESC, i.id DESC
    LIMIT 50`;
  return row!["QUERY PLAN"][0]!;
}

export function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)];
}

/** How the plan reads `relation`: its scan nodes, and the index scans beneath its bitmap scans. */
export function scansOf(root: PlanNode, relation: string): { type: string; index: string | null }[] {
  const scans: { type: string; index: string | null }[] = [];
  for (const node of planNodes(root)) {
    if (node["Relation Name"] === relation)
      scans.push({ type: node["Node Type"], index: node["Index Name"] ?? null });
    if (node["Node Type"] === "Bitmap Heap Scan" && node["Relation Name"] === relation) {
      for (const child of planNodes(node).slice(1)) {
        if (child["Index Name"]) scans.push({ type: child["Node Type"], index: child["Index Name"] });
      }
    }
  }
  return scans;
}
