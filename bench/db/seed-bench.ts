/**
 * Database benchmark: seeds synthetic tenants (default 100k and 1M issues), loads the real
 * Appcelerator dump, and checks the queue query plan on each seeded tenant with
 * EXPLAIN (ANALYZE): project-constrained, open statuses, unresolved, ordered by priority
 * then created, for the smallest, the median and the largest project. Results go to
 * bench/results/db-seed.json with the machine, versions and conditions.
 *
 *   pnpm --filter @subq/bench bench:db [--issues 100000,1000000] [--no-load] [--keep]
 */
import { writeFile } from "node:fs/promises";
import { cpus, loadavg, totalmem } from "node:os";
import { parseArgs } from "node:util";
import {
  connect,
  ensureTenantDatabase,
  loadJiraDataset,
  migrate,
  type Sql,
  seedTenant,
} from "../../packages/sidecar/src/db/index.js";
import { type Explained, explainQueueQuery, scansOf } from "../../test/db/plan.js";

const ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const { values } = parseArgs({
  options: {
    issues: { type: "string", default: "100000,1000000" },
    "no-load": { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    out: { type: "string", default: new URL("../results/db-seed.json", import.meta.url).pathname },
  },
});

async function freshDatabase(name: string): Promise<Sql> {
  const admin = connect(ADMIN_URL, { maxConnections: 1 });
  await admin`DROP DATABASE IF EXISTS ${admin(name)} WITH (FORCE)`;
  await admin.end();
  const url = `postgres://postgres@127.0.0.1:5432/${name}`;
  await ensureTenantDatabase(url);
  const sql = connect(url, { statementTimeoutMs: 60 * 60_000, maxConnections: 2 });
  await migrate(sql);
  return sql;
}

async function dropDatabase(name: string): Promise<void> {
  const admin = connect(ADMIN_URL, { maxConnections: 1 });
  await admin`DROP DATABASE IF EXISTS ${admin(name)} WITH (FORCE)`;
  await admin.end();
}

async function sizes(sql: Sql) {
  const [row] = await sql`
    SELECT (SELECT count(*) FROM issues)::int AS issues, (SELECT count(*) FROM comments)::int AS comments,
           (SELECT count(*) FROM issue_changes)::int AS changes, (SELECT count(*) FROM custom_field_values)::int AS custom_values,
           (SELECT count(*) FROM projects)::int AS projects, pg_size_pretty(pg_database_size(current_database())) AS database_size,
           pg_size_pretty(pg_indexes_size('issues')) AS issue_indexes_size`;
  return row;
}

async function queuePlans(sql: Sql) {
  const projects = await sql<{ id: number; n: number }[]>`
    SELECT project_id AS id, count(*)::int AS n FROM issues GROUP BY project_id ORDER BY n, project_id`;
  const picks = {
    smallest: projects[0]!,
    median: projects[Math.floor(projects.length / 2)]!,
    largest: projects.at(-1)!,
  };
  const result: Record<string, unknown> = {};
  for (const [label, project] of Object.entries(picks)) {
    const explained: Explained = await explainQueueQuery(sql, project.id, true);
    const scans = scansOf(explained.Plan, "issues").map((s) =>
      s.index ? `${s.type} using ${s.index}` : s.type,
    );
    result[label] = {
      projectId: project.id,
      projectIssues: project.n,
      issueScans: scans,
      seqScanOnIssues: scans.includes("Seq Scan"),
      executionMs: explained["Execution Time"],
      rows: explained.Plan["Actual Rows"],
    };
  }
  return result;
}

async function postgresVersion(): Promise<string | undefined> {
  const admin = connect(ADMIN_URL, { maxConnections: 1 });
  const [row] = await admin<{ version: string }[]>`SELECT version()`;
  await admin.end();
  return row?.version;
}

const results: Record<string, unknown> = {
  benchmark: "subq db: seed, load, queue query plans",
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadAverageAtStart: loadavg(),
  },
  versions: { node: process.version, postgres: await postgresVersion() },
  conditions:
    "local Postgres 15 (default config: shared_buffers 128MB), one seed at a time, fsync on, synchronous_commit off inside the load transaction; other processes may share the 2 cores",
  seeds: [] as unknown[],
};

for (const issues of values.issues.split(",").map(Number)) {
  const name = `subq_bench_${issues}`;
  const sql = await freshDatabase(name);
  const started = performance.now();
  const seeded = await seedTenant(sql, {
    issues,
    seed: "bench",
    onProgress: (n, total) => n % 100_000 === 0 && process.stderr.write(`  ${n}/${total}\n`),
  });
  const seconds = (performance.now() - started) / 1000;
  const entry = {
    issues,
    seedSeconds: Number(seconds.toFixed(1)),
    result: seeded,
    sizes: await sizes(sql),
    queuePlans: await queuePlans(sql),
  };
  (results.seeds as unknown[]).push(entry);
  process.stderr.write(`${JSON.stringify(entry, null, 2)}\n`);
  await sql.end();
  if (!values.keep) await dropDatabase(name);
}

if (!values["no-load"]) {
  const name = "subq_bench_appcelerator";
  const sql = await freshDatabase(name);
  const loaded = await loadJiraDataset(sql);
  results.realDataLoad = {
    dataset: "shared/data/appcelerator-jira",
    loadSeconds: Number((loaded.elapsedMs / 1000).toFixed(1)),
    result: loaded,
    sizes: await sizes(sql),
  };
  process.stderr.write(`${JSON.stringify(results.realDataLoad, null, 2)}\n`);
  await sql.end();
  if (!values.keep) await dropDatabase(name);
}

await writeFile(values.out, `${JSON.stringify(results, null, 2)}\n`);
process.stderr.write(`wrote ${values.out}\n`);
process.exit(0);
