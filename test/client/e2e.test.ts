/**
 * The client against a real sidecar: `startServer` with the real engine factory over the
 * local Redis and a seeded Postgres tenant, reached over HTTP. Search, version, contains,
 * explain, errors with the parser's diagnostic, and a change published with
 * `publishEvents` seen by `poll` (asking and pushed) and by `watch`.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createClient,
  type SearchResult,
  type SubqClient,
  SubqJqlError,
  type VersionInfo,
} from "../../packages/client/src/index.js";
import { resolveOptions } from "../../packages/sidecar/src/config/resolve.js";
import { migrate } from "../../packages/sidecar/src/db/migrate.js";
import { seedTenant } from "../../packages/sidecar/src/db/seed/seed.js";
import { createLogger } from "../../packages/sidecar/src/logger.js";
import { type RunningServer, startServer } from "../../packages/sidecar/src/server.js";
import { REDIS_URL } from "../support/engine.js";
import { createTestDatabase, type TestDatabase } from "../support/pg.js";
import { until } from "../support/wait.js";

const tenant = `cli_${randomBytes(3).toString("hex")}`;
const TOKEN = `e2e-${randomBytes(16).toString("hex")}`;
let db: TestDatabase;
let server: RunningServer;
let client: SubqClient;
let project: string;
let user: string;

beforeAll(async () => {
  db = await createTestDatabase("client_e2e");
  await migrate(db.sql);
  await seedTenant(db.sql, { issues: 800, seed: "client-e2e" });
  const [p] = await db.sql<{ key: string }[]>`
    SELECT p.key FROM projects p JOIN issues i ON i.project_id = p.id GROUP BY p.key ORDER BY count(*) DESC LIMIT 1`;
  project = p!.key;
  const [u] = await db.sql<{ id: string }[]>`SELECT id FROM users ORDER BY id LIMIT 1`;
  user = u!.id;
  const options = resolveOptions({
    host: "127.0.0.1",
    port: 0,
    logLevel: "silent",
    redis: { url: REDIS_URL },
    tenants: { list: { [tenant]: { databaseUrl: db.url } } },
    auth: { tokens: { e2e: TOKEN } },
    engine: { queue: "memory" },
  });
  server = await startServer(options, { handleSignals: false, logger: createLogger({ level: "silent" }) });
  client = createClient({ url: server.url, token: TOKEN, tenant, timeoutMs: 20_000 });
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

describe("the client against a real sidecar", () => {
  it("searches (populate, then cache), and version, contains, explain and subscription agree", async () => {
    const jql = `project = ${project} AND resolution IS EMPTY ORDER BY created DESC`;
    const first = await client.search({ jql, user, maxResults: 10 });
    expect(first.source).toBe("populate");
    expect(first.issues.length).toBeGreaterThan(0);
    expect(first.issues.length).toBeLessThanOrEqual(10);
    expect(first.issues[0]).toEqual({
      id: expect.stringMatching(/^\d+$/),
      key: expect.stringMatching(/^[A-Z]+-\d+$/),
    });
    const second = await client.search({ jql, user, maxResults: 10 });
    expect(second).toMatchObject({
      source: "cache",
      version: first.version,
      issues: first.issues,
      total: first.total,
    });
    const page2 = await client.search({ jql, user, maxResults: 10, startAt: 10 });
    expect(page2.issues.map((i) => i.id)).not.toContain(first.issues[0]!.id);

    expect(await client.version({ jql, user })).toEqual({ version: first.version, stale: false });
    expect(await client.contains({ jql, user, issue: first.issues[0]!.key })).toMatchObject({
      contains: true,
    });
    const plan = await client.explain(jql);
    expect(plan.subscription).toEqual(expect.any(String));
    const info = await client.subscription(plan.subscription!);
    expect(info).toMatchObject({ tenant, id: plan.subscription, state: "fresh", size: first.total });

    expect(await client.health()).toMatchObject({ status: "ok" });
    expect(await client.ready()).toMatchObject({ ready: true });
  });

  it("bad JQL is a SubqJqlError carrying the parser's diagnostic, from a POST body and a query string", async () => {
    const jql = `project = ${project} AND AND status = Open`;
    const error = await client.search({ jql, user }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SubqJqlError);
    const column = jql.indexOf("AND AND") + 5;
    expect(error).toMatchObject({ code: "E_JQL_SYNTAX", status: 400, where: "body.jql", retryable: false });
    expect((error as SubqJqlError).diagnostic).toMatchObject({ code: "E_JQL_SYNTAX", line: 1, column });
    expect((error as SubqJqlError).diagnostic.rendered).toContain(`${" ".repeat(column + 1)}^^^`);
    await expect(client.version({ jql, user })).rejects.toMatchObject({
      code: "E_JQL_SYNTAX",
      where: "query.jql",
    });
    await expect(client.watch({ jql, user }).next()).rejects.toMatchObject({
      code: "E_JQL_SYNTAX",
      status: 400,
    });
  });

  it("auth, tenant and event errors keep the server's codes", async () => {
    const ref = { jql: `project = ${project}`, user };
    const stranger = createClient({ url: server.url, token: "not-the-token", tenant });
    await expect(stranger.version(ref)).rejects.toMatchObject({ code: "E_UNAUTHORIZED", status: 401 });
    const elsewhere = createClient({ url: server.url, token: TOKEN, tenant: "no such/tenant" });
    await expect(elsewhere.version(ref)).rejects.toMatchObject({ code: "E_UNKNOWN_TENANT", status: 404 });
    await expect(client.publishEvents([{ type: "issue_updated", issueId: "x1" }])).rejects.toMatchObject({
      code: "E_BAD_REQUEST",
      status: 400,
      where: "events[0].issueId",
    });
  });

  it("poll (asking and pushed) and watch see a change published with publishEvents; one fetch per change", async () => {
    const jql = `project = ${project} AND status = "In Progress"`;
    const ref = { jql, user };
    const asked: SearchResult[] = [];
    const pushed: SearchResult[] = [];
    const errors: unknown[] = [];
    const common = {
      ...ref,
      maxResults: 1000,
      freshWaitMs: 5000,
      onError: (e: unknown) => void errors.push(e),
    };
    const polling = client.poll({ ...common, intervalMs: 100, onChange: (r) => void asked.push(r) });
    const pushing = client.poll({ ...common, mode: "push", onChange: (r) => void pushed.push(r) });
    const watched: VersionInfo[] = [];
    const stopWatch = new AbortController();
    const watching = (async () => {
      for await (const v of client.watch(ref, { signal: stopWatch.signal })) watched.push(v);
    })();
    try {
      await until("the first answers", () =>
        asked.length && pushed.length && watched.length ? true : undefined,
      );
      const before = asked[0]!;
      expect(pushed[0]!.version).toBe(before.version);

      const [issue] = await db.sql<{ id: string; key: string; from: string; to: string }[]>`
        SELECT i.id::text, i.key, i.status_id::text AS from, s.id::text AS to FROM issues i
          JOIN projects p ON p.id = i.project_id, statuses s
         WHERE p.key = ${project} AND s.name = 'In Progress' AND i.status_id <> s.id
         ORDER BY i.id LIMIT 1`;
      await db.sql`UPDATE issues SET status_id = ${issue!.to} WHERE id = ${issue!.id}`;
      const published = await client.publishEvents([
        {
          type: "issue_updated",
          issueId: issue!.id,
          changes: [{ field: "status", from: issue!.from, to: issue!.to }],
        },
      ]);
      expect(published).toMatchObject({ accepted: 1 });
      expect(published.matched).toBeGreaterThan(0);

      const has = (results: SearchResult[]) => results.some((r) => r.issues.some((i) => i.id === issue!.id));
      await until("poll to see the moved issue", () => (has(asked) ? true : undefined));
      await until("push to see the moved issue", () => (has(pushed) ? true : undefined));
      await until("watch to see a newer version", () =>
        watched.some((v) => v.version > before.version && !v.stale) ? true : undefined,
      );
      // Let more checks run: nothing moves any more, so nothing more is fetched.
      await new Promise((resolve) => setTimeout(resolve, 500));
      for (const results of [asked, pushed]) {
        expect(results.map((r) => r.stale)).toEqual([false, false]);
        expect(results[1]!.total).toBe(before.total + 1);
        expect(results[1]!.version).toBeGreaterThan(before.version);
      }
      expect(errors).toEqual([]);
    } finally {
      await Promise.all([polling.stop(), pushing.stop()]);
      stopWatch.abort();
      await watching;
    }
  });
});
