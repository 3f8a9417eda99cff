/**
 * Counts every request by route, method, status and outcome ("ok" or the error code the
 * app's onError answered with), with its duration.
 */
import type { MiddlewareHandler } from "hono";
import type { Metrics } from "../metrics/metrics.js";
import { type AppEnv, routeLabel } from "./env.js";

export function requestMetrics(metrics: Metrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    metrics.httpRequest(
      {
        route: routeLabel(c),
        method: c.req.method,
        status: c.res.status,
        outcome: c.get("errorCode") ?? (c.res.status < 400 ? "ok" : `http_${c.res.status}`),
      },
      (performance.now() - started) / 1000,
    );
  };
}
