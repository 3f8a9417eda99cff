/**
 * Everything `pnpm demo` needs and nothing installed: the embedded Postgres with the demo
 * tenant, and the embedded Redis. Timings are kept for the startup log.
 */
import { createDemoTenant, type DemoTenant, type DemoTenantOptions } from "./demo-tenant.js";
import {
  type EmbeddedPostgres,
  type EmbeddedPostgresOptions,
  startEmbeddedPostgres,
} from "./embedded-postgres.js";
import { createEmbeddedRedis, type EmbeddedRedis } from "./embedded-redis.js";

export interface EmbeddedStackOptions extends EmbeddedPostgresOptions, DemoTenantOptions {}

export interface EmbeddedStack {
  readonly postgres: EmbeddedPostgres;
  readonly redis: EmbeddedRedis;
  readonly tenant: DemoTenant;
  /** ms spent starting Postgres, preparing the demo tenant, and in all. */
  readonly timings: { readonly postgresMs: number; readonly tenantMs: number; readonly totalMs: number };
  /** Closes Redis and Postgres; close the pools and clients made on them first. */
  close(): Promise<void>;
}

export async function startEmbeddedStack(options: EmbeddedStackOptions = {}): Promise<EmbeddedStack> {
  const started = performance.now();
  const { issues, seed, ...postgresOptions } = options;
  const postgres = await startEmbeddedPostgres(postgresOptions);
  const postgresMs = Math.round(performance.now() - started);
  try {
    const tenant = await createDemoTenant(postgres.url, { issues, seed });
    const redis = createEmbeddedRedis();
    return {
      postgres,
      redis,
      tenant,
      timings: { postgresMs, tenantMs: tenant.elapsedMs, totalMs: Math.round(performance.now() - started) },
      async close() {
        await redis.close();
        await postgres.close();
      },
    };
  } catch (error) {
    await postgres.close();
    throw error;
  }
}
