/**
 * What the contract suites need from a backend (real Redis, a real cluster, ioredis-mock),
 * and small helpers: a manual clock, unique tenants, a store per test, pub/sub capture.
 */
import { randomBytes } from "node:crypto";
import {
  createStore,
  type RedisClient,
  type Store,
  type StoreOptions,
  type SubscriptionRef,
  tenantKeyPattern,
  versionChannel,
} from "../../../packages/sidecar/src/redis/index.js";

export interface Backend {
  readonly name: string;
  /** A new connection; the suites close it. */
  connect(): Promise<RedisClient>;
  /** True for real servers (SCRIPT FLUSH, server-side expiry); false for ioredis-mock. */
  readonly real: boolean;
}

export interface ManualClock {
  now: () => number;
  advance(ms: number): void;
}

export function manualClock(start = Date.now()): ManualClock {
  let time = start;
  return {
    now: () => time,
    advance(ms) {
      time += ms;
    },
  };
}

const tenantsInUse: string[] = [];

/** A tenant name no other test (or parallel test file) uses; `removeTestTenants` deletes its keys. */
export function uniqueTenant(label: string): string {
  const tenant = `t-${label}-${process.pid}-${randomBytes(4).toString("hex")}`;
  tenantsInUse.push(tenant);
  return tenant;
}

/** Deletes the keys of every tenant created so far (they would expire, but not soon). */
export async function removeTestTenants(client: RedisClient): Promise<void> {
  for (const tenant of tenantsInUse.splice(0)) {
    const keys = await tenantKeys(client, tenant);
    await Promise.all(keys.map((key) => client.del(key)));
  }
}

export interface TestStore {
  readonly store: Store;
  readonly clock: ManualClock;
  readonly tenant: string;
  ref(id: string): SubscriptionRef;
}

export async function testStore(
  client: RedisClient,
  label: string,
  options: StoreOptions = {},
): Promise<TestStore> {
  const clock = manualClock();
  const tenant = uniqueTenant(label);
  const store = await createStore(client, { clock: clock.now, ...options });
  return { store, clock, tenant, ref: (id) => ({ tenant, id }) };
}

/** Every key of a tenant, scanning every master of a cluster. */
export async function tenantKeys(client: RedisClient, tenant: string): Promise<string[]> {
  const pattern = tenantKeyPattern(tenant);
  const nodes = isCluster(client)
    ? (client as unknown as { nodes(role: string): RedisClient[] }).nodes("master")
    : [client];
  const keys: string[] = [];
  for (const node of nodes) {
    let cursor = "0";
    do {
      const [next, batch] = await node.scan(cursor, "MATCH", pattern, "COUNT", 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== "0");
  }
  return keys.sort();
}

export function isCluster(client: RedisClient): boolean {
  return (client as { isCluster?: boolean }).isCluster === true;
}

export interface Messages {
  readonly received: string[];
  /** Resolves with the first message matching, or rejects after timeoutMs. */
  waitFor(match: (message: string) => boolean, timeoutMs?: number): Promise<string>;
  close(): Promise<void>;
}

/** Subscribes a new connection to the tenant's versions channel. */
export async function listen(backend: Backend, tenant: string): Promise<Messages> {
  const subscriber = await backend.connect();
  const received: string[] = [];
  const waiters = new Set<() => void>();
  subscriber.on("message", (_channel: string, message: string) => {
    received.push(message);
    for (const wake of waiters) wake();
  });
  await subscriber.subscribe(versionChannel(tenant));
  return {
    received,
    waitFor(match, timeoutMs = 2_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = received.find(match);
          if (hit === undefined) return;
          cleanup();
          resolve(hit);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(received)}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      subscriber.disconnect();
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** n issue ids as decimal strings, starting at `from`. */
export function ids(n: number, from = 1): string[] {
  return Array.from({ length: n }, (_, i) => String(from + i));
}

export function sorted(values: readonly string[]): string[] {
  return [...values].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
}
