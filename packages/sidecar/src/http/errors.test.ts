import { JqlError, parse, renderDiagnostic } from "@subq/jql";
import { describe, expect, it } from "vitest";
import { CompileError } from "../db/compiler/errors.js";
import { DbError } from "../db/errors.js";
import { RedisUnavailable } from "../engine/failures.js";
import { SubqError, type SubqErrorCode } from "../errors.js";
import { StoreError } from "../redis/errors.js";
import { testApp, url } from "./testing/test-app.js";

interface ProblemJson {
  error: {
    code: string;
    message: string;
    where?: string;
    diagnostic?: {
      code: string;
      line: number;
      column: number;
      span: unknown;
      rendered: string;
      message: string;
    };
  };
}

function diagnosticOf(jql: string) {
  try {
    parse(jql);
  } catch (error) {
    if (error instanceof JqlError) return error.diagnostic;
  }
  throw new Error(`expected ${jql} not to parse`);
}

describe("bad JQL → 400 with the parser's diagnostic", () => {
  const jql = "project = FOO AND AND status = Open";

  it("in a search body, rendered against the query with a caret", async () => {
    const { request } = testApp();
    const res = await request(url("search"), { method: "POST", json: { jql, user: "ann" } });
    expect(res.status).toBe(400);
    const d = diagnosticOf(jql);
    const body = (await res.json()) as ProblemJson;
    expect(body).toEqual({
      error: {
        code: d.code,
        message: `${d.message} (line ${d.line}, column ${d.column})`,
        where: "body.jql",
        diagnostic: {
          code: d.code,
          message: d.message,
          line: 1,
          column: 19,
          span: d.span,
          rendered: renderDiagnostic(jql, d),
        },
      },
    });
    expect(body.error.diagnostic!.rendered.split("\n")).toEqual([
      `line 1, column 19: ${d.message}`,
      `  ${jql}`,
      `  ${" ".repeat(18)}^^^`,
    ]);
  });

  it.each(["version", "watch", "explain"])("in the query string of %s", async (route) => {
    const { request } = testApp();
    const res = await request(url(route, { jql: "status = " }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as ProblemJson;
    expect(body.error.where).toBe("query.jql");
    expect(body.error.code).toBe("E_JQL_SYNTAX");
    expect(body.error.diagnostic?.rendered).toContain("  status = \n");
  });
});

describe("error mapping", () => {
  it("an unknown tenant is 404 naming the known ones (the caller may use them all), before the engine", async () => {
    const { request, engine } = testApp();
    const res = await request(url("version", { jql: "" }, "nobody"));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: {
        code: "E_UNKNOWN_TENANT",
        message: "unknown tenant 'nobody' (configured tenants: acme)",
        where: "path.tenant",
      },
    });
    expect(engine.calls).toEqual([]);
  });

  it.each([
    ["E_BAD_REQUEST", 400],
    ["E_UNAUTHORIZED", 401],
    ["E_FORBIDDEN", 403],
    ["E_UNKNOWN_TENANT", 404],
    ["E_NOT_FOUND", 404],
    ["E_POPULATE_TIMEOUT", 503],
    ["E_DB_UNAVAILABLE", 503],
    ["E_REDIS_UNAVAILABLE", 503],
    ["E_OVERLOADED", 503],
    ["E_SHUTTING_DOWN", 503],
    ["E_CONFIG", 500],
  ] as [SubqErrorCode, number][])("SubqError %s → %i with code, message and where", async (code, status) => {
    const { request, engine } = testApp();
    engine.failNext = new SubqError(code, `something about ${code}`, { where: "body.events[3].issueId" });
    const res = await request(url("version", { jql: "" }));
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({
      error: { code, message: `something about ${code}`, where: "body.events[3].issueId" },
    });
    expect(res.headers.get("retry-after")).toBe(status === 503 ? "1" : null);
  });

  it.each([
    ["StoreError", new StoreError("E_BAD_REPLY", "readSubscription: unexpected reply"), "E_BAD_REPLY", 500],
    ["DbError", new DbError("E_UNKNOWN_TENANT", 'unknown tenant "x"'), "E_UNKNOWN_TENANT", 404],
    ["CompileError", new CompileError("E_COMPILE_PAGE", "maxResults out of range"), "E_COMPILE_PAGE", 400],
    [
      "JqlError from the compiler",
      new JqlError({
        code: "E_UNKNOWN_FIELD",
        message: "no field 'colour'",
        span: { start: 0, end: 6 },
        line: 1,
        column: 1,
      }),
      "E_UNKNOWN_FIELD",
      400,
    ],
  ])("%s keeps its code and message; status from the one table", async (_name, error, code, status) => {
    const { request, engine } = testApp();
    engine.failNext = error;
    const res = await request(url("explain", { jql: "colour = red" }));
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ error: { code, message: (error as Error).message } });
  });

  it("Redis unavailability that escapes the engine is 503 E_REDIS_UNAVAILABLE", async () => {
    const { request, engine } = testApp();
    engine.failNext = new RedisUnavailable("connect ECONNREFUSED 127.0.0.1:6379");
    const res = await request(url("version", { jql: "" }));
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      error: {
        code: "E_REDIS_UNAVAILABLE",
        message: "Redis is unavailable: connect ECONNREFUSED 127.0.0.1:6379",
      },
    });
  });

  it("an unexpected error is 500 E_INTERNAL: no message or stack in the answer, the stack in the log", async () => {
    const { request, engine, logs } = testApp();
    engine.failNext = new TypeError("Cannot read properties of undefined (reading 'members') at SECRET_SQL");
    const res = await request(url("search"), {
      method: "POST",
      json: { jql: "", user: null },
      headers: { "x-request-id": "req-42" },
    });
    expect(res.status).toBe(500);
    expect(res.headers.get("x-request-id")).toBe("req-42");
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      error: {
        code: "E_INTERNAL",
        message: "internal error (request req-42); the sidecar's log has the details",
      },
    });
    expect(text).not.toContain("SECRET_SQL");
    expect(text).not.toContain("    at ");
    const logged = logs.find((line) => line.msg === "request failed") as {
      err: { stack: string };
      reqId: string;
    };
    expect(logged.reqId).toBe("req-42");
    expect(logged.err.stack).toContain("TypeError: Cannot read properties");
    expect(logged.err.stack).toContain("errors.test.ts");
  });

  it("logs 503s as warnings without a stack and 4xx only on the request line", async () => {
    const { request, engine, logs } = testApp();
    engine.failNext = new SubqError("E_OVERLOADED", "too many direct answers in flight");
    await request(url("version", { jql: "" }));
    await request(url("version", { jql: "AND" }));
    expect(logs.filter((l) => l.level === "warn")).toMatchObject([
      { msg: "request unavailable", code: "E_OVERLOADED", reason: "too many direct answers in flight" },
    ]);
    expect(logs.filter((l) => l.level === "error")).toEqual([]);
    expect(logs.filter((l) => l.msg === "request").map((l) => [l.status, l.code])).toEqual([
      [503, "E_OVERLOADED"],
      [400, "E_JQL_SYNTAX"],
    ]);
  });

  it("a POST without a body is a bad request naming what the body needs", async () => {
    const { request } = testApp();
    const res = await request(url("search"), { method: "POST" });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: {
        code: "E_BAD_REQUEST",
        where: "body.jql",
        message: expect.stringContaining("body.jql is required"),
      },
    });
  });
});
