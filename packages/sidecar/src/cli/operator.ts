/**
 * What the operator commands (`subq sub ...`, `subq events replay`) share: the sidecar's
 * configuration (defaults < --config/SUBQ_CONFIG < SUBQ_* < flags), a Redis store opened
 * the way the sidecar opens it (standalone or cluster), and an engine over one tenant for
 * work that needs the database (a refresh, in-process event ingestion).
 */
import { setTimeout as sleep } from "node:timers/promises";
import { loadOptions } from "../config/load.js";
import type { ResolvedSidecarOptions, SidecarOptions } from "../config/options.js";
import { type Env, TENANT_NAME, TENANT_NAME_RULE } from "../db/tenants.js";
import { createEngine, type EngineDeps, openRedis } from "../engine/create.js";
import type { Engine } from "../engine/types.js";
import { SubqError } from "../errors.js";
import { checkTenant, createStore, type RedisClient, type Store } from "../redis/index.js";

export interface OperatorIo {
  readonly env?: Env;
  readonly stdout?: (line: string) => void;
  readonly stderr?: (line: string) => void;
}

/** Flags every operator command takes. */
export interface OperatorFlags {
  readonly tenant: string;
  readonly config?: string;
  readonly redis?: string;
}

export function writers(io: OperatorIo) {
  return {
    out: io.stdout ?? ((line: string) => process.stdout.write(`${line}\n`)),
    err: io.stderr ?? ((line: string) => process.stderr.write(`${line}\n`)),
  };
}

/** Checks a tenant name (the registry's rule, which the Redis keys accept too). */
export function tenantName(value: string): string {
  if (!TENANT_NAME.test(value)) {
    throw new SubqError("E_BAD_REQUEST", `--tenant ${JSON.stringify(value)}: ${TENANT_NAME_RULE}`);
  }
  return checkTenant(value);
}

/**
 * The configuration with the command's flags on top. The tenant is added to the tenants
 * served (resolved like the sidecar resolves it), and the LISTEN/NOTIFY listener stays off:
 * a command must not take over a running sidecar's lease.
 */
export async function operatorOptions(flags: OperatorFlags, env: Env): Promise<ResolvedSidecarOptions> {
  const overrides: SidecarOptions = {
    tenants: { names: [tenantName(flags.tenant)] },
    engine: { listen: false },
    ...(flags.redis === undefined ? {} : { redis: { url: flags.redis, cluster: [] } }),
  };
  return loadOptions({
    file: flags.config,
    env,
    overrides: { options: overrides, origin: "the command line" },
  });
}

export interface OpenStore {
  readonly store: Store;
  readonly options: ResolvedSidecarOptions;
  close(): Promise<void>;
}

/** Connects to the configured Redis (fails with what to do when it cannot) and defines the scripts. */
export async function openOperatorStore(options: ResolvedSidecarOptions): Promise<OpenStore> {
  const client = openRedis(options, { enableOfflineQueue: true, maxRetriesPerRequest: 1 });
  let lastError: Error | undefined;
  client.on("error", (error: Error) => {
    lastError = error;
  });
  const deadline = options.redis.connectTimeoutMs;
  const reachable = await Promise.race([
    client.ping().then(
      () => true,
      (error: Error) => {
        lastError ??= error;
        return false;
      },
    ),
    sleep(deadline, false, { ref: false }),
  ]);
  if (!reachable) {
    client.disconnect();
    const where =
      options.redis.cluster.length > 0
        ? `the Redis Cluster ${options.redis.cluster.join(",")}`
        : redisHost(options);
    throw new SubqError(
      "E_REDIS_UNAVAILABLE",
      `cannot reach ${where}${lastError ? ` (${lastError.message})` : ` within ${deadline} ms`}; ` +
        "start Redis, or point subq at it with --redis <url>, SUBQ_REDIS_URL or SUBQ_REDIS_CLUSTER",
    );
  }
  const store = await createStore(client, options.store);
  return { store, options, close: () => quit(client) };
}

/**
 * An engine over the configured Redis and the tenants of `options` (operatorOptions adds the
 * command's tenant), once Redis and every tenant database answer; otherwise it fails naming
 * what does not.
 */
export async function openOperatorEngine(options: ResolvedSidecarOptions, deps: EngineDeps): Promise<Engine> {
  const probe = await openOperatorStore(options); // a clear message when Redis is away
  await probe.close();
  const engine = await createEngine({ ...options, logLevel: "silent" }, deps);
  const deadline = Date.now() + options.redis.connectTimeoutMs;
  for (;;) {
    const report = await engine.ready();
    // Every check must pass: a degraded engine still serves searches, but a command run
    // against a tenant whose database is missing must say so, not work around it.
    if (report.ready && !report.degraded) return engine;
    // The engine's Redis connection may still be coming up; a database that answered with an
    // error (missing, refused) will not heal while we wait.
    if (report.checks.redis?.ok === true || Date.now() > deadline) {
      await engine.close();
      const failing = Object.entries(report.checks)
        .filter(([, check]) => !check.ok)
        .map(([name, check]) => `${name}: ${check.detail ?? "not ready"}`);
      throw new SubqError(
        "E_DB_UNAVAILABLE",
        `not ready (${failing.join("; ")}); start the service named, create a missing tenant database with ` +
          "`subq db migrate --tenant <name>`, or fix the tenant's databaseUrl (SUBQ_TENANTS, SUBQ_TENANTS_FILE or SUBQ_DATABASE_URL)",
      );
    }
    await sleep(100);
  }
}

async function quit(client: RedisClient): Promise<void> {
  await Promise.race([client.quit().catch(() => {}), sleep(1_000, undefined, { ref: false })]);
  client.disconnect();
}

function redisHost(options: ResolvedSidecarOptions): string {
  try {
    const url = new URL(options.redis.url);
    return `Redis at ${url.host}`;
  } catch {
    return "Redis";
  }
}

/** `850 ms`, `12.3 s`, `4 min`, `2.5 h`, `3 d`. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return "-";
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  if (ms < 86_400_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  return `${Math.round(ms / 86_400_000)} d`;
}

/** Left-aligned columns separated by two spaces (the last column is not padded). */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, cell.length);
  }
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd(),
  );
}
