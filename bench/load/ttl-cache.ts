/**
 * Configuration 2: the conventional read-through cache a Node team would put in front of
 * the query — bentocache with an in-memory L1, Redis as L2 and the Redis bus keeping the
 * L1s of several pods in step; whole answers keyed by (JQL, user, page size), because
 * JQL answers depend on the user (currentUser(), permissions).
 *
 * TTL: agents poll every few seconds, so a TTL at or below the poll interval would never
 * be hit by the same agent; a team would set it to the freshness it can accept — the
 * seed's "within 10 seconds" — hence 10 s by default. Grace 1 min with the default soft
 * timeout 0: an expired answer is served at once and refreshed in the background
 * (stale-while-revalidate), and is served during a database outage. Stampede protection
 * is bentocache's own (one factory per key and process).
 */
import { createHash } from "node:crypto";
import { BentoCache, bentostore } from "bentocache";
import { memoryDriver } from "bentocache/drivers/memory";
import { redisBusDriver, redisDriver } from "bentocache/drivers/redis";
import type { Answer, DirectSearch } from "./direct-search.js";

export interface TtlCacheOptions {
  readonly ttlMs: number;
  readonly graceMs: number;
  readonly redis: { readonly host: string; readonly port: number };
  /** Key prefix, unique per run so that each configuration starts cold. */
  readonly prefix: string;
}

export class TtlCache {
  private readonly bento;

  constructor(
    private readonly direct: DirectSearch,
    readonly options: TtlCacheOptions,
  ) {
    const connection = { host: options.redis.host, port: options.redis.port };
    this.bento = new BentoCache({
      default: "queries",
      prefix: options.prefix,
      ttl: options.ttlMs,
      grace: options.graceMs,
      graceBackoff: 5_000,
      stores: {
        queries: bentostore()
          .useL1Layer(memoryDriver({ maxItems: 50_000, maxSize: 256 * 1024 * 1024 }))
          .useL2Layer(redisDriver({ connection }))
          .useBus(redisBusDriver({ connection })),
      },
    });
  }

  search(user: string, jql: string, maxResults: number): Promise<Answer> {
    const key = `${user}:${maxResults}:${createHash("sha1").update(jql).digest("hex")}`;
    return this.bento.getOrSet({ key, factory: () => this.direct.search(user, jql, maxResults) });
  }

  /** Removes this run's keys from Redis and closes the connections. */
  async close(): Promise<void> {
    await this.bento.clear().catch(() => {});
    await this.bento.disconnectAll();
  }
}
