/**
 * A seeded tenant served by a real sidecar (startServer over the local Redis and its own
 * Postgres database) for the operator command tests, and the environment that points the
 * `subq` commands at the same Redis and tenant database.
 */
import { randomBytes } from "node:crypto";
import { createClient, type SubqClient } from "../../packages/client/src/index.js";
import type { SidecarOptions } from "../../packages/sidecar/src/config/options.js";
import { resolveOptions } from "../../packages/sidecar/src/config/resolve.js";
import { migrate } from "../../packages/sidecar/src/db/migrate.js";
import { seedTenant } from "../../packages/sidecar/src/db/seed/seed.js";
import { createLogger } from "../../packages/sidecar/src/logger.js";
import { type RunningServer, startServer } from "../../packages/sidecar/src/server.js";
import { REDIS_URL } from "../support/engine.js";
import { createTestDatabase, type TestDatabase } from "../support/pg.js";
import { forgetQueueTenant } from "../support/queue-cleanup.js";

export interface SidecarFixture {
  readonly tenant: string;
  readonly token: string;
  readonly db: TestDatabase;
  readonly server: RunningServer;
  readonly client: SubqClient;
  /** SUBQ_* variables that point `subq` at the same Redis and tenant database. */
  readonly env: Record<string, string>;
  /** A user who sees every project (the seed's first administrator). */
  readonly user: string;
  close(): Promise<void>;
}

export async function startSidecarFixture(
  name: string,
  issues: number,
  options: SidecarOptions = {},
): Promise<SidecarFixture> {
  const tenant = `${name}_${randomBytes(3).toString("hex")}`;
  const token = `cli-${randomBytes(16).toString("hex")}`;
  const db = await createTestDatabase(`cli_${name}`);
  try {
    await migrate(db.sql);
    await seedTenant(db.sql, { issues, seed: `cli-${name}` });
    const [u] = await db.sql<{ id: string }[]>`SELECT id FROM users ORDER BY id LIMIT 1`;
    const server = await startServer(
      resolveOptions({
        ...options,
        host: "127.0.0.1",
        port: 0,
        logLevel: "silent",
        redis: { ...options.redis, url: REDIS_URL },
        tenants: { list: { [tenant]: { databaseUrl: db.url } } },
        auth: { tokens: { cli: token } },
      }),
      { handleSignals: false, logger: createLogger({ level: "silent" }) },
    );
    const env = {
      SUBQ_REDIS_URL: REDIS_URL,
      SUBQ_TENANTS: JSON.stringify({ [tenant]: { databaseUrl: db.url } }),
    };
    const client = createClient({ url: server.url, token, tenant, timeoutMs: 20_000 });
    return {
      tenant,
      token,
      db,
      server,
      client,
      env,
      user: u!.id,
      async close() {
        await server.close();
        await forgetQueueTenant(tenant);
        await db.drop();
      },
    };
  } catch (error) {
    await db.drop();
    throw error;
  }
}

/** Runs an in-process `subq` program built by `create`; its output lines, or its error. */
export async function runProgram(
  create: (io: {
    env: Record<string, string>;
    stdout: (line: string) => void;
    stderr: (line: string) => void;
  }) => { parseAsync(argv: string[], options: { from: "user" }): Promise<unknown> },
  env: Record<string, string>,
  args: string[],
): Promise<{ out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  await create({ env, stdout: (line) => out.push(line), stderr: (line) => err.push(line) }).parseAsync(args, {
    from: "user",
  });
  return { out, err };
}
