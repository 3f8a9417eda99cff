import { describe, expect, it } from "vitest";
import { testApp } from "./testing/test-app.js";

interface Operation {
  operationId: string;
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content: Record<string, { schema: unknown }>; required?: boolean };
  responses: Record<string, { content?: Record<string, unknown> }>;
}
interface Document {
  openapi: string;
  info: { title: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
  security: unknown[];
}

async function document(options = {}): Promise<Document> {
  const res = await testApp(options).app.request("/openapi.json");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  return JSON.parse(await res.text()) as Document;
}

describe("GET /openapi.json", () => {
  it("is an OpenAPI 3.1 document listing every route", async () => {
    const doc = await document();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.title).toBe("subq sidecar");
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => `${method.toUpperCase()} ${path} ${op.operationId}`),
    );
    expect(operations.sort()).toEqual(
      [
        "GET /healthz health",
        "GET /metrics metrics",
        "GET /readyz ready",
        "GET /v1/tenants/{tenant}/contains contains",
        "GET /v1/tenants/{tenant}/explain explain",
        "GET /v1/tenants/{tenant}/subscriptions/{id} subscription",
        "GET /v1/tenants/{tenant}/version version",
        "GET /v1/tenants/{tenant}/watch watch",
        "POST /v1/tenants/{tenant}/events publishEvents",
        "POST /v1/tenants/{tenant}/search search",
      ].sort(),
    );
  });

  it("describes parameters, bodies, responses and errors", async () => {
    const doc = await document();
    const search = doc.paths["/v1/tenants/{tenant}/search"]!.post!;
    expect(search.parameters).toContainEqual(
      expect.objectContaining({ name: "tenant", in: "path", required: true }),
    );
    expect(search.requestBody?.required).toBe(true);
    expect(Object.keys(search.responses).sort()).toEqual(["200", "400", "401", "403", "404", "500", "503"]);
    const version = doc.paths["/v1/tenants/{tenant}/version"]!.get!;
    expect(version.parameters?.map((p) => [p.name, p.in, p.required ?? false])).toEqual([
      ["tenant", "path", true],
      ["jql", "query", true],
      ["user", "query", false],
    ]);
    expect(Object.keys(doc.paths["/v1/tenants/{tenant}/watch"]!.get!.responses["200"]!.content!)).toEqual([
      "text/event-stream",
    ]);
    for (const name of [
      "SearchRequest",
      "SearchResponse",
      "VersionResponse",
      "ContainsResponse",
      "EventBatch",
      "IngestResult",
      "Explanation",
      "SubscriptionInfo",
      "Readiness",
      "Health",
      "Problem",
    ]) {
      expect(doc.components.schemas, name).toHaveProperty(name);
    }
  });

  it("declares bearer authentication, with the public operations routes exempt", async () => {
    const doc = await document();
    expect(doc.components.securitySchemes).toEqual({
      bearer: expect.objectContaining({ type: "http", scheme: "bearer" }),
    });
    expect(doc.security).toEqual([{ bearer: [] }]);
    expect(doc.paths["/healthz"]!.get!.security).toEqual([]);
    expect(doc.paths["/v1/tenants/{tenant}/search"]!.post!.security).toBeUndefined();
    const guarded = await document({ auth: { publicRoutes: ["healthz", "openapi"] } });
    expect(guarded.paths["/metrics"]!.get!.security).toBeUndefined();
  });

  it("lists only the operations routes for the worker role", async () => {
    const doc = await document({ role: "worker" });
    expect(Object.keys(doc.paths).sort()).toEqual(["/healthz", "/metrics", "/readyz"]);
  });
});
