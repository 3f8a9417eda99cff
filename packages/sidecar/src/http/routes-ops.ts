/**
 * Operations routes: liveness (/healthz: the process answers), readiness (/readyz: the
 * engine's checks; 503 while not ready or shutting down), Prometheus metrics (/metrics)
 * and the OpenAPI document (/openapi.json). /readyz is public by default, so it says
 * little to a caller without a valid token (readinessFor).
 */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { PublicRoute } from "../config/options.js";
import type { Engine, ReadinessReport } from "../engine/types.js";
import type { Metrics } from "../metrics/metrics.js";
import { type Caller, reaches } from "./caller.js";
import type { AppEnv } from "./env.js";
import { healthResponse, readinessResponse } from "./responses.js";
import { json } from "./route-docs.js";

const healthz = (security: Security) =>
  createRoute({
    security,
    method: "get",
    path: "/healthz",
    operationId: "health",
    summary: "Liveness: the process is up",
    responses: { 200: json(healthResponse, "Alive") },
  });

const readyz = (security: Security) =>
  createRoute({
    security,
    method: "get",
    path: "/readyz",
    operationId: "ready",
    summary: "Readiness: Redis and every tenant's database answer",
    description:
      "Without a valid token: whether the sidecar is ready and one check per class (redis, tenant, shutdown, engine), " +
      "without details. With one: each check with its detail, of the tenants the token may use; " +
      "the other tenants' databases together as one `tenant` check.",
    responses: {
      200: json(readinessResponse, "Ready"),
      503: json(readinessResponse, "Not ready (the failing checks say why) or shutting down"),
    },
  });

const metricsRoute = (security: Security) =>
  createRoute({
    security,
    method: "get",
    path: "/metrics",
    operationId: "metrics",
    summary: "Prometheus metrics (text exposition format)",
    responses: { 200: { content: { "text/plain": { schema: z.string() } }, description: "The metrics" } },
  });

/** `[]`: served without a token (auth.publicRoutes); undefined: the document's default, a token. */
type Security = [] | undefined;

export interface OpsDeps {
  readonly engine: Engine;
  readonly metrics: Metrics;
  readonly publicRoutes: readonly PublicRoute[];
  readonly shutdown?: AbortSignal;
  readonly clock?: () => number;
}

export function opsRoutes(app: OpenAPIHono<AppEnv>, deps: OpsDeps): void {
  const clock = deps.clock ?? Date.now;
  const started = clock();
  const security = (route: PublicRoute): Security => (deps.publicRoutes.includes(route) ? [] : undefined);
  app.openapi(healthz(security("healthz")), (c) =>
    c.json({ status: "ok" as const, uptimeSeconds: (clock() - started) / 1000 }, 200),
  );

  app.openapi(readyz(security("readyz")), async (c) => {
    const report = await readiness(deps);
    return c.json(readinessFor(report, c.get("caller")), report.ready ? 200 : 503);
  });

  app.openapi(metricsRoute(security("metrics")), async (c) => {
    const { contentType, body } = await deps.metrics.expose();
    return c.text(body, 200, { "Content-Type": contentType });
  });

  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "subq sidecar",
      version: "1",
      description:
        "Cached JQL search beside each application pod. Errors are `{ error: { code, message, where?, diagnostic? } }`.",
    },
    security: [{ bearer: [] }],
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "The token configured for the calling application (auth.tokens)",
  });
}

async function readiness(deps: OpsDeps): Promise<ReadinessReport> {
  if (deps.shutdown?.aborted)
    return { ready: false, checks: { shutdown: { ok: false, detail: "shutting down" } } };
  try {
    return await deps.engine.ready();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ready: false, checks: { engine: { ok: false, detail } } };
  }
}

/**
 * What a caller may see of the report. Checks are named `<class>` or `<class>:<tenant>`
 * (`redis`, `tenant:acme`). Without a caller (no valid token): one check per class, ok if
 * all of its checks are, no details (they can name hosts and databases). With one: every
 * check in full except those of tenants it may not use, which merge into their class.
 */
export function readinessFor(report: ReadinessReport, caller: Caller | null): ReadinessReport {
  const checks: Record<string, { ok: boolean; detail?: string }> = {};
  for (const [name, check] of Object.entries(report.checks)) {
    const colon = name.indexOf(":");
    const subject = colon < 0 ? null : name.slice(colon + 1);
    const shown = caller !== null && (subject === null || reaches(caller, subject));
    if (shown) {
      checks[name] = check;
    } else {
      const key = colon < 0 ? name : name.slice(0, colon);
      checks[key] = { ok: (checks[key]?.ok ?? true) && check.ok };
    }
  }
  return { ready: report.ready, ...(report.degraded ? { degraded: true } : {}), checks };
}
