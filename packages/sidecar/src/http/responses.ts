/**
 * Response schemas of the HTTP API, for the OpenAPI document (engine/types.ts is the
 * source of these shapes; responses are not validated at run time).
 */
import { z } from "@hono/zod-openapi";

const version = z.number().openapi({ description: "Moves whenever the results may have changed" });
const stale = z
  .boolean()
  .openapi({ description: "Served from data an event dirtied, or older than the staleness bound" });

export const searchResponse = z
  .object({
    issues: z.array(z.object({ id: z.string(), key: z.string() })).readonly(),
    total: z.number().int(),
    version,
    stale,
    ageMs: z.number().openapi({ description: "Age of the Stage 1 data used; 0 for direct answers" }),
    source: z.enum(["cache", "populate", "direct"]),
    degraded: z
      .string()
      .optional()
      .openapi({ description: "Why the normal path was not taken (redis-unavailable, too-large, ...)" }),
  })
  .openapi("SearchResponse");

export const versionResponse = z
  .object({
    version,
    stale,
    degraded: z.string().optional().openapi({
      description:
        "redis-unavailable: Redis cannot be read, so the version is the outage window's (it moves every engine.redisOutageWindowMs)",
    }),
  })
  .openapi("VersionResponse");

export const containsResponse = z
  .object({ contains: z.boolean(), version, stale })
  .openapi("ContainsResponse");

export const ingestResponse = z
  .object({
    accepted: z.number().int(),
    matched: z
      .number()
      .int()
      .openapi({ description: "Subscriptions matched (dirtied or patched), summed over events" }),
    patched: z
      .number()
      .int()
      .openapi({ description: "Of those, patched from a snapshot without a database query" }),
    deferred: z.number().int().optional().openapi({
      description:
        "Events kept by this sidecar while Redis or the database is unavailable, applied in order when it is back (not counted in matched/patched)",
    }),
  })
  .openapi("IngestResult");

const metadata = z.record(z.string(), z.array(z.string()).readonly());

export const explainResponse = z
  .object({
    jql: z.string(),
    normalized: z.string(),
    subscription: z.string().nullable(),
    stage1: z.string().nullable(),
    stage2: z.string().nullable(),
    stage2Only: z.boolean(),
    metadata,
    clauses: z.array(z.object({ text: z.string(), class: z.string(), why: z.string() })).readonly(),
  })
  .openapi("Explanation");

export const subscriptionResponse = z
  .object({
    tenant: z.string(),
    id: z.string(),
    state: z.enum(["fresh", "stale", "tooLarge", "populating", "missing"]),
    version: z.number(),
    size: z.number().int(),
    ageMs: z.number().nullable(),
    stage1: z.string().nullable(),
    metadata,
    position: z.string().nullable(),
    sample: z.array(z.string()).readonly(),
  })
  .openapi("SubscriptionInfo");

export const readinessResponse = z
  .object({
    ready: z.boolean(),
    degraded: z
      .boolean()
      .optional()
      .openapi({ description: "A dependency is unavailable; searches are answered degraded" }),
    checks: z.record(z.string(), z.object({ ok: z.boolean(), detail: z.string().optional() })),
  })
  .openapi("Readiness");

export const healthResponse = z
  .object({ status: z.literal("ok"), uptimeSeconds: z.number() })
  .openapi("Health");

export const problemResponse = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "E_JQL_SYNTAX" }),
      message: z.string(),
      where: z.string().optional().openapi({ example: "body.jql" }),
      diagnostic: z
        .object({
          code: z.string(),
          message: z.string(),
          line: z.number().int(),
          column: z.number().int(),
          span: z.object({ start: z.number().int(), end: z.number().int() }),
          rendered: z.string().openapi({ description: "The message under the source line with a caret run" }),
        })
        .optional(),
    }),
  })
  .openapi("Problem");
