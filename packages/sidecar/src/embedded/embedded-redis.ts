/**
 * An in-process Redis for the demo: ioredis-mock clients over one shared dataset. The
 * store's Lua scripts run on it unchanged (fengari; see docs/redis-layout.md for the
 * portability rules they follow), and pub/sub crosses clients: a PUBLISH, also one made
 * by a script through `redis.call`, reaches every client subscribed to the channel.
 *
 * ioredis-mock shares data between clients with the same host, port and db, in a map
 * global to the module; a random host name keeps each embedded Redis apart, and close()
 * empties it. BullMQ cannot run on it (its scripts need cmsgpack): the demo uses the
 * in-process refresh queue.
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import RedisMock from "ioredis-mock";
import { SubqError } from "../errors.js";

export interface EmbeddedRedis {
  /** A new client on the shared dataset, typed as ioredis (e.g. for `createStore`, or a subscriber). */
  client(): Redis;
  /** Disconnects every client made here and drops the data. */
  close(): Promise<void>;
}

export function createEmbeddedRedis(): EmbeddedRedis {
  const options = { host: `subq-embedded-${randomUUID()}`, port: 6379, db: 0 };
  const clients = new Set<Redis>();
  let closed = false;
  return {
    client() {
      if (closed) throw new SubqError("E_SHUTTING_DOWN", "the embedded Redis is closed");
      const client = new RedisMock(options);
      clients.add(client);
      return client;
    },
    async close() {
      if (closed) return;
      closed = true;
      const cleaner = new RedisMock(options);
      await cleaner.flushall();
      cleaner.disconnect();
      for (const client of clients) client.disconnect();
      clients.clear();
    },
  };
}
