import { describe, expect, it } from "vitest";
import { testApp, url } from "./testing/test-app.js";

function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("GET /metrics", () => {
  it("serves the Prometheus text exposition of the app's registry", async () => {
    const { app, metrics } = testApp();
    metrics.cacheRead("stale");
    metrics.recordDbTime("stage2", "ann", 0.25);
    const res = await app.request("/metrics");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const text = await res.text();
    expect(sample(text, 'subq_cache_reads_total{state="stale"}')).toBe(1);
    expect(sample(text, "subq_db_load_per_user_seconds")).toBe(0.25);
    expect(text).toContain("# HELP subq_db_load_per_user_seconds DBLoadPerUser");
  });
});

describe("request metrics", () => {
  it("counts requests by route pattern, method, status and outcome", async () => {
    const { app, request } = testApp();
    await request(url("version", { jql: "project = FOO" }));
    await request(url("version", { jql: "project = FOO" }));
    await request(url("version", { jql: "project = = FOO" }));
    await request(url("search"), { method: "POST", json: { jql: "", user: null, maxResults: 0 } });
    await app.request(url("version", { jql: "" }));
    await request("/nope");
    const text = await (await app.request("/metrics")).text();
    const series = (labels: string) => sample(text, `subq_http_requests_total{${labels}}`);
    expect(series('route="/v1/tenants/:tenant/version",method="GET",status="200",outcome="ok"')).toBe(2);
    expect(
      series('route="/v1/tenants/:tenant/version",method="GET",status="400",outcome="E_JQL_SYNTAX"'),
    ).toBe(1);
    expect(
      series('route="/v1/tenants/:tenant/search",method="POST",status="400",outcome="E_BAD_REQUEST"'),
    ).toBe(1);
    expect(
      series('route="/v1/tenants/:tenant/version",method="GET",status="401",outcome="E_UNAUTHORIZED"'),
    ).toBe(1);
    expect(series('route="unmatched",method="GET",status="404",outcome="E_NOT_FOUND"')).toBe(1);
    expect(
      sample(text, 'subq_http_request_duration_seconds_count{route="/v1/tenants/:tenant/version"}'),
    ).toBe(4);
  });
});

describe("request ids and logs", () => {
  it("echoes a sane caller request id, or makes one, and logs one line per request with it", async () => {
    const { request, logs } = testApp();
    const given = await request(url("version", { jql: "" }), { headers: { "x-request-id": "abc-123" } });
    expect(given.headers.get("x-request-id")).toBe("abc-123");
    const made = await request(url("version", { jql: "" }), { headers: { "x-request-id": "bad id\u0007" } });
    const id = made.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(logs.filter((l) => l.msg === "request")).toEqual([
      expect.objectContaining({
        level: "info",
        reqId: "abc-123",
        method: "GET",
        path: "/v1/tenants/acme/version",
        route: "/v1/tenants/:tenant/version",
        status: 200,
        app: "billing",
        tenant: "acme",
        ms: expect.any(Number),
      }),
      expect.objectContaining({ reqId: id }),
    ]);
  });

  it("logs probes and scrapes at debug, and errors with their code", async () => {
    const { app, request, logs } = testApp();
    await app.request("/healthz");
    await request(url("version", { jql: "" }, "nobody"));
    expect(logs.filter((l) => l.msg === "request").map((l) => [l.level, l.path, l.code])).toEqual([
      ["debug", "/healthz", undefined],
      ["info", "/v1/tenants/nobody/version", "E_UNKNOWN_TENANT"],
    ]);
  });
});
