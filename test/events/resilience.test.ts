/**
 * The listener when things go wrong, with a scripted engine in place of the real one: a
 * failed ingestion is logged and answered by a resync that is retried until it succeeds;
 * a LISTEN that silently stops delivering is noticed by the ping watchdog and replaced.
 */
import { randomBytes } from "node:crypto";
import { createServer, type Server, Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EventListener, startEventListener } from "../../packages/sidecar/src/capture/listener.js";
import { installTriggers } from "../../packages/sidecar/src/capture/triggers.js";
import { connect, type Sql } from "../../packages/sidecar/src/db/connect.js";
import { migrate } from "../../packages/sidecar/src/db/migrate.js";
import { seedTenant } from "../../packages/sidecar/src/db/seed/seed.js";
import type { EngineLogger } from "../../packages/sidecar/src/engine/engine-metrics.js";
import type { IngestResult } from "../../packages/sidecar/src/engine/types.js";
import { createStore, type RedisClient, type Store } from "../../packages/sidecar/src/redis/index.js";
import { connectRedis } from "../redis/contract/clients.js";
import { createTestDatabase, type TestDatabase } from "../support/pg.js";
import { until } from "../support/wait.js";

let db: TestDatabase;
let redis: RedisClient;
let store: Store;
const pools: Sql[] = [];
const listeners: EventListener[] = [];

/** An engine that records every batch and fails while `failing` says so. */
function scriptedEngine(failing: (events: readonly unknown[]) => boolean) {
  const batches: { type: string; id?: string | number; issueId?: string }[][] = [];
  return {
    batches,
    ingestEvents: async (_tenant: string, events: readonly unknown[]): Promise<IngestResult> => {
      if (failing(events)) throw new Error("redis is down (scripted)");
      batches.push(events as never);
      return { accepted: events.length, matched: 0, patched: 0 };
    },
  };
}

function recordingLogger() {
  const lines: { level: string; message?: string }[] = [];
  const at = (level: string) => (_fields: object, message?: string) => lines.push({ level, message });
  const logger: EngineLogger = { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
  return { logger, lines };
}

function pool(url = db.url): Sql {
  const sql = connect(url, { maxConnections: 1 });
  pools.push(sql);
  return sql;
}

/** A TCP proxy to Postgres that can go down (every connection cut, none accepted) and come back. */
async function pgProxy() {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  const target = new URL(db.url);
  const start = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = new Socket().connect(Number(target.port || 5432), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on("error", () => {});
          s.on("close", () => {
            sockets.delete(s);
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, "127.0.0.1", () => {
        port = (server!.address() as { port: number }).port;
        resolve();
      });
    });
  await start();
  const url = new URL(db.url);
  url.port = String(port);
  return {
    url: url.toString(),
    start,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server!.close(resolve));
    },
  };
}

/** Updates an issue; returns its id. */
async function touchIssue(): Promise<string> {
  const [row] = await db.sql<{ id: string }[]>`
    UPDATE issues SET updated = updated + interval '1 second'
     WHERE id = (SELECT min(id) FROM issues) RETURNING id::text`;
  return row!.id;
}

/** An UPDATE in the database reaches the engine. */
async function delivers(engine: ReturnType<typeof scriptedEngine>, what: string): Promise<void> {
  const id = await touchIssue();
  await until(what, async () =>
    engine.batches.some((b) => b.some((e) => e.issueId === id)) ? true : undefined,
  );
}

beforeAll(async () => {
  db = await createTestDatabase("events_resilience");
  await migrate(db.sql);
  await seedTenant(db.sql, { issues: 100, seed: "resilience" });
  await installTriggers(db.sql);
  redis = await connectRedis();
  store = await createStore(redis);
});

afterAll(async () => {
  for (const listener of listeners) await listener.close();
  for (const sql of pools) await sql.end({ timeout: 5 });
  // Closing released the leases, the only keys these tests write.
  redis?.disconnect();
  await db?.drop();
});

describe("the listener when things fail", () => {
  it("logs a failed ingestion, resyncs until that succeeds, and keeps delivering", async () => {
    const tenant = `evr-${randomBytes(3).toString("hex")}`;
    let failures = 0;
    // The first batch of issue events fails, then its resync fails twice more.
    const engine = scriptedEngine((events) => {
      const issues = events.some((e) => (e as { issueId?: string }).issueId !== undefined);
      const retry = events.some((e) => String((e as { id?: unknown }).id).includes("an ingestion failed"));
      if ((issues && failures === 0) || (retry && failures < 3)) failures++;
      else return false;
      return true;
    });
    const { logger, lines } = recordingLogger();
    const listener = startEventListener({
      engine,
      tenant,
      sql: pool(),
      store,
      logger,
      retryMs: 50,
      renewEveryMs: 100,
    });
    listeners.push(listener);
    await until("the first resync", async () => (engine.batches.length > 0 ? true : undefined));
    await touchIssue();
    const resynced = await until("the resync after the failure", async () =>
      engine.batches.find((b) => b.some((e) => String(e.id).includes("an ingestion failed"))),
    );
    expect(resynced[0]).toMatchObject({ type: "catalog_changed" });
    expect(failures).toBe(3);
    expect(lines.filter((l) => l.level === "error" && l.message?.includes("ingestion failed"))).toHaveLength(
      3,
    );
    await delivers(engine, "a later event");
  });

  it("replaces a LISTEN that silently stopped delivering (the ping never arrives)", async () => {
    const tenant = `evr-${randomBytes(3).toString("hex")}`;
    const engine = scriptedEngine(() => false);
    const { logger, lines } = recordingLogger();
    const real = pool();
    let calls = 0;
    // The first LISTEN goes deaf: it is established but delivers nothing.
    const sql = new Proxy(real, {
      get(target, property, receiver) {
        if (property !== "listen") return Reflect.get(target, property, receiver);
        return (channel: string, onNotify: (payload: string) => void, onListen?: () => void) =>
          target.listen(channel, ++calls === 1 ? () => {} : onNotify, onListen);
      },
    });
    const listener = startEventListener({ engine, tenant, sql, store, logger, renewEveryMs: 100 });
    listeners.push(listener);
    await until("a second LISTEN", async () => (calls >= 2 ? true : undefined));
    expect(lines.some((l) => l.message?.includes("ping never arrived"))).toBe(true);
    await until("the resync of the new LISTEN", async () =>
      engine.batches.find((b) => b.some((e) => String(e.id).includes("listening again"))),
    );
    await delivers(engine, "an event through the new LISTEN");
    expect(listener.state).toBe("listening");
  });

  it("listens again after the database was unreachable for a while, and resyncs", async () => {
    const tenant = `evr-${randomBytes(3).toString("hex")}`;
    const engine = scriptedEngine(() => false);
    const proxy = await pgProxy();
    const listener = startEventListener({ engine, tenant, sql: pool(proxy.url), store, renewEveryMs: 100 });
    listeners.push(listener);
    await until("the first resync", async () => (engine.batches.length > 0 ? true : undefined));
    await proxy.stop();
    await new Promise((resolve) => setTimeout(resolve, 700));
    await proxy.start();
    await until("the resync after the outage", async () =>
      engine.batches.find((b) => b.some((e) => String(e.id).includes("listening again"))),
    );
    await delivers(engine, "an event after the outage");
    expect(listener.state).toBe("listening");
    await listener.close();
    await proxy.stop();
  });
});
