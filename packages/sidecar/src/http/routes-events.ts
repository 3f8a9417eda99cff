/**
 * Event ingestion. The route checks the envelope (a JSON object with an `events` array,
 * within the body size and event count limits); the engine validates every event and
 * applies all or none.
 */
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { ResolvedSidecarOptions } from "../config/options.js";
import type { Engine } from "../engine/types.js";
import type { AppEnv } from "./env.js";
import { ingestResponse } from "./responses.js";
import { errorResponses, json, jsonBody } from "./route-docs.js";
import { eventsBody, tenantParams } from "./schemas.js";

export function eventRoutes(
  app: OpenAPIHono<AppEnv>,
  engine: Engine,
  http: ResolvedSidecarOptions["http"],
): void {
  const events = createRoute({
    method: "post",
    path: "/v1/tenants/{tenant}/events",
    operationId: "publishEvents",
    summary: "Publish change events: issues created, updated, deleted; configuration changed",
    description: `At most ${http.maxEventsPerRequest} events and ${http.maxBodyBytes} bytes per request. All are validated first; one bad event rejects the batch (\`where\` names it).`,
    request: { params: tenantParams, body: jsonBody(eventsBody(http.maxEventsPerRequest)) },
    responses: { 200: json(ingestResponse, "Events applied"), ...errorResponses(400, 401, 404, 503) },
  });

  app.openapi(events, async (c) => {
    const { tenant } = c.req.valid("param");
    const { events: batch } = c.req.valid("json");
    const result = await engine.ingestEvents(tenant, batch);
    const { accepted, matched, patched, deferred } = result;
    return c.json({ accepted, matched, patched, ...(deferred ? { deferred } : {}) }, 200);
  });
}
