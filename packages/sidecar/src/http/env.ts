/**
 * What the HTTP layer is built from and what its middleware share per request.
 */
import type { Context } from "hono";
import { routePath } from "hono/route";
import type { ResolvedSidecarOptions } from "../config/options.js";
import type { Engine } from "../engine/types.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics/metrics.js";
import type { ReportApi } from "../reports/index.js";
import type { Caller } from "./caller.js";

export interface AppDeps {
  readonly engine: Engine;
  readonly options: ResolvedSidecarOptions;
  readonly metrics: Metrics;
  readonly logger: Logger;
  /** Aborted when the server starts shutting down: watch streams end, readiness fails. */
  readonly shutdown?: AbortSignal;
  /** Pre-computed reports (reports/api/service.ts); without it the report routes are absent. */
  readonly reports?: ReportApi;
}

/** Per-request values set by middleware and handlers. */
export interface AppVariables {
  readonly requestId: string;
  /** The request's child logger (carries the request id). */
  readonly log: Logger;
  /** The calling application, from its token; null when authentication is off or not needed. */
  readonly app: string | null;
  /** What the caller may do (auth.ts); null: no valid token, on a public route. */
  readonly caller: Caller | null;
  /** The JQL of the request and where it came from, so a JqlError can be rendered against it. */
  readonly jql: { readonly text: string; readonly where: string } | undefined;
  /** The error code of the answer (set by onError), for logs and metrics. */
  readonly errorCode: string | undefined;
}

export interface AppEnv {
  Variables: AppVariables;
}

/** The route pattern that answered (`/v1/tenants/:tenant/search`), or "unmatched". */
export function routeLabel(c: Context<AppEnv>): string {
  const path = routePath(c, -1);
  return path === "" || path.endsWith("*") ? "unmatched" : path;
}
