/**
 * Building blocks of the route definitions' OpenAPI side: JSON bodies and responses, and
 * the error responses every route may give (all of them the Problem shape).
 */
import type { z } from "@hono/zod-openapi";
import { problemResponse } from "./responses.js";

const ERRORS: Readonly<Record<number, string>> = {
  400: "Bad request: invalid parameters or body, or bad JQL (with the parser's diagnostic)",
  401: "Missing or wrong bearer token",
  403: "The token may not use this tenant, or only reads or only publishes (auth.grants)",
  404: "Unknown tenant or subscription",
  500: "Internal error (details in the sidecar's log)",
  503: "Unavailable: overloaded, shutting down, or Redis/database unavailable without a cached answer",
};

export function json<T extends z.ZodType>(schema: T, description: string) {
  return { content: { "application/json": { schema } }, description };
}

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { content: { "application/json": { schema } }, required: true };
}

/** The given statuses and 500; a route that takes a token (401) may also refuse it (403). */
export function errorResponses<const S extends readonly number[]>(...statuses: S) {
  const all = [...statuses, ...(statuses.includes(401) ? [403] : []), 500].sort();
  return Object.fromEntries(
    all.map((status) => [status, json(problemResponse, ERRORS[status] ?? "Error")]),
  ) as {
    [K in S[number] | 500 | (401 extends S[number] ? 403 : never)]: ReturnType<
      typeof json<typeof problemResponse>
    >;
  };
}
