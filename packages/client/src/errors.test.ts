import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  isSubqClientError,
  jqlDiagnosticOf,
  SubqAbortError,
  SubqClientError,
  SubqJqlError,
  SubqNetworkError,
  SubqTimeoutError,
} from "./errors.js";
import { json, type MockSidecar, mockSidecar } from "./testing/mock-sidecar.js";

let sidecar: MockSidecar;
beforeEach(() => {
  sidecar = mockSidecar();
});
afterEach(async () => {
  await sidecar.close();
});

const ref = { jql: "project = SD", user: "u-1" };
const isVersion = (p: string) => p.startsWith("/v1/tenants/acme/version?");
const problem = (code: string, message: string, extra: object = {}) => ({
  error: { code, message, ...extra },
});

async function failure(promise: Promise<unknown>): Promise<SubqClientError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SubqClientError);
  return error as SubqClientError;
}

describe("error answers", () => {
  it("bad JQL: a SubqJqlError with code, status, where and the parser's diagnostic; not retried", async () => {
    const diagnostic = {
      code: "E_JQL_SYNTAX",
      message: "expected a value after '=' but found 'AND'",
      line: 1,
      column: 15,
      span: { start: 14, end: 17 },
      rendered:
        "line 1, column 15: expected a value after '=' but found 'AND'\n  project = SD AND AND x\n  ...",
    };
    sidecar.pool
      .intercept({ path: "/v1/tenants/acme/search", method: "POST" })
      .reply(400, problem("E_JQL_SYNTAX", diagnostic.message, { where: "body.jql", diagnostic }), {
        headers: json,
      });
    const error = await failure(sidecar.client().search({ jql: "project = SD AND AND x", user: null }));
    expect(error).toBeInstanceOf(SubqJqlError);
    expect(error).toMatchObject({
      name: "SubqJqlError",
      code: "E_JQL_SYNTAX",
      status: 400,
      where: "body.jql",
      message: diagnostic.message,
      request: "POST /v1/tenants/acme/search",
      retryable: false,
    });
    expect(error.diagnostic).toEqual(diagnostic);
    expect(jqlDiagnosticOf(error)).toEqual(diagnostic);
    expect(isSubqClientError(error, "E_JQL_SYNTAX")).toBe(true);
    expect(isSubqClientError(error, "E_BAD_REQUEST")).toBe(false);
  });

  it("a 400 without a diagnostic is a plain SubqClientError", async () => {
    sidecar.pool.intercept({ path: "/v1/tenants/acme/events", method: "POST" }).reply(
      400,
      problem("E_BAD_REQUEST", "an issue_deleted event must say what the issue was", {
        where: "events[0]",
      }),
    );
    const error = await failure(sidecar.client().publishEvents([{ type: "issue_deleted", issueId: 1 }]));
    expect(error).not.toBeInstanceOf(SubqJqlError);
    expect(error).toMatchObject({
      code: "E_BAD_REQUEST",
      status: 400,
      where: "events[0]",
      diagnostic: undefined,
    });
    expect(jqlDiagnosticOf(error)).toBeUndefined();
  });

  it("401 with subq's body, and a bare 401 from something in front, are both E_UNAUTHORIZED", async () => {
    sidecar.pool.intercept({ path: isVersion }).reply(401, problem("E_UNAUTHORIZED", "missing bearer token"));
    sidecar.pool
      .intercept({ path: isVersion })
      .reply(401, "Unauthorized", { headers: { "www-authenticate": "Bearer" } });
    const client = sidecar.client();
    expect(await failure(client.version(ref))).toMatchObject({
      code: "E_UNAUTHORIZED",
      status: 401,
      message: "missing bearer token",
    });
    expect(await failure(client.version(ref))).toMatchObject({
      code: "E_UNAUTHORIZED",
      status: 401,
      message: /Unauthorized/,
    });
    expect(sidecar.calls()).toHaveLength(2);
  });

  it("403 (a tenant or access the token was not granted), with subq's body or bare, is E_FORBIDDEN; not retried", async () => {
    const message =
      'application "boards" may not use tenant "acme": its grant (auth.grants) does not include it';
    sidecar.pool
      .intercept({ path: isVersion })
      .reply(403, problem("E_FORBIDDEN", message, { where: "path.tenant" }), { headers: json });
    sidecar.pool.intercept({ path: isVersion }).reply(403, "Forbidden");
    const client = sidecar.client();
    expect(await failure(client.version(ref))).toMatchObject({
      code: "E_FORBIDDEN",
      status: 403,
      message,
      where: "path.tenant",
      retryable: false,
    });
    expect(await failure(client.version(ref))).toMatchObject({
      code: "E_FORBIDDEN",
      status: 403,
      message: /Forbidden/,
      retryable: false,
    });
    expect(sidecar.calls()).toHaveLength(2);
  });

  it.each([
    [404, "E_UNKNOWN_TENANT", "no tenant acme"],
    [500, "E_INTERNAL", "boom"],
  ] as const)("%i %s is not retried", async (status, code, message) => {
    sidecar.pool.intercept({ path: isVersion }).reply(status, problem(code, message));
    expect(await failure(sidecar.client().version(ref))).toMatchObject({ code, status, retryable: false });
    expect(sidecar.calls()).toHaveLength(1);
  });

  it("a proxy's HTML error page keeps its status under E_HTTP, cut short", async () => {
    sidecar.pool
      .intercept({ path: isVersion })
      .reply(502, `<html>${"x".repeat(5000)}</html>`)
      .times(3);
    const error = await failure(sidecar.client().version(ref));
    expect(error).toMatchObject({ code: "E_HTTP", status: 502, retryable: true });
    expect(error.message.length).toBeLessThan(300);
    expect(sidecar.calls()).toHaveLength(3);
  });
});

describe("retries", () => {
  it("503 is retried for reads (version and search) until it succeeds", async () => {
    const overloaded = problem("E_OVERLOADED", "too many direct answers");
    sidecar.pool.intercept({ path: isVersion }).reply(503, overloaded).times(2);
    sidecar.pool.intercept({ path: isVersion }).reply(200, { version: 9, stale: false });
    sidecar.pool.intercept({ path: "/v1/tenants/acme/search", method: "POST" }).reply(503, overloaded);
    sidecar.pool
      .intercept({ path: "/v1/tenants/acme/search", method: "POST" })
      .reply(200, { issues: [], total: 0, version: 9, stale: false, ageMs: 0, source: "cache" });
    const client = sidecar.client();
    expect(await client.version(ref)).toEqual({ version: 9, stale: false });
    expect((await client.search(ref)).version).toBe(9);
    expect(sidecar.calls()).toHaveLength(5);
  });

  it("gives up after `attempts` with the last error", async () => {
    sidecar.pool
      .intercept({ path: isVersion })
      .reply(503, problem("E_DB_UNAVAILABLE", "database down"))
      .times(2);
    const error = await failure(sidecar.client({ retry: { attempts: 2, baseDelayMs: 1 } }).version(ref));
    expect(error).toMatchObject({ code: "E_DB_UNAVAILABLE", status: 503, retryable: true });
    expect(sidecar.calls()).toHaveLength(2);
  });

  it("publishEvents is sent once on 503 unless the caller opts in", async () => {
    const events = [{ type: "issue_updated", issueId: "1" }] as const;
    sidecar.pool
      .intercept({ path: "/v1/tenants/acme/events", method: "POST" })
      .reply(503, problem("E_REDIS_UNAVAILABLE", "x"));
    const client = sidecar.client();
    expect(await failure(client.publishEvents(events))).toMatchObject({ code: "E_REDIS_UNAVAILABLE" });
    expect(sidecar.calls()).toHaveLength(1);

    sidecar.pool
      .intercept({ path: "/v1/tenants/acme/events", method: "POST" })
      .reply(503, problem("E_REDIS_UNAVAILABLE", "x"));
    sidecar.pool
      .intercept({ path: "/v1/tenants/acme/events", method: "POST" })
      .reply(200, { accepted: 1, matched: 0, patched: 0 });
    expect(await client.publishEvents(events, { retry: true })).toMatchObject({ accepted: 1 });
    expect(sidecar.calls()).toHaveLength(3);
  });

  it("network errors are E_NETWORK and retried", async () => {
    sidecar.pool
      .intercept({ path: isVersion })
      .replyWithError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
    sidecar.pool.intercept({ path: isVersion }).reply(200, { version: 2, stale: false });
    expect(await sidecar.client().version(ref)).toEqual({ version: 2, stale: false });
    sidecar.pool.intercept({ path: isVersion }).replyWithError(new Error("socket hang up")).times(3);
    const error = await failure(sidecar.client().version(ref));
    expect(error).toBeInstanceOf(SubqNetworkError);
    expect(error).toMatchObject({ code: "E_NETWORK", status: undefined, message: /socket hang up/ });
  });
});

describe("timeouts and aborts", () => {
  it("a slow answer is E_TIMEOUT per attempt, and retried", async () => {
    sidecar.pool.intercept({ path: isVersion }).reply(200, { version: 1, stale: false }).delay(1000).times(2);
    sidecar.pool.intercept({ path: isVersion }).reply(200, { version: 1, stale: false });
    const started = Date.now();
    expect(await sidecar.client({ timeoutMs: 30 }).version(ref)).toEqual({ version: 1, stale: false });
    expect(Date.now() - started).toBeLessThan(900);
    expect(sidecar.calls()).toHaveLength(3);
  });

  it("a timeout that outlasts the retries ends as SubqTimeoutError; a per-call timeoutMs wins", async () => {
    sidecar.pool.intercept({ path: isVersion }).reply(200, { version: 1, stale: false }).delay(1000);
    const client = sidecar.client({ timeoutMs: 5000, retry: { attempts: 1 } });
    const error = await failure(client.version(ref, { timeoutMs: 20 }));
    expect(error).toBeInstanceOf(SubqTimeoutError);
    expect(error).toMatchObject({ code: "E_TIMEOUT", message: /within 20 ms/, retryable: true });
  });

  it("the caller's signal aborts with E_ABORTED and no retry", async () => {
    sidecar.pool.intercept({ path: isVersion }).reply(200, { version: 1, stale: false }).delay(1000);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("user left")), 20);
    const error = await failure(sidecar.client().version(ref, { signal: controller.signal }));
    expect(error).toBeInstanceOf(SubqAbortError);
    expect(error).toMatchObject({ code: "E_ABORTED", retryable: false });
    expect((error.cause as Error).message).toBe("user left");
    expect(sidecar.calls()).toHaveLength(1);
    const already = await failure(sidecar.client().version(ref, { signal: AbortSignal.abort() }));
    expect(already.code).toBe("E_ABORTED");
    expect(sidecar.calls()).toHaveLength(1);
  });
});
