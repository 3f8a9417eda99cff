/**
 * What the public routes (/readyz, /metrics, /openapi.json) tell a caller without a valid
 * token: no tenant names, no details of failing checks.
 */
import { describe, expect, it } from "vitest";
import type { SidecarOptions } from "../config/options.js";
import { TOKENS, testApp, url } from "./testing/test-app.js";

const TENANTS = ["globex", "initech", "umbrella"];
const NOT_READY = {
  ready: false,
  checks: {
    redis: { ok: true },
    "tenant:globex": { ok: true },
    "tenant:initech": { ok: false, detail: 'database "subq_initech" does not exist' },
    "tenant:umbrella": { ok: true },
  },
};

function exposedApp(options: SidecarOptions = {}) {
  const setup = testApp(
    {
      tenants: { names: TENANTS },
      ...options,
      auth: { grants: { boards: { tenants: ["globex"] } }, ...options.auth },
    },
    { tenants: TENANTS },
  );
  setup.engine.readiness = NOT_READY;
  return setup;
}

const as = (app: keyof typeof TOKENS) => ({ authorization: `Bearer ${TOKENS[app]}` });

function expectNoTenantNames(text: string): void {
  for (const tenant of TENANTS) expect(text).not.toContain(tenant);
}

describe("/readyz", () => {
  it("without a token: only whether it is ready and which class of check fails", async () => {
    const { app } = exposedApp();
    const res = await app.request("/readyz");
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      ready: false,
      checks: { redis: { ok: true }, tenant: { ok: false } },
    });
    expectNoTenantNames(text);
  });

  it("a wrong or malformed token on a public route is no error, and sees no more", async () => {
    const { app } = exposedApp();
    for (const authorization of ["Bearer not-a-configured-token-at-all", "Basic abc", ""]) {
      const res = await app.request("/readyz", { headers: { authorization } });
      expect(res.status, authorization).toBe(503);
      expect(await res.json()).toEqual({
        ready: false,
        checks: { redis: { ok: true }, tenant: { ok: false } },
      });
    }
  });

  it("with a token: the details of every check of the tenants it may use", async () => {
    const { request } = exposedApp();
    const full = await request("/readyz", { headers: as("billing") });
    expect(full.status).toBe(503);
    expect(await full.json()).toEqual(NOT_READY);
    const limited = await request("/readyz", { headers: as("boards") });
    expect(limited.status).toBe(503);
    const text = await limited.text();
    expect(JSON.parse(text)).toEqual({
      ready: false,
      checks: { redis: { ok: true }, "tenant:globex": { ok: true }, tenant: { ok: false } },
    });
    expect(text).not.toContain("initech");
    expect(text).not.toContain("umbrella");
  });

  it("when it is not public, the same with the token it then needs", async () => {
    const { app, request } = exposedApp({ auth: { publicRoutes: [] } });
    expect((await app.request("/readyz")).status).toBe(401);
    const res = await request("/readyz", { headers: as("boards") });
    expect(await res.json()).toMatchObject({
      checks: { "tenant:globex": { ok: true }, tenant: { ok: false } },
    });
  });

  it("everything with authentication disabled (local development)", async () => {
    const { app } = exposedApp({ auth: { disabled: true } });
    expect(await (await app.request("/readyz")).json()).toEqual(NOT_READY);
  });
});

describe("other public routes", () => {
  it("/metrics and /openapi.json name no tenant, even after requests to them", async () => {
    const { app, request } = exposedApp();
    for (const tenant of TENANTS) {
      await request(url("version", { jql: "project = FOO" }, tenant));
      await request(url("version", { jql: "project = FOO" }, tenant), { headers: as("boards") });
    }
    await request(url("version", { jql: "" }, "nobody"));
    for (const path of ["/metrics", "/openapi.json"]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expectNoTenantNames(await res.text());
    }
  });

  it("401 answers name no tenant", async () => {
    const { app } = exposedApp();
    for (const tenant of [...TENANTS, "nobody"]) {
      const res = await app.request(url("version", { jql: "" }, tenant));
      expect(res.status).toBe(401);
      expectNoTenantNames(await res.text());
    }
  });
});
