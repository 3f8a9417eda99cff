/**
 * Failure behaviour (docs/sidecar.md "Failure behaviour", "Positions and
 * read-your-writes"):
 *  (a) Redis stopped: direct answers, flagged, with bounded concurrency; recovery.
 *  (b) Postgres unreachable: cached Stage 1 with the last good Stage 2 answer, marked
 *      stale; otherwise E_DB_UNAVAILABLE with the reason; recovery.
 *  (c) Graceful shutdown during a populate releases its lock at once.
 *  (d) Read-your-writes: an unseen minTxid is answered directly, and from the cache once
 *      a refresh has seen it.
 *  (e) An event whose transaction the cached result already saw dirties nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subscriptionKeys } from "../../packages/sidecar/src/redis/index.js";
import { reportActivityKey } from "../../packages/sidecar/src/reports/store/keys.js";
import { DatabaseProbe } from "../support/database-probe.js";
import { createTestEngine, type TestEngine } from "../support/engine.js";
import { startPrivateRedis } from "../support/redis-server.js";
import { createSeededTenant, type SeededTenant, uniqueTenant } from "../support/seeded-tenant.js";
import { startTcpProxy } from "../support/tcp-proxy.js";
import { signal, until } from "../support/wait.js";

let seeded: SeededTenant;
/** A project everyone may browse, and its issues without a security level. */
let open: { key: string; id: string };

beforeAll(async () => {
  seeded = await createSeededTenant("failures", 800);
  const [p] = await seeded.db.sql<{ key: string; id: string }[]>`
    SELECT p.key, p.id::text FROM projects p JOIN issues i ON i.project_id = p.id
     WHERE p.permission_scheme_id = 1 GROUP BY p.id ORDER BY count(*) DESC LIMIT 1`;
  open = p!;
});

afterAll(async () => {
  await seeded?.db.drop();
});

const ids = (answer: { issues: readonly { id: string }[] }) => answer.issues.map((i) => i.id);

async function engineFor(options: Partial<Parameters<typeof createTestEngine>[0]> = {}): Promise<TestEngine> {
  return createTestEngine({ tenant: uniqueTenant("failures"), databaseUrl: seeded.db.url, ...options });
}

function tenantOf(t: TestEngine): string {
  return t.engine.tenants()[0]!;
}

/** An issue of the open project, visible to everyone, whose status is not `status`. */
async function issueNotIn(status: string): Promise<{ id: string; from: string; to: string }> {
  const [row] = await seeded.db.sql<{ id: string; from: string; to: string }[]>`
    SELECT i.id::text, i.status_id::text AS from, s.id::text AS to FROM issues i, statuses s
     WHERE i.project_id = ${open.id} AND i.security_level_id IS NULL AND s.name = ${status}
       AND i.status_id <> s.id
     ORDER BY i.id DESC LIMIT 1`;
  return row!;
}

/** Sets an issue's status in its own transaction; returns the writer's transaction id. */
async function setStatus(issueId: string, statusId: string): Promise<string> {
  return seeded.db.sql.begin(async (tx) => {
    await tx`UPDATE issues SET status_id = ${statusId}, updated = now() WHERE id = ${issueId}`;
    const [row] = await tx<{ txid: string }[]>`SELECT pg_current_xact_id()::text AS txid`;
    return row!.txid;
  }) as Promise<string>;
}

describe("(a) Redis stopped", () => {
  it("answers directly with bounded concurrency, says so, and recovers when Redis is back", {
    timeout: 90_000,
  }, async () => {
    const redis = await startPrivateRedis();
    const probe = new DatabaseProbe();
    const t = await engineFor({
      redisUrl: redis.url,
      wrapDatabase: probe.wrap,
      engine: { directConcurrency: 2, redisRetryAfterMs: 300, redisOutageWindowMs: 600_000 },
    });
    const tenant = tenantOf(t);
    const jql = `project = ${open.key} ORDER BY key`;
    const users = [null, "u01", "u02", "u03"];
    try {
      const expected = new Map<string | null, string[]>();
      for (const user of users) {
        expected.set(user, ids(await t.engine.search({ tenant, jql, user, consistency: "direct" })));
      }
      expect((await t.engine.search({ tenant, jql, user: "u01" })).source).toBe("populate");
      expect((await t.engine.search({ tenant, jql, user: "u01" })).source).toBe("cache");

      await redis.stop();
      // Still serving, degraded: readiness holds (engine.readyWhenDegraded) and says so.
      const readiness = await t.engine.ready();
      expect(readiness).toMatchObject({ ready: true, degraded: true, checks: { redis: { ok: false } } });
      // Every poller asks again and again: each (query, grants, page) costs the database
      // one answer per outage window, shared by everyone who asks.
      const polls = await Promise.all(
        Array.from({ length: 60 }, (_, k) =>
          t.engine.search({ tenant, jql, user: users[k % users.length]! }),
        ),
      );
      const computed = probe.direct.calls;
      console.info(`redis down: 60 searches by ${users.length} users cost ${computed} direct queries`);
      // At most one shared answer per grants and one own answer per user (as the Stage 2 cache).
      expect(computed).toBeLessThanOrEqual(2 * users.length);
      for (const [k, answer] of polls.entries()) {
        expect(answer).toMatchObject({ source: "direct", degraded: "redis-unavailable" });
        expect(ids(answer)).toEqual(expected.get(users[k % users.length]!));
      }
      const again = await t.engine.search({ tenant, jql, user: "u01" });
      expect(probe.direct.calls, "the same answer again within the window").toBe(computed);
      expect(again.version).toBe(polls[0]!.version);
      const version = await t.engine.version({ tenant, jql, user: "u01" });
      expect(version).toEqual({ version: again.version, stale: true, degraded: "redis-unavailable" });
      // A change published meanwhile is kept and applied once Redis is back.
      const member = polls[0]!.issues[0]!;
      const [row] = await seeded.db.sql<{ issuetype: string; status: string }[]>`
        SELECT issue_type_id::text AS issuetype, status_id::text AS status FROM issues WHERE id = ${member.id}`;
      const values = { project: open.id, issuetype: row!.issuetype, status: row!.status, sprint: [] };
      const event = { type: "issue_updated", issueId: member.id, before: values, after: values };
      expect(await t.engine.ingestEvents(tenant, [event])).toMatchObject({ accepted: 1, deferred: 1 });

      // Distinct answers at once: 2 run, 2 × 16 wait, the rest are refused at once.
      const hold = signal();
      probe.directHold = hold.promise;
      probe.direct.maxActive = 0;
      let refusedSoFar = 0;
      // Settled at once (not rethrown) so a refusal is never an unhandled rejection while
      // the test still waits for the others.
      const searches = Array.from({ length: 40 }, (_, k) =>
        t.engine.search({ tenant, jql, user: "u01", startAt: k + 1, maxResults: 5 }).then(
          (value): PromiseSettledResult<Awaited<ReturnType<typeof t.engine.search>>> => ({
            status: "fulfilled",
            value,
          }),
          (reason: unknown): PromiseRejectedResult => {
            refusedSoFar++;
            return { status: "rejected", reason };
          },
        ),
      );
      try {
        await until("every caller to be running, waiting or refused", () => {
          expect(probe.direct.active, "direct queries at once").toBeLessThanOrEqual(2);
          return probe.direct.active === 2 && refusedSoFar === 6 ? true : undefined;
        });
      } finally {
        hold.open();
      }
      const outcomes = await Promise.all(searches);
      const answered = outcomes.flatMap((o, k) => (o.status === "fulfilled" ? [{ k, answer: o.value }] : []));
      const refused = outcomes.flatMap((o) =>
        o.status === "rejected" ? [o.reason as { code?: string }] : [],
      );
      expect(probe.direct.maxActive).toBe(2);
      expect(answered.length).toBe(34);
      expect(refused.map((e) => e.code)).toEqual(Array(6).fill("E_OVERLOADED"));
      for (const { k, answer } of answered) {
        expect(answer).toMatchObject({ source: "direct", degraded: "redis-unavailable" });
        expect(ids(answer)).toEqual(expected.get("u01")!.slice(k + 1, k + 6));
      }

      probe.directHold = null;
      await redis.start();
      const recovered = await until("an answer through Redis again", async () => {
        const answer = await t.engine.search({ tenant, jql, user: "u02" });
        return answer.degraded === undefined ? answer : undefined;
      });
      expect(recovered.source).not.toBe("direct");
      expect(ids(recovered)).toEqual(expected.get("u02"));
      const after = await t.engine.version({ tenant, jql, user: "u01" });
      expect(after.version, "versions after the outage are above the window's").toBeGreaterThan(
        again.version,
      );
      const applied = await until("the kept event to be applied", async () =>
        Number(await t.redis.hget(reportActivityKey(tenant), "c:all")) >= 1 ? true : undefined,
      );
      expect(applied).toBe(true);
    } finally {
      await t.close();
      await redis.stop();
    }
  });
});

describe("(b) Postgres unreachable", () => {
  it("serves cached Stage 1 with the last good Stage 2 answer, marked stale, else E_DB_UNAVAILABLE; recovers", {
    timeout: 90_000,
  }, async () => {
    const target = new URL(seeded.db.url);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const proxied = new URL(seeded.db.url);
    proxied.port = String(proxy.port);
    // This one routes around itself while degraded (the default stays ready: see (a)).
    const t = await engineFor({ databaseUrl: proxied.toString(), engine: { readyWhenDegraded: false } });
    const tenant = tenantOf(t);
    const jql = `project = ${open.key} AND status != Closed ORDER BY key`;
    try {
      const u01 = await t.engine.search({ tenant, jql, user: "u01" });
      const u02 = await t.engine.search({ tenant, jql, user: "u02" });
      expect(u01.source).toBe("populate");
      expect(u02.source).toBe("cache");
      // The last good answers are written in the background (version 0 keys): one shared by
      // both users when their grants agree, else one each.
      const subscription = (await t.engine.explain(tenant, jql)).subscription!;
      const lastGood = `${subscriptionKeys({ tenant, id: subscription }).meta.replace(/meta$/, "")}s2:*:0:*`;
      await until("the last good answers", async () =>
        (await t.redis.keys(lastGood)).length >= 1 ? true : undefined,
      );

      await proxy.cut();
      // An event moves the version (no database needed: it carries the indexed values).
      const member = u01.issues[0]!;
      const [row] = await seeded.db.sql<{ issuetype: string; status: string }[]>`
        SELECT issue_type_id::text AS issuetype, status_id::text AS status FROM issues WHERE id = ${member.id}`;
      const values = { project: open.id, issuetype: row!.issuetype, status: row!.status, sprint: [] };
      await t.engine.ingestEvents(tenant, [
        { type: "issue_updated", issueId: member.id, before: values, after: values },
      ]);

      expect(await t.engine.ready()).toMatchObject({ ready: false, degraded: true });
      const served = await t.engine.search({ tenant, jql, user: "u01" });
      expect(served).toMatchObject({ stale: true, source: "cache", degraded: "db-unavailable" });
      expect(served.issues).toEqual(u01.issues);
      const other = await t.engine.search({ tenant, jql, user: "u02" });
      expect(other).toMatchObject({ stale: true, degraded: "db-unavailable", issues: u02.issues });
      // A page nobody read has no last good answer.
      const never = t.engine.search({ tenant, jql, user: "u03", startAt: 7 });
      await expect(never).rejects.toMatchObject({ code: "E_DB_UNAVAILABLE" });
      await expect(never).rejects.toThrow(new RegExp(`database of tenant '${tenant}' is unavailable: \\S`));
      const cold = t.engine.search({ tenant, jql: `project = ${open.key} AND labels IS EMPTY`, user: "u01" });
      await expect(cold).rejects.toMatchObject({ code: "E_DB_UNAVAILABLE" });

      await proxy.restore();
      const recovered = await until("a fresh answer after the database is back", async () => {
        const answer = await t.engine.search({ tenant, jql, user: "u01" });
        return answer.degraded === undefined && !answer.stale ? answer : undefined;
      });
      const direct = await t.engine.search({ tenant, jql, user: "u01", consistency: "direct" });
      expect(recovered.issues).toEqual(direct.issues);
    } finally {
      await t.close();
      await proxy.close();
    }
  });
});

describe("(c) graceful shutdown during a populate", () => {
  it("releases the lock at once, so another sidecar populates without waiting for its expiry", {
    timeout: 60_000,
  }, async () => {
    const tenant = uniqueTenant("failures");
    const jql = `project = ${open.key} AND issuetype = Bug`;
    const slow = new DatabaseProbe();
    const inStage1 = signal();
    slow.stage1Hook = async (_plan, run) => {
      inStage1.open();
      await seeded.db.sql`SELECT pg_sleep(5)`;
      return run();
    };
    const a = await engineFor({ tenant, wrapDatabase: slow.wrap });
    const other = new DatabaseProbe();
    const b = await engineFor({ tenant, wrapDatabase: other.wrap });
    try {
      const lock = subscriptionKeys({ tenant, id: (await a.engine.explain(tenant, jql)).subscription! }).lock;
      const abandoned = a.engine.search({ tenant, jql, user: "u01" });
      abandoned.catch(() => {});
      await inStage1.promise;
      expect(await b.redis.exists(lock)).toBe(1);
      const t0 = Date.now();
      const closing = a.close();
      await until("the lock to be released", async () =>
        (await b.redis.exists(lock)) === 0 ? true : undefined,
      );
      const answer = await b.engine.search({ tenant, jql, user: "u01" });
      const waited = Date.now() - t0;
      expect(answer.source).toBe("populate");
      expect(other.stage1.calls).toBe(1);
      expect(waited, "B waited for A's slow Stage 1 or its lock's expiry").toBeLessThan(4_000);
      await closing;
      await expect(abandoned).rejects.toMatchObject({ code: "E_SHUTTING_DOWN" });
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe("(d) read-your-writes", () => {
  it("answers an unseen minTxid directly and enqueues a refresh; from the cache once the refresh saw it", {
    timeout: 60_000,
  }, async () => {
    const t = await engineFor();
    const tenant = tenantOf(t);
    const jql = `project = ${open.key} AND status = "In Progress" ORDER BY key`;
    try {
      const before = await t.engine.search({ tenant, jql, user: "u01" });
      expect((await t.engine.search({ tenant, jql, user: "u01" })).source).toBe("cache");
      const issue = await issueNotIn("In Progress");
      const txid = await setStatus(issue.id, issue.to);

      const mine = await t.engine.search({ tenant, jql, user: "u01", minTxid: txid });
      expect(mine).toMatchObject({ source: "direct", degraded: "not-seen" });
      expect(ids(mine)).toContain(issue.id);
      const seen = await until("the refresh to see the write", async () => {
        const answer = await t.engine.search({ tenant, jql, user: "u01", minTxid: txid });
        return answer.source === "cache" ? answer : undefined;
      });
      expect(ids(seen)).toContain(issue.id);
      expect(ids(seen)).toEqual(ids(mine));
      expect(seen.version).toBeGreaterThan(before.version);
    } finally {
      await t.close();
    }
  });
});

describe("(e) an event the cached result already saw", () => {
  it("dirties nothing (it still moves the version); an event it has not seen does", async () => {
    const t = await engineFor();
    const tenant = tenantOf(t);
    const jql = `project = ${open.key} AND status = Reopened`;
    try {
      const issue = await issueNotIn("Reopened");
      const txid = await setStatus(issue.id, issue.to);
      const first = await t.engine.search({ tenant, jql, user: null });
      expect(first.source).toBe("populate");
      expect(ids(first)).toContain(issue.id);
      const subscription = (await t.engine.explain(tenant, jql)).subscription!;
      const change = { field: "status", from: issue.from, to: issue.to };

      const seen = await t.engine.ingestEvents(tenant, [
        { type: "issue_updated", issueId: issue.id, changes: [change], txid },
      ]);
      expect(seen.matched).toBe(0);
      const after = await t.engine.subscription(tenant, subscription);
      // Not stale, no refresh; but answers computed before a commit that saw the change
      // (one that changed no membership moves no version) must not stay current.
      expect(after.state).toBe("fresh");
      expect(after.version).toBeGreaterThan(first.version);

      const later = await setStatus(issue.id, issue.from);
      const unseen = await t.engine.ingestEvents(tenant, [
        {
          type: "issue_updated",
          issueId: issue.id,
          changes: [{ ...change, from: issue.to, to: issue.from }],
          txid: later,
        },
      ]);
      expect(unseen.matched).toBe(1);
      const dirty = await t.engine.subscription(tenant, subscription);
      expect(dirty.state).toBe("stale");
      expect(dirty.version).toBeGreaterThan(after.version);
    } finally {
      await t.close();
    }
  });
});
