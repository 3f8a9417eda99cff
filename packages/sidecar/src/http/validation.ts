/**
 * Request validation failures → one E_BAD_REQUEST naming where (`body.maxResults`,
 * `query.jql`), what is expected (the schema's message) and what was sent. Thrown from
 * the validators' hook, so the app's onError answers it like every other error.
 */
import type { z } from "@hono/zod-openapi";
import { describe } from "../config/messages.js";
import { SubqError } from "../errors.js";

const TARGETS: Readonly<Record<string, string>> = { json: "body", query: "query", param: "path" };

export function validationError(error: z.ZodError, target: string, data: unknown): SubqError {
  const base = TARGETS[target] ?? target;
  const problems = error.issues.slice(0, 5).map((issue) => {
    const where = [base, ...issue.path.map((part) => (typeof part === "number" ? `[${part}]` : String(part)))]
      .join(".")
      .replaceAll(".[", "[");
    const value = valueAt(data, issue.path);
    const got = value === undefined || issue.code === "unrecognized_keys" ? "" : `, got ${describe(value)}`;
    return { where, message: `${where} ${issue.message}${got}` };
  });
  return new SubqError("E_BAD_REQUEST", problems.map((p) => p.message).join("; "), {
    where: problems[0]?.where ?? base,
  });
}

/** The hook every route's validators call: throw on failure, let the handler run otherwise. */
export function throwOnInvalid(result: {
  success: boolean;
  target: string;
  error?: z.ZodError;
  data?: unknown;
}): void {
  if (!result.success && result.error) throw validationError(result.error, result.target, result.data);
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const part of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}
