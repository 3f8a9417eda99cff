/**
 * The queue-like queries of the stages benchmark, written against a seeded tenant's
 * largest projects: queues, "my open issues", boards, recently updated, cross-project
 * triage, a comment search; and one chosen so its Stage 1 holds close to 40 000 ids (the
 * sidecar's default cap on a cached member set), where Stage 2's cost matters most.
 */
import { catalogResolver, type Plan, plan } from "../../packages/jql/src/index.js";
import { compileStage1 } from "../../packages/sidecar/src/db/index.js";
import type { BenchTenant } from "./stages-tenant.js";

export interface BenchQuery {
  readonly name: string;
  readonly jql: string;
  readonly plan: Plan;
}

export const STAGE1_CAP = 40_000;

export function queueQueries(t: BenchTenant): BenchQuery[] {
  const [p1, p2] = t.projectsBySize.map((p) => p.key);
  const queries: [string, string][] = [
    [
      "queue",
      `project = ${p1} AND resolution = Unresolved AND statusCategory != Done ORDER BY priority DESC, created ASC`,
    ],
    [
      "my open issues",
      `project = ${p1} AND assignee = currentUser() AND resolution IS EMPTY ORDER BY updated DESC`,
    ],
    ["board (open sprints)", `project = ${p1} AND sprint in openSprints() ORDER BY status, priority DESC`],
    ["recently updated", `project in (${p1}, ${p2}) AND updated >= -14d ORDER BY updated DESC`],
    [
      "triage (bugs, all projects)",
      "issuetype = Bug AND priority in (Blocker, Critical) AND resolution IS EMPTY ORDER BY priority DESC, created ASC",
    ],
    ["labelled, unresolved", "labels = customer AND resolution IS EMPTY ORDER BY created DESC"],
    ["comment search", `project = ${p1} AND comment ~ "reproduce" ORDER BY updated DESC`],
  ];
  return queries.map(([name, jql]) => planned(t, name, jql));
}

/** Queue shapes over the k largest projects, with k chosen so Stage 1 holds close to (at most) 40 000 ids. */
const CAP_SHAPES: readonly [name: string, where: string][] = [
  // Index-friendly: Stage 1 is what issues_project_unresolved answers directly.
  ["queue near the cap", "resolution IS EMPTY"],
  // Stage 1 tests links and custom fields on every candidate: what a cached member set saves.
  [
    "triage queue near the cap",
    'resolution IS EMPTY AND (labels IS NOT EMPTY OR component IS NOT EMPTY OR fixVersion IS NOT EMPTY OR "Story Points" IS NOT EMPTY)',
  ],
];

export async function capQueries(t: BenchTenant): Promise<{ query: BenchQuery; stage1Size: number }[]> {
  const found = [];
  for (const [name, where] of CAP_SHAPES) {
    let best: { query: BenchQuery; stage1Size: number } | undefined;
    for (let k = 1; k <= t.projectsBySize.length; k++) {
      const keys = t.projectsBySize.slice(0, k).map((p) => p.key);
      const jql = `project in (${keys.join(", ")}) AND ${where} ORDER BY priority DESC, created ASC`;
      const query = planned(t, `${name} (${k} largest projects)`, jql);
      const compiled = compileStage1(query.plan.stage1, t.compiler);
      const [{ n }] = (await t.sql.unsafe(
        `SELECT count(*)::int AS n FROM (${compiled.text}) s`,
        compiled.values as never[],
      )) as unknown as [{ n: number }];
      if (n > STAGE1_CAP) break;
      best = { query, stage1Size: n };
    }
    if (!best) throw new Error(`${name}: even the largest project's Stage 1 is over the cap`);
    found.push(best);
  }
  return found;
}

function planned(t: BenchTenant, name: string, jql: string): BenchQuery {
  return { name, jql, plan: plan(jql, { resolver: catalogResolver(t.catalog) }) };
}
