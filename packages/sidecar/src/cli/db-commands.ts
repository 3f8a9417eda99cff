/**
 * `subq db ...`: create, migrate, seed and load tenant databases.
 *
 *   subq db migrate --tenant acme
 *   subq db seed --tenant acme --issues 100000 [--seed 42] [--reset]
 *   subq db load --tenant acme [--dataset ../shared/data/appcelerator-jira] [--limit 2000] [--reset]
 *   subq db install-triggers --tenant acme [--uninstall]
 *
 * Every command creates the tenant database if missing and applies pending migrations
 * first. Tenants resolve through the registry (db/tenants.ts): --tenants FILE,
 * SUBQ_TENANTS_FILE, SUBQ_TENANTS, SUBQ_DATABASE_URL, or the local default.
 */
import { Command, InvalidArgumentError } from "commander";
import { installTriggers, uninstallTriggers } from "../capture/index.js";
import { connect, type Sql } from "../db/connect.js";
import { ensureTenantDatabase } from "../db/ensure-database.js";
import { defaultDatasetDir, loadJiraDataset } from "../db/load/jira-load.js";
import { migrate } from "../db/migrate.js";
import { MAX_SEED_ISSUES, seedTenant } from "../db/seed/seed.js";
import { writeTenantSettings } from "../db/settings.js";
import { type Env, loadTenantRegistry, type ResolvedTenant, resolveTenant } from "../db/tenants.js";
import { wholeNumberAtLeast } from "./arguments.js";

export interface DbCommandIo {
  readonly env?: Env;
  readonly stdout?: (line: string) => void;
  readonly stderr?: (line: string) => void;
}

interface Common {
  readonly tenant: string;
  readonly tenants?: string;
}

/** Bulk commands run long statements (index builds at 1M issues): allow 30 minutes. */
const BULK_STATEMENT_TIMEOUT_MS = 30 * 60_000;

export function registerDbCommands(program: Command, io: DbCommandIo = {}): void {
  const out = io.stdout ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = io.stderr ?? ((line: string) => process.stderr.write(`${line}\n`));
  const db = program
    .command("db")
    .description("create, migrate, seed and load tenant databases (one Postgres database per tenant)")
    .option(
      "--tenants <file>",
      "tenant registry JSON file (default: SUBQ_TENANTS_FILE, SUBQ_TENANTS, SUBQ_DATABASE_URL)",
    );
  const tenantOption = [
    "--tenant <name>",
    "tenant name: lowercase letters, digits, _ (database subq_<name> by default)",
  ] as const;

  db.command("migrate")
    .description("create the tenant database if missing and apply pending migrations")
    .requiredOption(...tenantOption)
    .action(async (_options: unknown, command: Command) => {
      await withTenant(command, io, out, async () => {});
    });

  db.command("seed")
    .description("fill an empty tenant with deterministic synthetic issues (migrates first)")
    .requiredOption(...tenantOption)
    .requiredOption(
      "--issues <n>",
      `number of issues, 1 to ${MAX_SEED_ISSUES}`,
      wholeNumberAtLeast(1, "--issues"),
    )
    .option("--seed <seed>", "PRNG seed: the same seed gives byte-identical data", "1")
    .option(
      "--now <date>",
      "the dataset's present: issues are created in the 6 years before it",
      isoDate,
      "2025-06-01T00:00:00Z",
    )
    .option("--reset", "delete the tenant's existing data first (otherwise a non-empty tenant is refused)")
    .action(
      async (options: { issues: number; seed: string; now: string; reset?: boolean }, command: Command) => {
        await withTenant(command, io, out, async (sql, tenant) => {
          const result = await seedTenant(sql, {
            issues: options.issues,
            seed: options.seed,
            now: new Date(options.now),
            reset: options.reset === true,
            onProgress: (written, total) => err(`  ${written}/${total} issues`),
          });
          out(
            `seeded tenant ${tenant.name}: ${result.issues} issues, ${result.comments} comments, ${result.changes} changes, ` +
              `${result.projects} projects, ${result.users} users in ${(result.elapsedMs / 1000).toFixed(1)} s`,
          );
        });
      },
    );

  db.command("load")
    .description(
      "import a Jira dump (issues, comments, projects .jsonl.gz) into an empty tenant (migrates first)",
    )
    .requiredOption(...tenantOption)
    .option("--dataset <path>", "directory of the dump", defaultDatasetDir())
    .option(
      "--limit <n>",
      "load only the first N issues (and their comments)",
      wholeNumberAtLeast(1, "--limit"),
    )
    .option("--reset", "delete the tenant's existing data first (otherwise a non-empty tenant is refused)")
    .action(async (options: { dataset: string; limit?: number; reset?: boolean }, command: Command) => {
      await withTenant(command, io, out, async (sql, tenant) => {
        const result = await loadJiraDataset(sql, {
          dir: options.dataset,
          limit: options.limit,
          reset: options.reset === true,
        });
        out(
          `loaded ${options.dataset} into tenant ${tenant.name}: ${result.issues} issues, ${result.comments} comments, ` +
            `${result.changes} derived changes, ${result.projects} projects, ${result.users} users in ${(result.elapsedMs / 1000).toFixed(1)} s`,
        );
      });
    });

  db.command("install-triggers")
    .description(
      "install Postgres triggers that notify subq of every change on channel subq_events, so applications " +
        "need not publish events (idempotent; the sidecar's listener ingests them)",
    )
    .requiredOption(...tenantOption)
    .option("--uninstall", "remove subq's triggers (and their functions) instead")
    .action(async (options: { uninstall?: boolean }, command: Command) => {
      await withTenant(command, io, out, async (sql, tenant) => {
        if (options.uninstall === true) {
          const removed = await uninstallTriggers(sql);
          out(
            `tenant ${tenant.name}: ${removed ? "removed the event triggers" : "no event triggers to remove"}`,
          );
          return;
        }
        const installed = await installTriggers(sql);
        out(
          `tenant ${tenant.name}: installed ${installed.triggers} event triggers on ${installed.tables.length} tables; ` +
            `they notify channel ${installed.channel}`,
        );
      });
    });
}

/** A root program with only the db commands (for scripts and tests); errors throw instead of exiting. */
export function createDbProgram(io: DbCommandIo = {}): Command {
  const program = new Command("subq").exitOverride().configureOutput({
    writeOut: (text) => (io.stdout ?? ((line: string) => process.stdout.write(`${line}\n`)))(text.trimEnd()),
    writeErr: (text) => (io.stderr ?? ((line: string) => process.stderr.write(`${line}\n`)))(text.trimEnd()),
  });
  registerDbCommands(program, io);
  return program;
}

/** Resolves the tenant, creates and migrates its database, runs `work`, and closes the pool. */
async function withTenant(
  command: Command,
  io: DbCommandIo,
  out: (line: string) => void,
  work: (sql: Sql, tenant: ResolvedTenant) => Promise<void>,
): Promise<void> {
  const options = command.optsWithGlobals<Common>();
  const registry = await loadTenantRegistry({ file: options.tenants, env: io.env ?? process.env });
  const tenant = resolveTenant(registry, options.tenant);
  const sql = connect(tenant.databaseUrl, {
    statementTimeoutMs: BULK_STATEMENT_TIMEOUT_MS,
    maxConnections: 2,
  });
  try {
    const { created } = await ensureTenantDatabase(tenant.databaseUrl);
    const result = await migrate(sql);
    await writeTenantSettings(sql, { timeZone: tenant.timeZone, weekStart: tenant.weekStart });
    const applied = result.applied.length > 0 ? `applied ${result.applied.join(", ")}` : "schema up to date";
    out(
      `tenant ${tenant.name}: ${created ? "created database, " : ""}${applied} (version ${result.version})`,
    );
    await work(sql, tenant);
  } catch (error) {
    throw explainConnectionError(error, tenant);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

function explainConnectionError(error: unknown, tenant: ResolvedTenant): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== "ECONNREFUSED" && code !== "ENOTFOUND" && code !== "CONNECT_TIMEOUT") return error;
  const { host } = new URL(tenant.databaseUrl);
  return new Error(
    `cannot reach Postgres at ${host} for tenant ${tenant.name} (${String(code)}); start Postgres or fix the tenant's databaseUrl`,
    { cause: error },
  );
}

function isoDate(value: string): string {
  if (Number.isNaN(Date.parse(value)))
    throw new InvalidArgumentError("expected an ISO date such as 2025-06-01T00:00:00Z");
  return value;
}
