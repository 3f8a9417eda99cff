/**
 * The tenants the stages benchmark runs on: `subq_bench_100k` and `subq_bench_1m`, seeded
 * once (seed "bench") and reused while they hold the expected number of issues; plus
 * what the queries need from them (the largest projects, searchers of each kind).
 */

import type { Catalog } from "../../packages/jql/src/index.js";
import {
  type CompilerCatalog,
  connect,
  createCompilerCatalog,
  ensureTenantDatabase,
  loadCatalog,
  loadTenantSettings,
  migrate,
  type Sql,
  seedTenant,
} from "../../packages/sidecar/src/db/index.js";

export interface BenchTenant {
  readonly name: string;
  readonly issues: number;
  readonly sql: Sql;
  readonly catalog: Catalog;
  readonly compiler: CompilerCatalog;
  /** Seconds spent seeding in this run (0 when reused). */
  readonly seedSeconds: number;
  /** Project keys by issue count, largest first. */
  readonly projectsBySize: readonly { key: string; issues: number }[];
  /** A developer with a role in the largest project, an administrator, a plain user. */
  readonly users: { readonly developer: string; readonly admin: string; readonly plain: string };
}

export async function openBenchTenant(name: string, issues: number): Promise<BenchTenant> {
  const url = `postgres://postgres@127.0.0.1:5432/${name}`;
  await ensureTenantDatabase(url);
  const sql = connect(url, {
    statementTimeoutMs: 3_600_000,
    maxConnections: 2,
    applicationName: "subq-bench",
  });
  await migrate(sql);
  const [{ n }] = (await sql`SELECT count(*)::int AS n FROM issues`) as unknown as [{ n: number }];
  let seedSeconds = 0;
  if (n !== issues) {
    process.stderr.write(`seeding ${name} with ${issues} issues (found ${n})\n`);
    const started = performance.now();
    await seedTenant(sql, {
      issues,
      seed: "bench",
      reset: n > 0,
      onProgress: (written, total) =>
        written % 100_000 === 0 && process.stderr.write(`  ${written}/${total}\n`),
    });
    await sql`VACUUM (ANALYZE)`;
    seedSeconds = (performance.now() - started) / 1000;
  }
  const catalog = await loadCatalog(sql);
  const compiler = createCompilerCatalog(catalog, await loadTenantSettings(sql));
  const sizes = await sql<{ key: string; issues: number }[]>`
    SELECT p.key, count(*)::int AS issues FROM issues i JOIN projects p ON p.id = i.project_id
    GROUP BY p.key ORDER BY issues DESC, p.key`;
  return {
    name,
    issues,
    sql,
    catalog,
    compiler,
    seedSeconds,
    projectsBySize: sizes,
    users: await pickUsers(sql, catalog, sizes[0]!.key),
  };
}

async function pickUsers(sql: Sql, catalog: Catalog, biggest: string) {
  const admins = catalog.groups.administrators ?? [];
  const [developer] = await sql<{ user: string }[]>`
    SELECT m.user_id AS user FROM project_role_members r
    JOIN group_members m ON m.group_name = r.group_name
    JOIN projects p ON p.id = r.project_id
    WHERE p.key = ${biggest} AND m.user_id <> ALL(${admins}) ORDER BY m.user_id LIMIT 1`;
  const admin = admins[0];
  const special = new Set(
    Object.entries(catalog.groups)
      .filter(([g]) => g !== "jira-users")
      .flatMap(([, m]) => m),
  );
  const plain = catalog.users.find((u) => !special.has(u.id))?.id;
  if (!developer || !admin || !plain)
    throw new Error("the seeded tenant lacks a developer, an administrator or a plain user");
  return { developer: developer.user, admin, plain };
}
