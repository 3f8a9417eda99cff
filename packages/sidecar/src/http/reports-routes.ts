/**
 * The report routes: start a run, read a run, read the latest report of a scope. Thin:
 * validated input to the ReportService (reports/api/service.ts), its answer as JSON; its
 * ReportErrors carry generic codes the app's onError maps to 400 / 404. The schemas
 * (validation messages read as predicates of their field, like schemas.ts's) describe
 * reports/api/run-view.ts's RunView and reports/api/report-view.ts's ReportView.
 */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { ReportApi } from "../reports/index.js";
import type { AppEnv } from "./env.js";
import { errorResponses, json, jsonBody } from "./route-docs.js";
import { body, tenantParams } from "./schemas.js";

const scope = z
  .string({ error: "is required: project:<KEY>, jql:<query> or tenant" })
  .min(1, { error: "must not be empty: project:<KEY>, jql:<query> or tenant" })
  .max(4_000, { error: "must be at most 4000 characters" })
  .openapi({ example: "project:FOO" });

const reportParams = tenantParams.extend({
  tool: z
    .string()
    .min(1)
    .max(63)
    .openapi({ param: { name: "tool", in: "path" }, example: "unused-custom-fields" }),
});

const runParams = reportParams.extend({
  id: z
    .string()
    .regex(/^[1-9][0-9]{0,18}$/, { error: "must be a run id (a positive whole number)" })
    .openapi({ param: { name: "id", in: "path" }, example: "12" }),
});

const reportQuery = z.object({ scope });

const runBody = body({
  scope,
  params: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]), {
      error: 'must be an object of tool parameters, e.g. {"days": 90}',
    })
    .optional(),
  asOf: z
    .string({ error: "must be an ISO 8601 instant, e.g. 2025-06-01T00:00:00Z" })
    .optional()
    .openapi({ description: "The run's now; windows end here. Default: when the run is requested" }),
  maxRuntimeMs: z
    .number({ error: "must be a whole number of ms" })
    .int({ error: "must be a whole number of ms" })
    .optional()
    .openapi({ description: "Stop the run this long after it starts (at most the sidecar's limit)" }),
  coalesce: z
    .boolean({ error: "must be true or false" })
    .optional()
    .openapi({ default: true, description: "Join a run of the same report and parameters in progress" }),
}).openapi("ReportRunRequest");

const batchStats = z.object({
  count: z.number().int(),
  retried: z.number().int(),
  totalMs: z.number(),
  p50Ms: z.number(),
  p95Ms: z.number(),
  maxMs: z.number(),
});

const runResponse = z
  .object({
    id: z.string(),
    tenant: z.string(),
    tool: z.string(),
    scope: z.string().openapi({ description: "Canonical scope" }),
    params: z.record(z.string(), z.unknown()),
    trigger: z.enum(["adhoc", "scheduled"]),
    state: z.enum(["queued", "running", "succeeded", "failed", "expired", "superseded"]),
    asOf: z.string(),
    requestedAt: z.string(),
    startedAt: z.string().nullable(),
    deadlineAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    progress: z.object({
      batchesDone: z.number().int(),
      batchesTotal: z.number().int().nullable(),
      issuesScanned: z.number().int(),
      issuesTotal: z.number().int().nullable(),
    }),
    batches: batchStats.nullable(),
    error: z.string().nullable(),
    coalesced: z.boolean().openapi({ description: "The request joined a run already in progress" }),
  })
  .openapi("ReportRun");

const reportResponse = z
  .object({
    tenant: z.string(),
    tool: z.string(),
    scope: z.string(),
    runId: z.string(),
    computedAt: z.string().openapi({ description: "When the data was read (the run's start)" }),
    ageMs: z.number(),
    staleness: z.object({
      stale: z.boolean(),
      reason: z.string(),
      changesSinceRefresh: z.number().int(),
      readsSinceRefresh: z.number().int(),
    }),
    summary: z.record(z.string(), z.number()),
    entities: z
      .array(
        z.object({
          entityType: z.string(),
          entityId: z.string(),
          unused: z.boolean().nullable(),
          note: z.string().nullable().openapi({ description: "Why, in words" }),
          metrics: z.record(z.string(), z.number()),
        }),
      )
      .readonly(),
  })
  .openapi("Report");

const startRun = createRoute({
  method: "post",
  path: "/v1/tenants/{tenant}/reports/{tool}/runs",
  operationId: "startReportRun",
  summary: "Start a run of a report over a scope (or join the same run in progress)",
  request: { params: reportParams, body: jsonBody(runBody) },
  responses: {
    202: json(runResponse, "The run, queued or in progress"),
    ...errorResponses(400, 401, 404, 503),
  },
});

const getRun = createRoute({
  method: "get",
  path: "/v1/tenants/{tenant}/reports/{tool}/runs/{id}",
  operationId: "getReportRun",
  summary: "A run's state and progress (batches done of total, issues scanned, batch durations)",
  request: { params: runParams },
  responses: { 200: json(runResponse, "The run"), ...errorResponses(400, 401, 404, 503) },
});

const getReport = createRoute({
  method: "get",
  path: "/v1/tenants/{tenant}/reports/{tool}",
  operationId: "getReport",
  summary: "The latest report of a scope: entities with verdicts and reasons, its age and staleness",
  request: { params: reportParams, query: reportQuery },
  responses: { 200: json(reportResponse, "The report"), ...errorResponses(400, 401, 404, 503) },
});

export function reportRoutes(app: OpenAPIHono<AppEnv>, reports: ReportApi): void {
  app.openapi(startRun, async (c) => {
    const { tenant, tool } = c.req.valid("param");
    return c.json(await reports.startRun(tenant, tool, c.req.valid("json")), 202);
  });

  app.openapi(getRun, async (c) => {
    const { tenant, tool, id } = c.req.valid("param");
    return c.json(await reports.getRun(tenant, tool, id), 200);
  });

  app.openapi(getReport, async (c) => {
    const { tenant, tool } = c.req.valid("param");
    return c.json(await reports.getReport(tenant, tool, c.req.valid("query").scope), 200);
  });
}
