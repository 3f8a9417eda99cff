/**
 * Hostile input over the real engine (issue 12, items 5–8): every one is a 400 that says
 * what is wrong, where and how to fix it, and nothing of it reaches Postgres.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveOptions } from "../../packages/sidecar/src/config/resolve.js";
import { type App, createApp } from "../../packages/sidecar/src/http/app.js";
import { createLogger } from "../../packages/sidecar/src/logger.js";
import { createMetrics } from "../../packages/sidecar/src/metrics/metrics.js";
import { createTestEngine, type TestEngine } from "../support/engine.js";
import { createSeededTenant, type SeededTenant } from "../support/seeded-tenant.js";

let seeded: SeededTenant;
let t: TestEngine;
let app: App;

beforeAll(async () => {
  seeded = await createSeededTenant("hostile", 50);
  t = await createTestEngine({ tenant: seeded.tenant, databaseUrl: seeded.db.url });
  app = createApp({
    engine: t.engine,
    options: resolveOptions({ auth: { disabled: true } }),
    metrics: createMetrics({ processMetrics: false }),
    logger: createLogger({ level: "silent" }),
  });
});

afterAll(async () => {
  await t?.close();
  await seeded?.db.drop();
});

interface Problem {
  error: {
    code: string;
    message: string;
    where?: string;
    diagnostic?: { span: { start: number; end: number } };
  };
}

function path(route: string, query: Record<string, string> = {}): string {
  const search = new URLSearchParams(query).toString();
  return `/v1/tenants/${seeded.tenant}/${route}${search ? `?${search}` : ""}`;
}

async function post(route: string, body: unknown) {
  const res = await app.request(path(route), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Problem };
}

async function get(route: string, query: Record<string, string>) {
  const res = await app.request(path(route, query));
  return { status: res.status, body: (await res.json()) as Problem };
}

describe("hostile input over the real engine is a 400, never a 500 or a silent empty answer", () => {
  it.each([
    [{ jql: "project IS NOT EMPTY", user: "a\u0000b" }, "body.user"],
    [{ jql: "project IS NOT EMPTY\u0000", user: null }, "body.jql"],
  ])("a NUL in the search body: %j", async (body, where) => {
    const { status, body: answer } = await post("search", body);
    expect(status).toBe(400);
    expect(answer.error).toMatchObject({ code: "E_BAD_REQUEST", where });
    expect(answer.error.message).toContain("NUL character (U+0000)");
  });

  it.each(["version", "contains", "watch"])("a NUL in the user of GET %s", async (route) => {
    const { status, body } = await get(route, {
      jql: "project IS NOT EMPTY",
      user: "a\u0000b",
      issue: "X-1",
    });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: "E_BAD_REQUEST", where: "query.user" });
  });

  it.each(['labels = "a\\u0000b"', "assignee = a\\u0000", 'summary ~ "x\\u0000"'])(
    "an escaped NUL in a JQL string: %s",
    async (jql) => {
      const { status, body } = await post("search", { jql, user: null });
      expect(status).toBe(400);
      expect(body.error.code).toBe("E_JQL_LEXICAL");
      expect(jql.slice(body.error.diagnostic!.span.start, body.error.diagnostic!.span.end)).toBe("\\u0000");
    },
  );

  it("a NUL in an event", async () => {
    const { status, body } = await post("events", {
      events: [{ type: "issue_updated", issueId: "1", changes: [{ field: "assignee", to: "a\u0000" }] }],
    });
    expect(status).toBe(400);
    expect(body.error.where).toBe("body.events[0].changes[0].to");
  });

  it("a body nested 100,000 deep", async () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const { status, body } = await post("search", `{"jql":${deep},"user":null}`);
    expect(status).toBe(400);
    expect(body.error.message).toContain("is nested more than 32 levels deep");
  });

  it.each([
    ['created > "nonsense"', '"nonsense"'],
    ['created > "2021-01-01garbage"', '"2021-01-01garbage"'],
    ["project IS NOT EMPTY AND due < 2021-02-30", "2021-02-30"],
    ["status WAS EMPTY BEFORE tomorrow", "tomorrow"],
    ["votes > abc", "abc"],
    ["issuekey = 99999999999999999999", "99999999999999999999"],
  ])("a value of the wrong type: %s", async (jql, value) => {
    const { status, body } = await post("search", { jql, user: null });
    expect(status).toBe(400);
    expect(body.error.code).toBe("E_BAD_VALUE");
    expect(jql.slice(body.error.diagnostic!.span.start, body.error.diagnostic!.span.end)).toBe(value);
  });

  it("a page beyond the limits", async () => {
    const { status, body } = await post("search", { jql: "", user: null, startAt: 9007199254740991 });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: "E_BAD_REQUEST", where: "body.startAt" });
  });

  it("while good input is answered", async () => {
    const { status } = await post("search", { jql: 'created > "2000/01/01" AND votes >= 0', user: null });
    expect(status).toBe(200);
  });
});
