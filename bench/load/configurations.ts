/**
 * The configurations compared, and how each answers a poll: Direct and the TTL cache run
 * in the benchmark process (the application calling its database / its cache), subq in a
 * sidecar child process called through the SDK. Every one reaches Postgres through the
 * timing proxy with a pool of the same size.
 */
import type { SubqClient } from "../../packages/client/src/index.js";
import { connect, type Sql } from "../../packages/sidecar/src/db/index.js";
import type { PollMode, Searcher } from "./agents.js";
import { DirectSearch } from "./direct-search.js";
import { type Sidecar, startSidecar } from "./sidecar.js";
import type { TenantFacts } from "./tenant-facts.js";
import { TtlCache } from "./ttl-cache.js";

export type ConfigName = "direct" | "ttl-cache" | "subq-search" | "subq-version" | "subq-push";

export const CONFIGS: readonly { name: ConfigName; mode: PollMode; title: string }[] = [
  { name: "direct", mode: "search", title: "Direct (every poll runs the query)" },
  { name: "ttl-cache", mode: "search", title: "TTL cache (bentocache L1+L2, per user)" },
  { name: "subq-search", mode: "search", title: "subq, search every poll" },
  { name: "subq-version", mode: "version", title: "subq, version polling (SDK poll)" },
  { name: "subq-push", mode: "push", title: "subq, push (SDK poll, SSE watch)" },
];

export interface Backend {
  readonly searcher?: Searcher;
  readonly client?: SubqClient;
  readonly sidecar?: Sidecar;
  /** Direct executions by JQL (in-process configurations). */
  readonly executions?: ReadonlyMap<string, number>;
  search(user: string, jql: string, maxResults: number): Promise<unknown>;
  close(): Promise<void>;
}

export interface BackendSettings {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly redis: { readonly host: string; readonly port: number };
  readonly tenant: string;
  readonly poolSize: number;
  readonly ttlMs: number;
  readonly graceMs: number;
}

function appPool(settings: BackendSettings): Sql {
  return connect(settings.databaseUrl, {
    maxConnections: settings.poolSize,
    statementTimeoutMs: 30_000,
    applicationName: "subq-load-app",
  });
}

export async function openBackend(
  name: ConfigName,
  facts: TenantFacts,
  settings: BackendSettings,
): Promise<Backend> {
  if (name === "direct" || name === "ttl-cache") {
    const sql = appPool(settings);
    const direct = new DirectSearch(sql, facts);
    const cache =
      name === "ttl-cache"
        ? new TtlCache(direct, {
            ttlMs: settings.ttlMs,
            graceMs: settings.graceMs,
            redis: settings.redis,
            prefix: `subq-load-ttl-${settings.tenant}`,
          })
        : undefined;
    const search = (user: string, jql: string, maxResults: number) =>
      cache ? cache.search(user, jql, maxResults) : direct.search(user, jql, maxResults);
    return {
      searcher: { search: (user, query) => search(user, query.jql, query.maxResults) },
      executions: direct.executions,
      search,
      async close() {
        await cache?.close();
        await sql.end({ timeout: 5 });
      },
    };
  }
  const sidecar = await startSidecar({
    tenant: settings.tenant,
    databaseUrl: settings.databaseUrl,
    redisUrl: settings.redisUrl,
    dbMaxConnections: settings.poolSize,
  });
  const client = sidecar.client;
  const search = async (user: string, jql: string, maxResults: number) => {
    const result = await client.search({ jql, user, maxResults });
    return {
      ids: result.issues.map((i) => i.id),
      keys: result.issues.map((i) => i.key),
      total: result.total,
      version: result.version,
      stale: result.stale,
      source: result.source,
    };
  };
  return {
    searcher: { search: (user, query) => search(user, query.jql, query.maxResults) },
    client,
    sidecar,
    search,
    close: () => sidecar.stop(),
  };
}
