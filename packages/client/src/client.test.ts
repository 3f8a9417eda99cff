import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { json, type MockSidecar, mockSidecar, ORIGIN, TOKEN } from "./testing/mock-sidecar.js";
import type { SearchResult } from "./types.js";

let sidecar: MockSidecar;
beforeEach(() => {
  sidecar = mockSidecar();
});
afterEach(async () => {
  await sidecar.close();
});

const searchAnswer: SearchResult = {
  issues: [
    { id: "10001", key: "SD-1" },
    { id: "10002", key: "SD-2" },
  ],
  total: 2,
  version: 1712000000123,
  stale: false,
  ageMs: 42,
  source: "cache",
};

function only<T>(items: readonly T[]): T {
  expect(items).toHaveLength(1);
  return items[0]!;
}

describe("requests and answers", () => {
  it("search POSTs the query as JSON with auth, and returns the answer", async () => {
    sidecar.pool
      .intercept({ path: "/v1/tenants/acme/search", method: "POST" })
      .reply(200, searchAnswer, { headers: json });
    const client = sidecar.client({ userAgent: "desk/1.0" });
    const request = {
      jql: "project = SD ORDER BY created",
      user: "u-7",
      startAt: 50,
      maxResults: 25,
      consistency: "direct",
      minTxid: "981",
    } as const;
    expect(await client.search(request)).toEqual(searchAnswer);
    const call = only(sidecar.calls());
    expect(call.method).toBe("POST");
    expect(call.headers).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      accept: "application/json",
      "content-type": "application/json",
      "user-agent": "desk/1.0",
    });
    expect(JSON.parse(call.body!)).toEqual(request);
  });

  it("search sends only the known fields, a null user as null", async () => {
    sidecar.pool.intercept({ path: "/v1/tenants/acme/search", method: "POST" }).reply(200, searchAnswer);
    await sidecar.client().search({ jql: "a = b", user: null, extra: 1 } as never);
    expect(JSON.parse(only(sidecar.calls()).body!)).toEqual({ jql: "a = b", user: null });
  });

  it("version GETs with the query encoded (spaces as %20, no +) and the tenant encoded", async () => {
    sidecar.pool
      .intercept({ path: (p) => p.startsWith("/v1/tenants/acme%20corp%2Feu/version?") })
      .reply(200, { version: 7, stale: true });
    const client = sidecar.client({ tenant: "acme corp/eu" });
    const jql = 'summary ~ "a+b & c=d" AND assignee = currentUser()';
    expect(await client.version({ jql, user: "jö@x" })).toEqual({ version: 7, stale: true });
    const call = only(sidecar.calls());
    expect(call.fullUrl).toBe(
      `${ORIGIN}/v1/tenants/acme%20corp%2Feu/version?jql=${encodeURIComponent(jql)}&user=j%C3%B6%40x`,
    );
    expect(call.fullUrl).not.toContain("+");
    expect(call.searchParams).toEqual({ jql, user: "jö@x" });
    expect(call.headers).toMatchObject({ authorization: `Bearer ${TOKEN}` });
    expect(call.body ?? null).toBeNull();
  });

  it("leaves out user for the anonymous user", async () => {
    sidecar.pool
      .intercept({ path: (p) => p.startsWith("/v1/tenants/acme/version") })
      .reply(200, { version: 1, stale: false });
    await sidecar.client().version({ jql: "a = b", user: null });
    expect(only(sidecar.calls()).searchParams).toEqual({ jql: "a = b" });
  });

  it("contains, explain, subscription, health and ready map their routes", async () => {
    const answers = {
      contains: { contains: true, version: 3, stale: false },
      explain: { jql: "a = b", normalized: "a = b", subscription: "s1", stage1: "a = b", stage2: null },
      subscription: { tenant: "acme", id: "s/1", state: "fresh", version: 3, size: 10, sample: [] },
      health: { status: "ok", uptimeSeconds: 12.5 },
      ready: { ready: true, checks: { redis: { ok: true } } },
    };
    sidecar.pool
      .intercept({ path: (p) => p.startsWith("/v1/tenants/acme/contains?") })
      .reply(200, answers.contains);
    sidecar.pool
      .intercept({ path: (p) => p.startsWith("/v1/tenants/acme/explain?") })
      .reply(200, answers.explain);
    sidecar.pool.intercept({ path: "/v1/tenants/acme/subscriptions/s%2F1" }).reply(200, answers.subscription);
    sidecar.pool.intercept({ path: "/healthz" }).reply(200, answers.health);
    sidecar.pool.intercept({ path: "/readyz" }).reply(200, answers.ready);
    const client = sidecar.client();
    expect(await client.contains({ jql: "a = b", user: "u", issue: "SD-12" })).toEqual(answers.contains);
    expect(await client.explain("a = b")).toEqual(answers.explain);
    expect(await client.subscription("s/1")).toEqual(answers.subscription);
    expect(await client.health()).toEqual(answers.health);
    expect(await client.ready()).toEqual(answers.ready);
    const [contains, explain] = sidecar.calls();
    expect(contains!.searchParams).toEqual({ jql: "a = b", user: "u", issue: "SD-12" });
    expect(explain!.searchParams).toEqual({ jql: "a = b" });
    expect(sidecar.calls().map((c) => c.method)).toEqual(["GET", "GET", "GET", "GET", "GET"]);
  });

  it("ready returns the failing checks of a 503, and fails on a 503 that is an error", async () => {
    const notReady = { ready: false, checks: { redis: { ok: false, detail: "ECONNREFUSED" } } };
    sidecar.pool.intercept({ path: "/readyz" }).reply(503, notReady);
    sidecar.pool
      .intercept({ path: "/readyz" })
      .reply(503, { error: { code: "E_SHUTTING_DOWN", message: "bye" } })
      .times(3);
    const client = sidecar.client();
    expect(await client.ready()).toEqual(notReady);
    await expect(client.ready()).rejects.toMatchObject({ code: "E_SHUTTING_DOWN", status: 503 });
    expect(sidecar.calls()).toHaveLength(4);
  });

  it("publishEvents POSTs {events} and returns the counts", async () => {
    sidecar.pool
      .intercept({ path: "/v1/tenants/acme/events", method: "POST" })
      .reply(200, { accepted: 2, matched: 3, patched: 1 });
    const events = [
      { type: "issue_updated", issueId: "10001", changes: [{ field: "status", from: "1", to: "3" }] },
      { type: "sprint_started", id: 12 },
    ] as const;
    expect(await sidecar.client().publishEvents(events)).toEqual({ accepted: 2, matched: 3, patched: 1 });
    const call = only(sidecar.calls());
    expect(JSON.parse(call.body!)).toEqual({ events });
    expect(call.headers).toMatchObject({
      "content-type": "application/json",
      authorization: `Bearer ${TOKEN}`,
    });
  });

  it("keeps a base path of the URL and sends no authorization without a token", async () => {
    sidecar.pool.intercept({ path: "/subq/v1/tenants/acme/explain?jql=x" }).reply(200, {});
    const client = sidecar.client({ url: `${ORIGIN}/subq/`, token: undefined });
    await client.explain("x");
    expect(only(sidecar.calls()).headers).not.toHaveProperty("authorization");
  });

  it("rejects answers without the fields the client relies on as E_BAD_RESPONSE", async () => {
    sidecar.pool
      .intercept({ path: (p) => p.includes("/version?") })
      .reply(200, { version: "7", stale: false });
    sidecar.pool.intercept({ path: (p) => p.includes("/version?") }).reply(200, "<html>hi</html>");
    sidecar.pool.intercept({ path: (p) => p.includes("/version?") }).reply(200, "[1]");
    const client = sidecar.client();
    const ref = { jql: "a = b", user: "u" };
    await expect(client.version(ref)).rejects.toMatchObject({
      code: "E_BAD_RESPONSE",
      message: /number `version`/,
    });
    await expect(client.version(ref)).rejects.toMatchObject({ code: "E_BAD_RESPONSE", status: 200 });
    await expect(client.version(ref)).rejects.toMatchObject({ code: "E_BAD_RESPONSE", message: /object/ });
    expect(sidecar.calls()).toHaveLength(3); // not retried: the answer will not change
  });
});

describe("createClient options", () => {
  it("names the option meant when one is unknown", () => {
    expect(() => sidecar.client({ timeout: 5 } as never)).toThrow(
      /unknown option `timeout` \(did you mean `timeoutMs`\?\)/,
    );
    expect(() => sidecar.client({ retry: { attempt: 2 } } as never)).toThrow(/did you mean `attempts`/);
  });

  it("fails fast on a bad URL, tenant, timeout or retry policy", () => {
    expect(() => sidecar.client({ url: "sidecar:7070/x y" })).toThrow(/must be http/);
    expect(() => sidecar.client({ url: "not a url" })).toThrow(/not a URL/);
    expect(() => sidecar.client({ tenant: "" })).toThrow(/tenant/);
    expect(() => sidecar.client({ timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => sidecar.client({ retry: { attempts: 0 } })).toThrow(/attempts/);
    expect(() => sidecar.client({ retry: { baseDelayMs: -1 } })).toThrow(/baseDelayMs/);
  });
});
