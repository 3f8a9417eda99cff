/**
 * Request ids and request logs. Every request gets an id (the caller's `X-Request-Id` when
 * it is a sane one, else a new UUID), echoed in the response, carried by a child logger
 * (`c.get("log")`) and on the one line logged per request. Probes and scrapes log at
 * debug so they do not drown the rest.
 */
import { randomUUID } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { Logger } from "../logger.js";
import { type AppEnv, routeLabel } from "./env.js";

const QUIET = new Set(["/healthz", "/readyz", "/metrics"]);
const SANE_ID = /^[\w\-=.:]{1,128}$/;

export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header("x-request-id");
    const requestId = incoming !== undefined && SANE_ID.test(incoming) ? incoming : randomUUID();
    c.set("requestId", requestId);
    c.set("log", logger.child({ reqId: requestId }));
    const started = performance.now();
    await next();
    c.res.headers.set("X-Request-Id", requestId);
    const fields = {
      method: c.req.method,
      path: c.req.path,
      route: routeLabel(c),
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      app: c.get("app") ?? undefined,
      tenant: c.req.param("tenant"),
      code: c.get("errorCode"),
    };
    if (QUIET.has(c.req.path) && c.res.status < 500) c.get("log").debug(fields, "request");
    else c.get("log").info(fields, "request");
  };
}
