/**
 * Cache-hit overhead, against raw baselines in the same run: a plain Redis GET (ioredis),
 * a no-op HTTP round trip to the sidecar (the health route through the SDK), a version
 * poll, and cached searches (Stage 1 members and the per-user Stage 2 answer both in
 * Redis) of a queue and of a board. Interleaved, one at a time, after the load stopped.
 */
import { Redis } from "ioredis";
import type { SubqClient } from "../../packages/client/src/index.js";
import { percentile } from "../support/environment.js";
import type { PolledQuery } from "./queues.js";

export interface Timing {
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export interface Overhead {
  readonly samples: number;
  readonly redisGet: Timing;
  readonly httpNoop: Timing;
  readonly versionPoll: Timing;
  readonly cachedSearch: Timing;
  readonly cachedBoardSearch: Timing;
  readonly versionPollOverRedisRtt: number;
  readonly cachedSearchOverRedisRtt: number;
  readonly versionPollOverHttpNoop: number;
}

const timing = (values: number[]): Timing => ({
  p50Ms: percentile(values, 50),
  p99Ms: percentile(values, 99),
});

export async function measureOverhead(
  client: SubqClient,
  redisUrl: string,
  queue: { user: string; query: PolledQuery },
  board: { user: string; query: PolledQuery },
  samples: number,
): Promise<Overhead> {
  const redis = new Redis(redisUrl);
  const key = "subq-load:overhead-probe";
  await redis.set(key, "x".repeat(64), "EX", 600);
  const series = {
    get: [] as number[],
    http: [] as number[],
    version: [] as number[],
    search: [] as number[],
    board: [] as number[],
  };
  const time = async (into: number[], work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    into.push(performance.now() - started);
  };
  const ref = { jql: queue.query.jql, user: queue.user };
  const search = () => client.search({ ...ref, maxResults: queue.query.maxResults });
  const boardSearch = () =>
    client.search({ jql: board.query.jql, user: board.user, maxResults: board.query.maxResults });
  let primedAt = 0;
  try {
    for (let i = -20; i < samples; i++) {
      // The per-user answer lives 5 s: re-prime it (untimed) so timed searches are hits.
      if (performance.now() - primedAt > 2_000) {
        await Promise.all([search(), boardSearch()]);
        primedAt = performance.now();
      }
      const sink = i < 0 ? [] : undefined;
      await time(sink ?? series.get, () => redis.get(key));
      await time(sink ?? series.http, () => client.health());
      await time(sink ?? series.version, () => client.version(ref));
      await time(sink ?? series.search, search);
      await time(sink ?? series.board, boardSearch);
    }
  } finally {
    await redis.quit();
  }
  const get = timing(series.get);
  const http = timing(series.http);
  const version = timing(series.version);
  const cached = timing(series.search);
  return {
    samples,
    redisGet: get,
    httpNoop: http,
    versionPoll: version,
    cachedSearch: cached,
    cachedBoardSearch: timing(series.board),
    versionPollOverRedisRtt: version.p50Ms / get.p50Ms,
    cachedSearchOverRedisRtt: cached.p50Ms / get.p50Ms,
    versionPollOverHttpNoop: version.p50Ms / http.p50Ms,
  };
}
