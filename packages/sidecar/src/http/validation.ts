/**
 * Request validation failures → one E_BAD_REQUEST naming where (`body.maxResults`,
 * `query.jql`), what is expected (the schema's message) and what was sent. Thrown from
 * the validators' hook, so the app's onError answers it like every other error.
 *
 * Before the schema, every request input (body, query, path) is held to what no schema
 * says field by field: no string holds NUL (U+0000), which Postgres text cannot store,
 * and no JSON nests deeper than MAX_JSON_DEPTH. Checked here once, nothing with a NUL
 * reaches the engine, whichever field (an event's, a report's) carries it.
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
  const hostile = hostileInput(result.data, TARGETS[result.target] ?? result.target);
  if (hostile) throw hostile;
  if (!result.success && result.error) throw validationError(result.error, result.target, result.data);
}

/** Nesting of JSON objects and arrays a request may hold (an event with a snapshot needs 5). */
export const MAX_JSON_DEPTH = 32;

interface Node {
  readonly value: unknown;
  readonly parent: Node | undefined;
  readonly key: string | number;
  readonly depth: number;
}

/** The first NUL or too deep value of a request's input, as the error to answer; iterative, so any depth is safe. */
export function hostileInput(data: unknown, base: string): SubqError | undefined {
  const stack: Node[] = [{ value: data, parent: undefined, key: base, depth: 0 }];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    const { value, depth } = node;
    if (typeof value === "string") {
      if (value.includes("\u0000")) return nulError(pathOf(node), value.indexOf("\u0000"));
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    if (depth === MAX_JSON_DEPTH) {
      const where = pathOf(node);
      return new SubqError(
        "E_BAD_REQUEST",
        `${where} is nested more than ${MAX_JSON_DEPTH} levels deep (objects and arrays within each other); no field of this API needs that: send a flatter value`,
        { where },
      );
    }
    const children: Node[] = [];
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++)
        children.push({ value: value[i], parent: node, key: i, depth: depth + 1 });
    } else {
      for (const [key, item] of Object.entries(value)) {
        const child = { value: item, parent: node, key, depth: depth + 1 };
        if (key.includes("\u0000"))
          return nulError(`${pathOf(child)} (the field name)`, key.indexOf("\u0000"));
        children.push(child);
      }
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return undefined;
}

function nulError(where: string, index: number): SubqError {
  return new SubqError(
    "E_BAD_REQUEST",
    `${where} contains the NUL character (U+0000) at index ${index}, which Postgres text cannot store and no issue, user or name can contain: remove it`,
    { where },
  );
}

/** `body.events[3].changes[0].from`, as in the schema's messages. */
function pathOf(node: Node): string {
  const parts: string[] = [];
  for (let n: Node | undefined = node; n !== undefined; n = n.parent) {
    parts.push(typeof n.key === "number" ? `[${n.key}]` : n.parent === undefined ? n.key : `.${n.key}`);
  }
  return parts.reverse().join("");
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const part of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}
