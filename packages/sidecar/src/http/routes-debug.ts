/**
 * Debugging routes: how a query is planned (explain) and what is cached for a
 * subscription (state, version, size, age, metadata, a sample of members).
 */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Engine } from "../engine/types.js";
import type { AppEnv } from "./env.js";
import { explainResponse, subscriptionResponse } from "./responses.js";
import { errorResponses, json } from "./route-docs.js";
import { explainQuery, subscriptionParams, tenantParams } from "./schemas.js";

const explain = createRoute({
  method: "get",
  path: "/v1/tenants/{tenant}/explain",
  operationId: "explain",
  summary: "The plan of a query: normalized text, Stage 1 / Stage 2 split, subscription, metadata",
  request: { params: tenantParams, query: explainQuery },
  responses: { 200: json(explainResponse, "The plan"), ...errorResponses(400, 401, 404) },
});

const subscription = createRoute({
  method: "get",
  path: "/v1/tenants/{tenant}/subscriptions/{id}",
  operationId: "subscription",
  summary: "What is cached for one subscription: state, version, size, age, metadata",
  request: { params: subscriptionParams },
  responses: { 200: json(subscriptionResponse, "The subscription"), ...errorResponses(401, 404, 503) },
});

export function debugRoutes(app: OpenAPIHono<AppEnv>, engine: Engine): void {
  app.openapi(explain, async (c) => {
    const { tenant } = c.req.valid("param");
    const { jql } = c.req.valid("query");
    c.set("jql", { text: jql, where: "query.jql" });
    return c.json(await engine.explain(tenant, jql), 200);
  });

  app.openapi(subscription, async (c) => {
    const { tenant, id } = c.req.valid("param");
    return c.json(await engine.subscription(tenant, id), 200);
  });
}
