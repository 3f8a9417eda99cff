/**
 * The Redis connections of the BullMQ refresh queue. Producers (enqueue, counts, the
 * tenant registry) share one client; every BullMQ Worker opens two of its own (a command
 * connection and one for its blocking job fetch), copied from the worker connection.
 *
 * BullMQ requires `maxRetriesPerRequest: null` on worker connections (a blocking fetch
 * must survive a reconnect instead of failing after N retries). The producer keeps the
 * caller's setting, so an enqueue during an outage fails instead of waiting forever (the
 * queue also bounds it with `enqueueTimeoutMs`).
 */
import { type Cluster, Redis, type RedisOptions } from "ioredis";
import { SubqError } from "../errors.js";

export type QueueClient = Redis | Cluster;

/**
 * ioredis options (the queue opens and closes its connections), or a factory of clients:
 * called once for the producer and once for the worker template, which must have
 * `maxRetriesPerRequest: null`; the queue quits the clients it got on close. Never set a
 * `keyPrefix`: BullMQ refuses it (use the queue's `prefix`).
 */
export type QueueConnection = RedisOptions | (() => QueueClient);

export interface QueueConnections {
  readonly producer: QueueClient;
  /** What Workers are given: options, or a client they duplicate (never used directly). */
  worker(): RedisOptions | QueueClient;
  close(): Promise<void>;
}

export function openQueueConnections(connection: QueueConnection): QueueConnections {
  if (typeof connection !== "function") {
    const options = { ...connection, maxRetriesPerRequest: null };
    const producer = new Redis({ ...connection });
    return { producer, worker: () => options, close: () => quit(producer) };
  }
  const producer = connection();
  let template: QueueClient | undefined;
  return {
    producer,
    worker() {
      template ??= checkedTemplate(connection());
      return template;
    },
    async close() {
      await Promise.all([quit(producer), template ? quit(template) : undefined]);
    },
  };
}

function checkedTemplate(client: QueueClient): QueueClient {
  // A Cluster keeps the per-node options (where BullMQ looks) under redisOptions.
  const options = ("redisOptions" in client.options ? client.options.redisOptions : client.options) as
    | { readonly maxRetriesPerRequest?: number | null }
    | undefined;
  if (options?.maxRetriesPerRequest !== null) {
    client.disconnect();
    throw new SubqError(
      "E_CONFIG",
      "the refresh queue's connection factory must create clients with maxRetriesPerRequest: null (BullMQ workers need it)",
    );
  }
  return client;
}

async function quit(client: QueueClient): Promise<void> {
  if (client.status === "end") return;
  // A client that never connected (lazyConnect, or still connecting) has nothing to say goodbye to.
  if (client.status !== "ready") return client.disconnect();
  await client.quit().catch(() => client.disconnect());
}
