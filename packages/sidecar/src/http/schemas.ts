/**
 * Request and response schemas of the HTTP API: validation (messages read as predicates
 * of the field they follow: "body.maxResults must be ...") and the OpenAPI document.
 */
import { z } from "@hono/zod-openapi";
import { PAGE_LIMITS, wholeNumberFrom } from "../page-limits.js";

const required = (what: string, type: string) => ({
  error: (issue: { input?: unknown }) =>
    issue.input === undefined ? `is required: ${what}` : `must be ${type}`,
});

export const jqlField = z
  .string(required("the JQL query, e.g. project = FOO ORDER BY created DESC", "a string of JQL"))
  .openapi({ example: "project = FOO AND assignee = currentUser() ORDER BY created DESC" });

const userId = z
  .string()
  .min(1, { error: "must not be empty: leave it out for anonymous" })
  .max(256, { error: "must be at most 256 characters" });

/** A whole number in range; every way to miss it reads the same. */
function wholeNumber(min: number, max: number) {
  const error = `must be ${wholeNumberFrom(min, max)}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

export const tenantParams = z.object({
  tenant: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "tenant", in: "path" }, example: "acme" }),
});

export const subscriptionParams = tenantParams.extend({
  id: z
    .string()
    .min(1)
    .max(128)
    .openapi({ param: { name: "id", in: "path" }, description: "Subscription id (from explain)" }),
});

export const queryRefQuery = z.object({
  jql: jqlField,
  user: userId.optional().openapi({ description: "The searching user's id; leave it out for anonymous" }),
});

export const containsQuery = queryRefQuery.extend({
  issue: z
    .string(required("the issue key (FOO-12) or numeric id", "an issue key or id"))
    .min(1, { error: "must not be empty: pass the issue key (FOO-12) or numeric id" })
    .openapi({ example: "FOO-12" }),
});

export const explainQuery = z.object({ jql: jqlField });

/** A JSON body object that rejects unknown fields, naming the known ones. */
export function body<T extends z.ZodRawShape>(shape: T) {
  const fields = Object.keys(shape).join(", ");
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `has unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}; the fields are: ${fields}`
        : issue.code === "invalid_type"
          ? `must be a JSON object with the fields ${fields}`
          : undefined,
  });
}

export const searchBody = body({
  jql: jqlField,
  // Required: a forgotten user must not silently search as anonymous.
  user: z
    .string(required("the id of the searching user, or null for anonymous", "a user id string or null"))
    .min(1, { error: "must not be empty: pass the user id, or null for anonymous" })
    .max(256, { error: "must be at most 256 characters" })
    .nullable()
    .openapi({ description: "The searching user's id, or null for anonymous" }),
  startAt: wholeNumber(0, PAGE_LIMITS.maxStartAt).optional().openapi({ default: 0 }),
  maxResults: wholeNumber(1, PAGE_LIMITS.maxResults)
    .optional()
    .openapi({ default: PAGE_LIMITS.defaultMaxResults }),
  consistency: z
    .enum(["cached", "direct"], { error: 'must be "cached" or "direct" ("direct" bypasses the cache)' })
    .optional()
    .openapi({ default: "cached" }),
  minTxid: z
    .string({ error: "must be a transaction id as a string of digits (from pg_current_xact_id())" })
    .regex(/^\d{1,20}$/, {
      error: "must be a transaction id as a string of digits (from pg_current_xact_id())",
    })
    .optional()
    .openapi({
      description: "Read-your-writes: serve from the cache only if it has seen this transaction",
    }),
}).openapi("SearchRequest");

export function eventsBody(maxEvents: number) {
  return body({
    events: z.array(z.unknown(), required("an array of events", "an array of events")).max(maxEvents, {
      error: `holds more than ${maxEvents} events (http.maxEventsPerRequest); send them in smaller batches`,
    }),
  }).openapi("EventBatch");
}
