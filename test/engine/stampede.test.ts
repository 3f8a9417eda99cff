/**
 * docs/ARCHITECTURE.md "The contract": one cold query hit by hundreds of concurrent
 * callers across several sidecars costs exactly one Stage 1 database execution.
 *
 * Three sidecar processes (stampede-child.ts) start together on a barrier and fire 500
 * concurrent searches of one cold query. Stage 1 executions are counted twice: at the
 * database, as scans of custom_field_values (only the query's Stage 1 reads it: a static
 * `cf[…] = …` clause; its Stage 2 is permissions and ORDER BY), calibrated with one
 * populate and with Stage-2-only searches; and in each process, by counting runStage1.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type Sql } from "../../packages/sidecar/src/db/connect.js";
import type { Store } from "../../packages/sidecar/src/redis/index.js";
import { DatabaseProbe } from "../support/database-probe.js";
import { createTestEngine, type TestEngineOptions } from "../support/engine.js";
import { backendsGone, settleSessions, tableScans } from "../support/pg-scans.js";
import { createSeededTenant, type SeededTenant, uniqueTenant } from "../support/seeded-tenant.js";
import { signal } from "../support/wait.js";

const JQL = `cf[10009] = "S1 - Outage" ORDER BY created DESC, key`;
const TABLE = "custom_field_values";
const CHILDREN = 3;
const SEARCHES = 500;
const USERS = [null, "u01", "u02", "u03", "u07", "u12"];

let seeded: SeededTenant;
let reader: Sql;
/** The direct answer per user (JSON key). */
const expected = new Map<string, string[]>();

beforeAll(async () => {
  seeded = await createSeededTenant("stampede", 1500);
  reader = connect(seeded.db.url, { maxConnections: 1, applicationName: "subq-stats" });
  // Statistics settled now, so that no automatic ANALYZE changes Stage 1's plan (and its scan
  // count) between the calibration and the stampede.
  await seeded.db.sql`ANALYZE`;
  // The seeding sessions stay idle in their pool: end them, so each count waits only for its engine.
  await settleSessions(reader, seeded.db.name);
  await withEngine({ tenant: uniqueTenant("stampede-direct") }, async (engine, tenant) => {
    for (const user of USERS) {
      const answer = await engine.search({ tenant, jql: JQL, user, maxResults: 1000, consistency: "direct" });
      expected.set(JSON.stringify(user), ids(answer));
    }
  });
});

function ids(answer: { issues: readonly { id: string }[] }): string[] {
  return answer.issues.map((i) => i.id);
}

afterAll(async () => {
  await reader?.end();
  await seeded?.db.drop();
});

/** Runs `work` on a fresh engine and closes it; resolves once its sessions have exited. */
async function withEngine(
  options: Partial<TestEngineOptions> & { tenant: string },
  work: (engine: Awaited<ReturnType<typeof createTestEngine>>["engine"], tenant: string) => Promise<void>,
): Promise<void> {
  const t = await createTestEngine({
    databaseUrl: seeded.db.url,
    applicationName: "subq-calibrate",
    ...options,
  });
  try {
    await work(t.engine, options.tenant);
  } finally {
    await t.close();
  }
  await backendsGone(reader, seeded.db.name);
}

describe("a cold query hit by 500 concurrent callers on 3 sidecars", () => {
  it("costs exactly one Stage 1 execution, counted at the database, and everyone gets the direct answer", {
    timeout: 180_000,
  }, async () => {
    // Calibration: one populate scans the table `one` times; cached searches (Stage 2 only) never.
    const calibration = uniqueTenant("stampede-cal");
    const base = await tableScans(reader, TABLE);
    await withEngine({ tenant: calibration }, async (engine, tenant) => {
      const first = await engine.search({ tenant, jql: JQL, user: USERS[0]!, maxResults: 1000 });
      expect(first.source).toBe("populate");
    });
    const one = (await tableScans(reader, TABLE)) - base;
    expect(one, "one Stage 1 execution must scan the table").toBeGreaterThan(0);
    await withEngine({ tenant: calibration }, async (engine, tenant) => {
      for (const user of USERS) {
        const cached = await engine.search({ tenant, jql: JQL, user, maxResults: 1000 });
        expect(cached.source).toBe("cache");
      }
    });
    expect((await tableScans(reader, TABLE)) - base, "Stage 2 must not scan the table").toBe(one);

    const tenant = uniqueTenant("stampede");
    const before = await tableScans(reader, TABLE);
    const shares = Array.from(
      { length: CHILDREN },
      (_, k) => Math.floor(SEARCHES / CHILDREN) + (k < SEARCHES % CHILDREN ? 1 : 0),
    );
    const children = shares.map((searches, k) =>
      startChild({
        tenant,
        databaseUrl: seeded.db.url,
        jql: JQL,
        users: USERS.slice(k).concat(USERS.slice(0, k)),
        searches,
        applicationName: `subq-stampede-${k}`,
      }),
    );
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.process.stdin!.write("go\n");
    const reports = await Promise.all(children.map((c) => c.report));
    await backendsGone(reader, seeded.db.name);
    const executions = (await tableScans(reader, TABLE)) - before;

    const answers = reports.flatMap((r) => r.answers);
    expect(answers).toHaveLength(SEARCHES);
    for (const answer of answers) {
      expect(answer.error, JSON.stringify(answer.error)).toBeUndefined();
      expect(answer.degraded).toBeNull();
      expect(answer.ids).toEqual(expected.get(JSON.stringify(answer.user)));
      expect(answer.total).toBe(answer.ids!.length);
    }
    const perProcess = reports.map((r) => r.stage1);
    console.info(
      `stampede: ${SEARCHES} searches on ${CHILDREN} processes (${reports.map((r) => `${r.elapsedMs} ms`).join(", ")}); ` +
        `Stage 1 runs per process ${JSON.stringify(perProcess)}; table scans ${executions} (one execution = ${one})`,
    );
    expect(
      perProcess.reduce((a, b) => a + b, 0),
      "runStage1 calls over all processes",
    ).toBe(1);
    expect(executions, `scans of ${TABLE}: one Stage 1 execution scans it ${one} times`).toBe(one);
  });

  it("a process that lost the race to a whole populate does not run Stage 1 again", async () => {
    // B reads "missing", then A populates and commits before B's lock attempt: B must use
    // A's result instead of running Stage 1 a second time.
    const tenant = uniqueTenant("stampede-race");
    const probe = new DatabaseProbe();
    const atLock = signal();
    const gate = signal();
    const common = { tenant, databaseUrl: seeded.db.url, wrapDatabase: probe.wrap };
    const a = await createTestEngine(common);
    const b = await createTestEngine({
      ...common,
      wrapStore: (store) => delayLock(store, atLock.open, gate.promise),
    });
    try {
      const late = b.engine.search({ tenant, jql: JQL, user: "u01", maxResults: 1000 });
      await atLock.promise;
      const first = await a.engine.search({ tenant, jql: JQL, user: "u01", maxResults: 1000 });
      expect(first.source).toBe("populate");
      gate.open();
      const second = await late;
      expect(second.issues).toEqual(first.issues);
      expect(second.issues.map((i) => i.id)).toEqual(expected.get(JSON.stringify("u01")));
      expect(probe.stage1.calls).toBe(1);
    } finally {
      gate.open();
      await a.close();
      await b.close();
    }
  });
});

/** A store whose first lock attempt waits for `gate` (after signalling `reached`). */
function delayLock(store: Store, reached: () => void, gate: Promise<void>): Store {
  let delayed = false;
  const client = new Proxy(store.client, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (property === "subqAddLock" && !delayed && typeof value === "function") {
        return async (...args: unknown[]) => {
          delayed = true;
          reached();
          await gate;
          return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        };
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { ...store, client };
}

interface ChildReport {
  readonly stage1: number;
  readonly elapsedMs: number;
  readonly answers: readonly {
    readonly user: string | null;
    readonly ids?: readonly string[];
    readonly total?: number;
    readonly degraded?: string | null;
    readonly error?: string;
  }[];
}

function startChild(input: object): {
  process: ChildProcess;
  ready: Promise<void>;
  report: Promise<ChildReport>;
} {
  const child = spawn(
    "node_modules/.bin/tsx",
    ["--conditions=subq-source", "test/engine/stampede-child.ts", JSON.stringify(input)],
    { cwd: new URL("../..", import.meta.url).pathname, stdio: ["pipe", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr!.on("data", (chunk) => {
    stderr += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const lines = createInterface({ input: child.stdout! });
  const ready = new Promise<void>((resolve, reject) => {
    lines.on("line", (line) => line === "ready" && resolve());
    void exited.then((code) => reject(new Error(`stampede child exited (${code}) before ready: ${stderr}`)));
  });
  const report = new Promise<ChildReport>((resolve, reject) => {
    lines.on("line", (line) => line.startsWith("{") && resolve(JSON.parse(line) as ChildReport));
    void exited.then((code) =>
      reject(new Error(`stampede child exited (${code}) without a report: ${stderr}`)),
    );
  }).then(async (r) => {
    await exited;
    return r;
  });
  return { process: child, ready, report };
}
