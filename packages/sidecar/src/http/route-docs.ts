/**
 * Building blocks of the route definitions' OpenAPI side: JSON bodies and responses, and
 * the error responses every route may give (all of them the Problem shape).
 */
import type { z } from "@hono/zod-openapi";
import { problemResponse } from "./responses.js";

const ERRORS: Readonly<Record<number, string>> = {
  400: "Bad request: invalid parameters or body, or bad JQL (with the parser's diagnostic)",
  401: "Missing or wrong bearer token",
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

export function errorResponses<const S extends readonly number[]>(...statuses: S) {
  return Object.fromEntries(
    [...statuses, 500].map((status) => [status, json(problemResponse, ERRORS[status] ?? "Error")]),
  ) as { [K in S[number] | 500]: ReturnType<typeof json<typeof problemResponse>> };
}
