import { describe, expect, it } from "vitest";
import type { SidecarOptions, TokenGrant } from "../config/options.js";
import { needOf } from "./caller.js";
import { TOKENS, testApp, url } from "./testing/test-app.js";

const TENANTS = ["acme", "globex", "initech"];
const EVENTS = { events: [{ type: "issue_deleted", issueId: "10001", before: { project: "10000" } }] };

/** billing has no grant (full access); boards has `grant`. */
function grantedApp(grant: TokenGrant, tenants: SidecarOptions["tenants"] = { names: TENANTS }) {
  return testApp({ tenants, auth: { grants: { boards: grant } } }, { tenants: TENANTS });
}

const as = (app: keyof typeof TOKENS) => ({ authorization: `Bearer ${TOKENS[app]}` });

/** Every tenant route, with the access it needs. */
const ROUTES = (tenant: string) =>
  [
    ["POST", url("search", {}, tenant), { jql: "project = FOO", user: "u1" }, "read"],
    ["GET", url("version", { jql: "project = FOO" }, tenant), undefined, "read"],
    ["GET", url("contains", { jql: "project = FOO", issue: "FOO-1" }, tenant), undefined, "read"],
    ["GET", url("explain", { jql: "project = FOO" }, tenant), undefined, "read"],
    ["GET", `/v1/tenants/${tenant}/subscriptions/s1`, undefined, "read"],
    ["GET", `/v1/tenants/${tenant}/reports/unused-custom-fields?scope=tenant`, undefined, "read"],
    ["GET", `/v1/tenants/${tenant}/reports/unused-custom-fields/runs/1`, undefined, "read"],
    ["POST", url("events", {}, tenant), EVENTS, "publish"],
    ["POST", `/v1/tenants/${tenant}/reports/unused-custom-fields/runs`, { scope: "tenant" }, "publish"],
  ] as const;

describe("needOf", () => {
  it.each([
    ["GET", "/v1/tenants/acme/version", { tenant: "acme", access: "read" }],
    ["HEAD", "/v1/tenants/acme/watch", { tenant: "acme", access: "read" }],
    ["POST", "/v1/tenants/acme/search", { tenant: "acme", access: "read" }],
    ["POST", "/v1/tenants/acme/events", { tenant: "acme", access: "publish" }],
    ["POST", "/v1/tenants/acme/reports/t/runs", { tenant: "acme", access: "publish" }],
    // Routes not known here need publishing: closed to read-only tokens by default.
    ["DELETE", "/v1/tenants/acme/subscriptions/s1", { tenant: "acme", access: "publish" }],
    ["POST", "/v1/tenants/acme/search/x", { tenant: "acme", access: "publish" }],
    ["GET", "/v1/tenants/%67lobex/version", { tenant: "globex", access: "read" }],
    ["GET", "/v1/tenants/acme", { tenant: "acme", access: "read" }],
    ["GET", "/readyz", null],
    ["GET", "/v1/other/acme", null],
  ])("%s %s", (method, path, need) => {
    expect(needOf(method, path)).toEqual(need);
  });
});

describe("token grants (auth.grants)", () => {
  it("an application without a grant keeps full access to every tenant", async () => {
    const { request } = grantedApp({ tenants: ["acme"], access: "read" });
    for (const tenant of TENANTS) {
      for (const [method, path, json] of ROUTES(tenant)) {
        const res = await request(path, { method, json, headers: as("billing") });
        expect(res.status, `${method} ${path}`).not.toBe(403);
      }
      expect((await request(url("events", {}, tenant), { method: "POST", json: EVENTS })).status).toBe(200);
    }
  });

  it("refuses a tenant outside the grant with 403 naming the application and tenant, before the engine", async () => {
    const { request, engine } = grantedApp({ tenants: ["acme"] });
    expect((await request(url("version", { jql: "" }), { headers: as("boards") })).status).toBe(200);
    engine.calls.length = 0;
    for (const [method, path, json] of ROUTES("globex")) {
      const res = await request(path, { method, json, headers: as("boards") });
      expect(res.status, `${method} ${path}`).toBe(403);
      const body = await res.json();
      expect(body).toEqual({
        error: {
          code: "E_FORBIDDEN",
          message:
            'application "boards" may not use tenant "globex": its grant (auth.grants) does not include it',
          where: "path.tenant",
        },
      });
      expect(JSON.stringify(body)).not.toContain("acme");
    }
    expect(engine.calls).toEqual([]);
  });

  it("answers a tenant that does not exist like one not granted (no probing for tenants)", async () => {
    const { request } = grantedApp({ tenants: ["acme"] });
    const res = await request(url("version", { jql: "" }, "nobody"), { headers: as("boards") });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: "E_FORBIDDEN", message: /tenant "nobody"/ } });
  });

  it("decodes the tenant of the path as the router does", async () => {
    const { request } = grantedApp({ tenants: ["acme"] });
    expect((await request("/v1/tenants/%67lobex/version?jql=", { headers: as("boards") })).status).toBe(403);
    expect((await request("/v1/tenants/%61cme/version?jql=", { headers: as("boards") })).status).toBe(200);
  });

  it("read access: every read route, but no events and no report runs", async () => {
    const { request, engine } = grantedApp({ access: "read" });
    for (const [method, path, json, access] of ROUTES("globex")) {
      const res = await request(path, { method, json, headers: as("boards") });
      if (access === "read") {
        expect(res.status, `${method} ${path}`).not.toBe(403);
        continue;
      }
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(await res.json()).toEqual({
        error: {
          code: "E_FORBIDDEN",
          message:
            'application "boards" has read-only access (auth.grants): it may not publish events or start report runs',
          where: "path.tenant",
        },
      });
    }
    expect(engine.calls.map((call) => call.method)).not.toContain("ingestEvents");
  });

  it("publish access: events and report runs, no reads", async () => {
    const { request } = grantedApp({ tenants: ["acme", "globex"], access: "publish" });
    const events = await request(url("events", {}, "globex"), {
      method: "POST",
      json: EVENTS,
      headers: as("boards"),
    });
    expect(events.status).toBe(200);
    for (const [method, path, json, access] of ROUTES("acme")) {
      const res = await request(path, { method, json, headers: as("boards") });
      if (access === "publish") expect(res.status, `${method} ${path}`).not.toBe(403);
      else expect(res.status, `${method} ${path}`).toBe(403);
    }
    const res = await request(url("version", { jql: "" }), { headers: as("boards") });
    expect(await res.json()).toMatchObject({
      error: { message: /may only publish events and start report runs/ },
    });
  });

  it("an unknown tenant names only the tenants the token may use", async () => {
    const template = { databaseUrlTemplate: "postgres://db/subq_{tenant}", names: TENANTS };
    const { request } = grantedApp({ tenants: ["acme", "umbrella"] }, template);
    const res = await request(url("version", { jql: "" }, "umbrella"), { headers: as("boards") });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: {
        code: "E_UNKNOWN_TENANT",
        message: `unknown tenant 'umbrella' (tenants of application "boards": acme)`,
        where: "path.tenant",
      },
    });
    const full = await request(url("version", { jql: "" }, "umbrella"), { headers: as("billing") });
    expect(await full.json()).toMatchObject({
      error: { message: "unknown tenant 'umbrella' (configured tenants: acme, globex, initech)" },
    });
  });

  it("warns at start of granted tenants this sidecar does not serve", () => {
    const template = { databaseUrlTemplate: "postgres://db/subq_{tenant}", names: TENANTS };
    const { logs } = grantedApp({ tenants: ["acme", "umbrella"] }, template);
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: "warn",
        msg: 'auth.grants: application "boards" is granted tenant "umbrella", which this sidecar does not serve',
      }),
    );
  });
});
