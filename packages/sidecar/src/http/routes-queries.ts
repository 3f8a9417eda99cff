/**
 * The query routes: search, version (for polling) and contains. Thin: validated input to
 * the engine, its answer as JSON.
 */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Engine } from "../engine/types.js";
import type { AppEnv } from "./env.js";
import { containsResponse, searchResponse, versionResponse } from "./responses.js";
import { errorResponses, json, jsonBody } from "./route-docs.js";
import { containsQuery, queryRefQuery, searchBody, tenantParams } from "./schemas.js";

const search = createRoute({
  method: "post",
  path: "/v1/tenants/{tenant}/search",
  operationId: "search",
  summary: "Search: the issue ids of one page of a JQL query for one user",
  description:
    'Served from the cache where it can be (`source` says where from); `consistency: "direct"` bypasses it. ' +
    "`minTxid` asks for read-your-writes: cached data is used only if it has seen that transaction.",
  request: { params: tenantParams, body: jsonBody(searchBody) },
  responses: { 200: json(searchResponse, "One page of results"), ...errorResponses(400, 401, 404, 503) },
});

const version = createRoute({
  method: "get",
  path: "/v1/tenants/{tenant}/version",
  operationId: "version",
  summary: "The version of a query's results, without touching the database",
  request: { params: tenantParams, query: queryRefQuery },
  responses: { 200: json(versionResponse, "The current version"), ...errorResponses(400, 401, 404, 503) },
});

const contains = createRoute({
  method: "get",
  path: "/v1/tenants/{tenant}/contains",
  operationId: "contains",
  summary: "Whether one issue is in a query's results for one user",
  request: { params: tenantParams, query: containsQuery },
  responses: {
    200: json(containsResponse, "Whether the issue is in the results"),
    ...errorResponses(400, 401, 404, 503),
  },
});

export function queryRoutes(app: OpenAPIHono<AppEnv>, engine: Engine): void {
  app.openapi(search, async (c) => {
    const { tenant } = c.req.valid("param");
    const body = c.req.valid("json");
    c.set("jql", { text: body.jql, where: "body.jql" });
    return c.json(await engine.search({ tenant, ...body }), 200);
  });

  app.openapi(version, async (c) => {
    const { tenant } = c.req.valid("param");
    const { jql, user } = c.req.valid("query");
    c.set("jql", { text: jql, where: "query.jql" });
    return c.json(await engine.version({ tenant, jql, user: user ?? null }), 200);
  });

  app.openapi(contains, async (c) => {
    const { tenant } = c.req.valid("param");
    const { jql, user, issue } = c.req.valid("query");
    c.set("jql", { text: jql, where: "query.jql" });
    return c.json(await engine.contains({ tenant, jql, user: user ?? null, issue }), 200);
  });
}
