import { describe, expect, it } from "vitest";
import { tokenMatcher } from "./auth.js";
import { TOKENS, testApp, url } from "./testing/test-app.js";

const VERSION = url("version", { jql: "project = FOO" });
const HOW =
  "send `Authorization: Bearer <token>` with the token configured for your application (auth.tokens, SUBQ_TOKENS)";

describe("tokenMatcher", () => {
  it("finds the application of a token, and nothing for any other string", () => {
    const match = tokenMatcher(TOKENS);
    expect(match(TOKENS.billing)).toBe("billing");
    expect(match(TOKENS.boards)).toBe("boards");
    expect(match(`${TOKENS.billing}x`)).toBeNull();
    expect(match(TOKENS.billing.slice(0, -1))).toBeNull();
    expect(match("")).toBeNull();
    expect(tokenMatcher({})(TOKENS.billing)).toBeNull();
  });
});

describe("authentication", () => {
  it("lets a request with a configured token through and logs its application", async () => {
    const { request, logs } = testApp();
    const res = await request(VERSION, { headers: { authorization: `Bearer ${TOKENS.boards}` } });
    expect(res.status).toBe(200);
    expect(logs.find((line) => line.msg === "request")).toMatchObject({ app: "boards", status: 200 });
  });

  it("accepts the scheme in any case", async () => {
    const { request } = testApp();
    expect((await request(VERSION, { headers: { authorization: `bearer ${TOKENS.billing}` } })).status).toBe(
      200,
    );
  });

  it.each([
    ["missing", undefined, `missing bearer token: ${HOW}`],
    ["empty", "", `missing bearer token: ${HOW}`],
    ["not bearer", `Basic ${TOKENS.billing}`, `the Authorization header is not "Bearer <token>": ${HOW}`],
    ["no token", "Bearer", `the Authorization header is not "Bearer <token>": ${HOW}`],
    [
      "two tokens",
      `Bearer ${TOKENS.billing} ${TOKENS.boards}`,
      `the Authorization header is not "Bearer <token>": ${HOW}`,
    ],
    ["wrong", "Bearer not-a-configured-token-at-all", `the bearer token belongs to no application: ${HOW}`],
  ])("answers 401 with a clear message for a %s token", async (_name, header, message) => {
    const { app, engine } = testApp();
    const res = await app.request(VERSION, {
      headers: header === undefined ? {} : { authorization: header },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="subq"');
    expect(await res.json()).toEqual({
      error: { code: "E_UNAUTHORIZED", message, where: "header.authorization" },
    });
    expect(engine.calls).toEqual([]);
  });

  it("says so when the sidecar has no tokens at all", async () => {
    const { app } = testApp({ auth: { tokens: {} } });
    const res = await app.request(VERSION, { headers: { authorization: `Bearer ${TOKENS.billing}` } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      error: { message: "this sidecar has no application tokens configured (set SUBQ_TOKENS=app:token)" },
    });
  });

  it("guards every API route, unknown ones included (no route discovery without a token)", async () => {
    const { app } = testApp();
    for (const [method, path] of [
      ["POST", url("search")],
      ["GET", VERSION],
      ["GET", url("watch", { jql: "" })],
      ["GET", url("contains", { jql: "", issue: "FOO-1" })],
      ["POST", url("events")],
      ["GET", url("explain", { jql: "" })],
      ["GET", "/v1/tenants/acme/subscriptions/s1"],
      ["GET", "/nowhere"],
    ] as const) {
      expect((await app.request(path, { method })).status, `${method} ${path}`).toBe(401);
    }
  });

  it("serves healthz, readyz, metrics and openapi.json without a token by default", async () => {
    const { app } = testApp();
    for (const path of ["/healthz", "/readyz", "/metrics", "/openapi.json"]) {
      expect((await app.request(path)).status, path).toBe(200);
    }
  });

  it("guards the operations routes that are not configured public", async () => {
    const { app, request } = testApp({ auth: { publicRoutes: ["healthz"] } });
    expect((await app.request("/healthz")).status).toBe(200);
    for (const path of ["/readyz", "/metrics", "/openapi.json"]) {
      expect((await app.request(path)).status, path).toBe(401);
      expect((await request(path)).status, path).toBe(200);
    }
  });

  it("serves everything without a token when authentication is disabled", async () => {
    const { app } = testApp({ auth: { disabled: true } });
    expect((await app.request(VERSION)).status).toBe(200);
  });
});
