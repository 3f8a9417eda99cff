import { describe, expect, it } from "vitest";
import { describe as echo } from "../config/messages.js";
import { testApp, url } from "./testing/test-app.js";

async function badRequest(res: Response) {
  expect(res.status).toBe(400);
  const body = (await res.json()) as { error: { code: string; message: string; where?: string } };
  expect(body.error.code).toBe("E_BAD_REQUEST");
  return body.error;
}

describe("request validation says where, what and how", () => {
  it.each([
    [
      { user: "ann" },
      "body.jql",
      "body.jql is required: the JQL query, e.g. project = FOO ORDER BY created DESC",
    ],
    [{ jql: 5, user: "ann" }, "body.jql", "body.jql must be a string of JQL, got 5"],
    [{ jql: "" }, "body.user", "body.user is required: the id of the searching user, or null for anonymous"],
    [
      { jql: "", user: "" },
      "body.user",
      'body.user must not be empty: pass the user id, or null for anonymous, got ""',
    ],
    [{ jql: "", user: 7 }, "body.user", "body.user must be a user id string or null, got 7"],
    [
      { jql: "", user: null, startAt: -1 },
      "body.startAt",
      "body.startAt must be a whole number from 0 to 2147483647, got -1",
    ],
    [
      { jql: "", user: null, startAt: "0" },
      "body.startAt",
      'body.startAt must be a whole number from 0 to 2147483647, got "0"',
    ],
    [
      { jql: "", user: null, maxResults: 5000 },
      "body.maxResults",
      "body.maxResults must be a whole number from 1 to 1000, got 5000",
    ],
    [
      { jql: "", user: null, maxResults: 1.5 },
      "body.maxResults",
      "body.maxResults must be a whole number from 1 to 1000, got 1.5",
    ],
    [
      { jql: "", user: null, consistency: "fresh" },
      "body.consistency",
      'body.consistency must be "cached" or "direct" ("direct" bypasses the cache), got "fresh"',
    ],
    [
      { jql: "", user: null, minTxid: 42 },
      "body.minTxid",
      "body.minTxid must be a transaction id as a string of digits (from pg_current_xact_id()), got 42",
    ],
    [
      { jql: "", user: null, maxResult: 10 },
      "body",
      'body has unknown field "maxResult"; the fields are: jql, user, startAt, maxResults, consistency, minTxid',
    ],
    [
      [1, 2],
      "body",
      "body must be a JSON object with the fields jql, user, startAt, maxResults, consistency, minTxid, got [1,2]",
    ],
  ])("search %j", async (json, where, message) => {
    const { request, engine } = testApp();
    const error = await badRequest(await request(url("search"), { method: "POST", json }));
    expect(error).toEqual({ code: "E_BAD_REQUEST", where, message });
    expect(engine.calls).toEqual([]);
  });

  it("reports several problems in one answer", async () => {
    const { request } = testApp();
    const error = await badRequest(await request(url("search"), { method: "POST", json: { startAt: -1 } }));
    expect(error.where).toBe("body.jql");
    expect(error.message).toContain("body.jql is required");
    expect(error.message).toContain("; body.user is required");
    expect(error.message).toContain("; body.startAt must be a whole number from 0 to 2147483647, got -1");
  });

  it.each([
    [
      url("version"),
      "query.jql",
      "query.jql is required: the JQL query, e.g. project = FOO ORDER BY created DESC",
    ],
    [
      url("watch"),
      "query.jql",
      "query.jql is required: the JQL query, e.g. project = FOO ORDER BY created DESC",
    ],
    [
      url("explain"),
      "query.jql",
      "query.jql is required: the JQL query, e.g. project = FOO ORDER BY created DESC",
    ],
    [
      url("version", { jql: "", user: "" }),
      "query.user",
      'query.user must not be empty: leave it out for anonymous, got ""',
    ],
    [
      url("contains", { jql: "" }),
      "query.issue",
      "query.issue is required: the issue key (FOO-12) or numeric id",
    ],
    [
      url("contains", { jql: "", issue: "" }),
      "query.issue",
      'query.issue must not be empty: pass the issue key (FOO-12) or numeric id, got ""',
    ],
  ])("GET %s", async (path, where, message) => {
    const { request } = testApp();
    expect(await badRequest(await request(path))).toEqual({ code: "E_BAD_REQUEST", where, message });
  });

  it("checks the events envelope: an array, at most http.maxEventsPerRequest", async () => {
    const { request, engine } = testApp({ http: { maxEventsPerRequest: 2 } });
    const post = (json: unknown) => request(url("events"), { method: "POST", json });
    expect(await badRequest(await post({}))).toEqual({
      code: "E_BAD_REQUEST",
      where: "body.events",
      message: "body.events is required: an array of events",
    });
    expect((await badRequest(await post({ events: { type: "issue_updated" } }))).message).toBe(
      'body.events must be an array of events, got {"type":"issue_updated"}',
    );
    expect((await badRequest(await post({ events: [1, 2, 3] }))).message).toBe(
      "body.events holds more than 2 events (http.maxEventsPerRequest); send them in smaller batches, got [1,2,3]",
    );
    expect(engine.calls).toEqual([]);
  });

  it("refuses bodies beyond http.maxBodyBytes before reading them", async () => {
    const { request, engine } = testApp({ http: { maxBodyBytes: 100 } });
    const res = await request(url("events"), { method: "POST", json: { events: ["x".repeat(200)] } });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: unknown }).error).toEqual({
      code: "E_PAYLOAD_TOO_LARGE",
      where: "body",
      message:
        "the request body is larger than 100 bytes (http.maxBodyBytes); send a smaller body, e.g. fewer events per request",
    });
    expect(engine.calls).toEqual([]);
  });

  it("explains a body that is not JSON, or not sent as JSON", async () => {
    const { request } = testApp();
    const broken = await request(url("search"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{jql:",
    });
    expect(await badRequest(broken)).toMatchObject({
      where: "body",
      message: expect.stringMatching(/^the body is not valid JSON \(.*\); send one JSON object$/),
    });
    const text = await request(url("search"), {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "project = FOO",
    });
    expect(await badRequest(text)).toEqual({
      code: "E_BAD_REQUEST",
      where: "body",
      message: "the body must be JSON: send it with Content-Type: application/json",
    });
  });
});

describe("hostile input is a 400 that says where, and never reaches the engine", () => {
  const NUL = "\u0000";
  const nul = (where: string, index: number) => ({
    code: "E_BAD_REQUEST",
    where,
    message: `${where} contains the NUL character (U+0000) at index ${index}, which Postgres text cannot store and no issue, user or name can contain: remove it`,
  });

  it.each([
    ["search", { jql: "project = FOO", user: `ann${NUL}` }, "body.user", 3],
    ["search", { jql: `project = FOO${NUL}`, user: null }, "body.jql", 13],
    [
      "events",
      { events: [{ type: "issue_updated", issueId: "1", changes: [{ field: "status", to: [`x${NUL}`] }] }] },
      "body.events[0].changes[0].to[0]",
      1,
    ],
    ["events", { events: [{ type: "user_changed", id: NUL }] }, "body.events[0].id", 0],
    [
      "events",
      { events: [{ [`ty${NUL}pe`]: "user_changed" }] },
      "body.events[0].ty\u0000pe (the field name)",
      2,
    ],
  ])("a NUL in POST %s %#", async (route, json, where, index) => {
    const { request, engine } = testApp();
    const error = await badRequest(await request(url(route), { method: "POST", json }));
    expect(error).toEqual(nul(where, index));
    expect(engine.calls).toEqual([]);
  });

  it.each([
    [url("version", { jql: "status = Open", user: `bob${NUL}` }), "query.user"],
    [url("contains", { jql: "status = Open", user: `bob${NUL}`, issue: "FOO-1" }), "query.user"],
    [url("contains", { jql: "status = Open", issue: `FOO-1${NUL}` }), "query.issue"],
    [url("watch", { jql: "status = Open", user: `bob${NUL}` }), "query.user"],
  ])("a NUL in GET %s", async (path, where) => {
    const { request, engine } = testApp();
    expect((await badRequest(await request(path))).where).toBe(where);
    expect(engine.calls).toEqual([]);
  });

  /** `[[[…]]]` `depth` levels deep, as text (JSON.stringify itself would overflow). */
  const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
  const postRaw = (request: ReturnType<typeof testApp>["request"], route: string, body: string) =>
    request(url(route), { method: "POST", headers: { "content-type": "application/json" }, body });

  it.each([
    ["search", `{"jql":${nested(100_000)},"user":null}`, "body.jql"],
    ["search", nested(100_000), "body"],
    [
      "events",
      `{"events":[{"type":"issue_updated","issueId":"1","changes":[{"field":"status","from":${nested(100_000)}}]}]}`,
      "body.events[0].changes[0].from",
    ],
  ])("JSON nested 100,000 deep in POST %s %#", async (route, body, prefix) => {
    const { request, engine } = testApp();
    const error = await badRequest(await postRaw(request, route, body));
    expect(error.where?.startsWith(prefix)).toBe(true);
    expect(error.message).toBe(
      `${error.where} is nested more than 32 levels deep (objects and arrays within each other); no field of this API needs that: send a flatter value`,
    );
    expect(engine.calls).toEqual([]);
  });

  it("accepts nesting up to the limit", async () => {
    const { request } = testApp();
    // body (1) > events (2) > event (3) > changes (4) > change (5) > from: 27 more levels.
    const from = nested(27);
    const body = `{"events":[{"type":"issue_updated","issueId":"1","changes":[{"field":"status","from":${from}}]}]}`;
    expect((await postRaw(request, "events", body)).status).toBe(200);
    const deeper = body.replace(from, nested(28));
    expect((await badRequest(await postRaw(request, "events", deeper))).where).toMatch(/^body\.events\[0\]/);
  });
});

describe("the echo of a received value is bounded in depth and length", () => {
  it("shows 3 levels and 80 characters, whatever the value", () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(echo(deep)).toBe("[[[[…]]]]");
    expect(echo({ a: { b: { c: { d: 1 } } } })).toBe('{"a":{"b":{"c":{…}}}}');
    const wide = Array.from({ length: 1_000_000 }, (_, i) => i);
    expect(echo(wide)).toBe(`${JSON.stringify(wide).slice(0, 80)}…`);
    expect(echo({ text: "x".repeat(1_000_000) })).toBe(`{"text":"${"x".repeat(71)}…`);
    expect(echo([1, "a", null, true, { b: [2] }])).toBe('[1,"a",null,true,{"b":[2]}]');
  });

  it("in a validation message", async () => {
    const { request } = testApp();
    const body = `{"jql":${"[".repeat(20)}${"]".repeat(20)},"user":null}`;
    const res = await request(url("search"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect((await badRequest(res)).message).toBe("body.jql must be a string of JQL, got [[[[…]]]]");
  });
});
