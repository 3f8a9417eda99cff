/**
 * The sidecar's HTTP API as a Hono app over an Engine: request ids and logs, metrics,
 * authentication, body limits, validated routes, the OpenAPI document, and the one
 * place errors become HTTP answers (onError → problemOf → httpStatusOf). The worker
 * role serves only the operations routes.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { unservedGrants } from "../config/grants.js";
import { SubqError } from "../errors.js";
import { authMiddleware } from "./auth.js";
import { closeWhenShuttingDown } from "./connection-drain.js";
import type { AppDeps, AppEnv } from "./env.js";
import { problemOf } from "./problem.js";
import { reportRoutes } from "./reports-routes.js";
import { requestLog } from "./request-log.js";
import { requestMetrics } from "./request-metrics.js";
import { debugRoutes } from "./routes-debug.js";
import { eventRoutes } from "./routes-events.js";
import { opsRoutes } from "./routes-ops.js";
import { queryRoutes } from "./routes-queries.js";
import { watchRoutes } from "./routes-watch.js";
import { throwOnInvalid } from "./validation.js";

export type App = OpenAPIHono<AppEnv>;

export function createApp(deps: AppDeps): App {
  const { engine, options, metrics, logger, shutdown } = deps;
  const app = new OpenAPIHono<AppEnv>({ defaultHook: throwOnInvalid });

  app.use(closeWhenShuttingDown(shutdown));
  app.use(requestLog(logger));
  app.use(requestMetrics(metrics));
  app.use(authMiddleware(options.auth, () => engine.tenants()));
  for (const warning of unservedGrants(options.auth.grants, engine.tenants())) logger.warn(warning);
  app.use(limitBody(options.http.maxBodyBytes));

  opsRoutes(app, { engine, metrics, shutdown, publicRoutes: options.auth.publicRoutes });
  if (options.role !== "worker") {
    queryRoutes(app, engine);
    watchRoutes(app, { engine, metrics, shutdown, heartbeatMs: options.http.watchHeartbeatMs });
    eventRoutes(app, engine, options.http);
    debugRoutes(app, engine);
    if (deps.reports) reportRoutes(app, deps.reports);
  }

  // The one place an error becomes an HTTP answer.
  const answer = (error: unknown, c: Context<AppEnv>) => {
    const problem = problemOf(error, { jql: c.get("jql"), requestId: c.get("requestId") ?? "-" });
    c.set("errorCode", problem.body.error.code);
    const log = c.get("log") ?? logger;
    if (problem.status >= 500 && problem.status !== 503) {
      log.error({ err: error, code: problem.body.error.code }, "request failed");
    } else if (problem.status === 503) {
      log.warn({ code: problem.body.error.code, reason: problem.body.error.message }, "request unavailable");
    }
    return c.json(problem.body, problem.status as 400, problem.headers);
  };
  app.notFound((c) =>
    answer(
      new SubqError(
        "E_NOT_FOUND",
        `no route ${c.req.method} ${c.req.path}; the routes are listed in /openapi.json`,
      ),
      c,
    ),
  );
  app.onError(answer);
  return app;
}

/** Bodies beyond the limit are refused (413) before anything reads them. */
function limitBody(maxBytes: number) {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new SubqError(
        "E_PAYLOAD_TOO_LARGE",
        `the request body is larger than ${maxBytes} bytes (http.maxBodyBytes); send a smaller body, e.g. fewer events per request`,
        { where: "body" },
      );
    },
  });
}
