/**
 * A JSON call composed from its parts: retry (idempotent calls only) around a deadline
 * (per attempt) around one exchange. Each layer is a plain function of the next, so a
 * caller can compose them differently (the watch stream uses `open` with its own timers).
 */
import { withDeadline } from "./deadline.js";
import { SubqClientError } from "./errors.js";
import type { ResolvedOptions } from "./options.js";
import { withRetry } from "./retry.js";
import { describe, exchangeJson, type HttpRequest } from "./transport.js";
import type { CallOptions } from "./types.js";

export async function callJson(
  options: ResolvedOptions,
  request: HttpRequest,
  call: CallOptions = {},
): Promise<unknown> {
  const label = describe(request);
  const timeoutMs = call.timeoutMs ?? options.timeoutMs;
  const response = await withRetry(options.retry, request.idempotent, call.signal, () =>
    withDeadline(timeoutMs, call.signal, label, (signal) => exchangeJson(options, request, signal)),
  );
  return response.body;
}

export type FieldKind = "number" | "boolean" | "string" | "array" | "object";

/**
 * The answer as an object whose named fields have the given kinds. Only the fields the
 * client itself relies on are checked; the rest pass through as the server sent them.
 */
export async function callObject<T>(
  options: ResolvedOptions,
  request: HttpRequest,
  call: CallOptions | undefined,
  fields: Readonly<Record<string, FieldKind>> = {},
): Promise<T> {
  const body = await callJson(options, request, call);
  const label = describe(request);
  const bad = (what: string) =>
    new SubqClientError("E_BAD_RESPONSE", `${label}: ${what} in ${JSON.stringify(body)?.slice(0, 200)}`, {
      request: label,
    });
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw bad("expected a JSON object");
  for (const [name, kind] of Object.entries(fields)) {
    const value = (body as Record<string, unknown>)[name];
    if (kind === "array" ? !Array.isArray(value) : typeof value !== kind)
      throw bad(`expected ${kind} \`${name}\``);
  }
  return body as T;
}
