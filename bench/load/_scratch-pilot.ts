import { catalogResolver, plan } from "../../packages/jql/src/index.js";
import { connect, postgresClient, runDirect, runStage1, runStage2, createPermissionContext } from "../../packages/sidecar/src/db/index.js";
import { readTenantFacts } from "./tenant-facts.js";
import { deskQueues, boardQueries } from "./queues.js";
const sql = connect("postgres://postgres@127.0.0.1:5432/subq_bench_100k", { maxConnections: 2 });
const facts = await readTenantFacts(sql, 6, 33);
for (const p of facts.projects) console.log(p.key, p.issues, p.openIssues, p.agents.length, p.open.length);
const client = postgresClient(sql);
const resolver = catalogResolver(facts.catalog);
const qs = [...deskQueues(facts.projects[0]!), ...deskQueues(facts.projects[2]!), ...boardQueries(facts)];
for (const q of qs) {
  const pl = plan(q.jql, { resolver });
  const user = q.kind === "board" ? facts.managers[0]! : facts.projects[q.name.startsWith(facts.projects[0]!.key) ? 0 : 2]!.agents[3]!;
  const request = { search: { user, now: Date.now() }, permissions: createPermissionContext(facts.catalog, user) };
  const times: number[] = []; let total = 0;
  for (let i = 0; i < 4; i++) { const r = await runDirect(client, { plan: pl, catalog: facts.compiler, request, page: { startAt: 0, maxResults: q.maxResults } }); times.push(r.durationMs); total = r.total; }
  let s1 = -1; const t2: number[] = [];
  if (!pl.stage2Only) { const r1 = await runStage1(client, { plan: pl, catalog: facts.compiler }); s1 = r1.ids.length;
    for (let i = 0; i < 3; i++) { const r2 = await runStage2(client, { plan: pl, ids: r1.ids, catalog: facts.compiler, request, page: { startAt: 0, maxResults: q.maxResults } }); t2.push(r2.durationMs); } }
  console.log(q.name, "total", total, "stage1", s1, "direct ms", times.map(t => t.toFixed(1)).join(" "), "stage2 ms", t2.map(t => t.toFixed(1)).join(" "), "| s1:", pl.stage1Text, "| s2:", pl.stage2Text);
}
await sql.end();
