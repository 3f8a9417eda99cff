import { describe, expect, it } from "vitest";
import { testApp, url } from "./testing/test-app.js";

describe("query routes", () => {
  it("POST search passes the request to the engine and answers its result", async () => {
    const { request, engine } = testApp();
    const body = {
      jql: "project = FOO",
      user: "ann",
      startAt: 0,
      maxResults: 10,
      consistency: "direct",
      minTxid: "42",
    };
    const res = await request(url("search"), { method: "POST", json: body });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({
      issues: [{ id: "10001", key: "FOO-1" }],
      total: 1,
      version: 1,
      stale: false,
      ageMs: 12,
      source: "direct",
    });
    expect(engine.calls).toEqual([{ method: "search", args: [{ tenant: "acme", ...body }] }]);
  });

  it("POST search takes null as the anonymous user and leaves optional fields out", async () => {
    const { request, engine } = testApp();
    const res = await request(url("search"), { method: "POST", json: { jql: "", user: null } });
    expect(res.status).toBe(200);
    expect(engine.calls[0]!.args[0]).toEqual({ tenant: "acme", jql: "", user: null });
  });

  it("GET version answers {version, stale}; no user means anonymous", async () => {
    const { request, engine } = testApp();
    engine.current = { version: 17, stale: true };
    const res = await request(url("version", { jql: "status = Open", user: "bob" }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ version: 17, stale: true });
    await request(url("version", { jql: "status = Open" }));
    expect(engine.calls.map((c) => c.args[0])).toEqual([
      { tenant: "acme", jql: "status = Open", user: "bob" },
      { tenant: "acme", jql: "status = Open", user: null },
    ]);
  });

  it("GET contains answers {contains, version, stale}", async () => {
    const { request, engine } = testApp();
    const yes = await request(url("contains", { jql: "project = FOO", user: "ann", issue: "FOO-1" }));
    expect(await yes.json()).toEqual({ contains: true, version: 1, stale: false });
    const no = await request(url("contains", { jql: "project = FOO", issue: "FOO-2" }));
    expect(await no.json()).toEqual({ contains: false, version: 1, stale: false });
    expect(engine.calls[1]!.args[0]).toEqual({
      tenant: "acme",
      jql: "project = FOO",
      user: null,
      issue: "FOO-2",
    });
  });

  it("decodes tenants, JQL and users with any characters", async () => {
    const { request, engine } = testApp();
    const jql = 'summary ~ "a & b = c?" AND labels = "x+y"';
    await request(url("version", { jql, user: "jane+doe@example.com" }));
    expect(engine.calls[0]!.args[0]).toEqual({ tenant: "acme", jql, user: "jane+doe@example.com" });
  });
});

describe("events route", () => {
  it("hands the batch to the engine and answers the counts", async () => {
    const { request, engine } = testApp();
    const events = [
      { type: "issue_updated", issueId: "1" },
      { type: "issue_deleted", issueId: "2" },
    ];
    const res = await request(url("events"), { method: "POST", json: { events } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 2, matched: 4, patched: 2 });
    expect(engine.calls).toEqual([{ method: "ingestEvents", args: [{ tenant: "acme", events }] }]);
  });

  it("accepts an empty batch", async () => {
    const { request } = testApp();
    const res = await request(url("events"), { method: "POST", json: { events: [] } });
    expect(await res.json()).toEqual({ accepted: 0, matched: 0, patched: 0 });
  });
});

describe("debugging routes", () => {
  it("GET explain answers the plan", async () => {
    const { request } = testApp();
    const res = await request(url("explain", { jql: "project = FOO" }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ jql: "project = FOO", subscription: "s1", stage2Only: false });
  });

  it("GET subscriptions/:id answers state, version, size, age and metadata; unknown ids are 404", async () => {
    const { request } = testApp();
    const res = await request("/v1/tenants/acme/subscriptions/s1");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      state: "fresh",
      version: 1,
      size: 3,
      ageMs: 1_000,
      metadata: { project: ["10000"] },
    });
    const missing = await request("/v1/tenants/acme/subscriptions/nope");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { code: "E_NOT_FOUND", message: "no subscription 'nope' in tenant 'acme'" },
    });
  });
});

describe("operations routes", () => {
  it("GET /healthz answers while the process lives, without asking the engine", async () => {
    const { app, engine } = testApp();
    const res = await app.request("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok" });
    expect(engine.calls).toEqual([]);
  });

  it("GET /readyz answers the engine's checks to a token: 200 when ready, 503 when not", async () => {
    const { request, engine } = testApp();
    let res = await request("/readyz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(engine.readiness);
    engine.readiness = { ready: false, checks: { redis: { ok: false, detail: "connect ECONNREFUSED" } } };
    res = await request("/readyz");
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual(engine.readiness);
  });

  it("GET /readyz is 503 when the readiness check itself fails, and during shutdown", async () => {
    const shutdown = new AbortController();
    const { app, request, engine } = testApp({}, { shutdown: shutdown.signal });
    engine.ready = async () => {
      throw new Error("probe exploded");
    };
    let res = await request("/readyz");
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      ready: false,
      checks: { engine: { ok: false, detail: "probe exploded" } },
    });
    res = await app.request("/readyz");
    expect(await res.json()).toEqual({ ready: false, checks: { engine: { ok: false } } });
    shutdown.abort();
    res = await request("/readyz");
    expect(await res.json()).toEqual({
      ready: false,
      checks: { shutdown: { ok: false, detail: "shutting down" } },
    });
  });

  it("the worker role serves the operations routes only", async () => {
    const { app, request } = testApp({ role: "worker" });
    expect((await app.request("/healthz")).status).toBe(200);
    expect((await app.request("/readyz")).status).toBe(200);
    expect((await app.request("/metrics")).status).toBe(200);
    const res = await request(url("version", { jql: "project = FOO" }));
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "E_NOT_FOUND" } });
  });

  it("answers unknown routes 404 with a pointer to the OpenAPI document", async () => {
    const { request } = testApp();
    const res = await request("/v2/nothing");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: {
        code: "E_NOT_FOUND",
        message: "no route GET /v2/nothing; the routes are listed in /openapi.json",
      },
    });
  });
});
