/**
 * One listener per tenant across processes: of several listeners (each with its own engine,
 * Redis connection and Postgres pool, as in separate sidecars) only the lease holder
 * ingests; a holder that closes hands over at once, and one that dies (its Redis gone, so
 * it can neither renew nor ingest) is replaced once its lease expires.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BatchReport,
  type EventListener,
  startEventListener,
} from "../../packages/sidecar/src/capture/listener.js";
import { installTriggers } from "../../packages/sidecar/src/capture/triggers.js";
import { connect, type Sql } from "../../packages/sidecar/src/db/connect.js";
import { migrate } from "../../packages/sidecar/src/db/migrate.js";
import { seedTenant } from "../../packages/sidecar/src/db/seed/seed.js";
import { createTestEngine, type TestEngine } from "../support/engine.js";
import { createTestDatabase, type TestDatabase } from "../support/pg.js";
import { until } from "../support/wait.js";

const tenant = `evf-${randomBytes(3).toString("hex")}`;
const LEASE_TTL_MS = 1_000;

interface Node {
  readonly name: string;
  readonly engine: TestEngine;
  readonly sql: Sql;
  readonly listener: EventListener;
  /** Issue ids this node's listener ingested events for. */
  readonly ingested: Set<string>;
}

let db: TestDatabase;
const nodes: Node[] = [];
let issueIds: string[];
let next = 0;

async function startNode(name: string): Promise<Node> {
  const engine = await createTestEngine({ tenant, databaseUrl: db.url });
  const sql = connect(db.url, { maxConnections: 1 });
  const ingested = new Set<string>();
  const listener = startEventListener({
    engine: {
      // Records what this node's engine applied (not what it kept for when Redis is back).
      ingestEvents: async (t, events) => {
        const result = await engine.engine.ingestEvents(t, events);
        if (!result.deferred) {
          for (const e of events as { issueId?: string }[]) if (e.issueId) ingested.add(e.issueId);
        }
        return result;
      },
    },
    tenant,
    sql,
    store: engine.store,
    leaseTtlMs: LEASE_TTL_MS,
    renewEveryMs: 200,
    retryMs: 200,
    onBatch: (_report: BatchReport) => {},
  });
  const node = { name, engine, sql, listener, ingested };
  nodes.push(node);
  return node;
}

/** Updates one more issue and returns its id. */
async function touchIssue(): Promise<string> {
  const id = issueIds[next++]!;
  await db.sql`UPDATE issues SET updated = updated + interval '1 second' WHERE id = ${id}`;
  return id;
}

function holder(candidates: readonly Node[]) {
  return until("one listening holder", async () => {
    const listening = candidates.filter((n) => n.listener.state === "listening");
    return listening.length === 1 ? listening[0] : undefined;
  });
}

beforeAll(async () => {
  db = await createTestDatabase("events_failover");
  await migrate(db.sql);
  await seedTenant(db.sql, { issues: 200, seed: "failover" });
  await installTriggers(db.sql);
  issueIds = (await db.sql<{ id: string }[]>`SELECT id::text FROM issues ORDER BY id`).map((r) => r.id);
});

afterAll(async () => {
  for (const node of nodes) {
    await node.listener.close();
    await node.sql.end({ timeout: 5 });
    await node.engine.close();
  }
  await db?.drop();
});

describe("one listener per tenant", () => {
  it("of two listeners only the lease holder ingests; closing it hands over to the other", async () => {
    const a = await startNode("a");
    const b = await startNode("b");
    const first = await holder([a, b]);
    const standby = first === a ? b : a;
    expect(standby.listener.state).toBe("standby");
    const id = await touchIssue();
    await until("the holder's ingestion", async () => (first.ingested.has(id) ? true : undefined));
    // The standby does not listen at all: give a duplicate every chance to show up.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(standby.ingested.has(id)).toBe(false);

    const closing = performance.now();
    await first.listener.close();
    expect(await holder([standby])).toBe(standby);
    // The lease was released, so the standby did not wait for its expiry.
    expect(performance.now() - closing).toBeLessThan(LEASE_TTL_MS);
    const after = await touchIssue();
    await until("the new holder's ingestion", async () => (standby.ingested.has(after) ? true : undefined));
    expect(first.ingested.has(after)).toBe(false);
  });

  it("a holder that dies without releasing (its lease expires) is replaced by a standby", async () => {
    const current = await holder(nodes);
    const standby = await startNode("c");
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(standby.listener.state).toBe("standby");
    // The holder's Redis goes away: it can neither renew its lease nor ingest.
    current.engine.redis.disconnect();
    const died = performance.now();
    expect(await holder([standby])).toBe(standby);
    const tookOverMs = performance.now() - died;
    expect(tookOverMs).toBeGreaterThan(LEASE_TTL_MS / 2);
    const id = await touchIssue();
    await until("the new holder's ingestion", async () => (standby.ingested.has(id) ? true : undefined));
    expect(current.ingested.has(id)).toBe(false);
    console.info(`takeover after the holder died: ${tookOverMs.toFixed(0)} ms (lease ${LEASE_TTL_MS} ms)`);
  });
});
