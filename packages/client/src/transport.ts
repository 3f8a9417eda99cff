/**
 * One HTTP exchange over the injected undici dispatcher. `open` returns the response
 * with its body unread (for streams); `exchangeJson` reads the body to its end on every
 * path — success, error status, unreadable JSON — because an unread undici body holds
 * its connection until garbage collection, and a pool of such connections deadlocks.
 */
import { type Dispatcher, getGlobalDispatcher } from "undici";
import { SubqClientError, SubqNetworkError, SubqTimeoutError } from "./errors.js";
import type { ResolvedOptions } from "./options.js";
import { errorFromResponse } from "./response-error.js";

export interface HttpRequest {
  readonly method: "GET" | "POST";
  /** Path below the client's base URL with its query string, already encoded. */
  readonly path: string;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Safe to send twice: decides whether retries apply. */
  readonly idempotent: boolean;
  readonly accept?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Error statuses whose JSON body is an answer, not a failure (`/readyz` answers 503 with its report). */
  readonly answers?: readonly number[];
}

export interface JsonResponse {
  readonly status: number;
  readonly body: unknown;
}

/**
 * Error bodies are read up to this size (a diagnostic renders its whole source line, and
 * JQL can be long); beyond it the rest is dropped with the connection.
 */
export const ERROR_BODY_LIMIT = 1024 * 1024;

export function describe(request: HttpRequest): string {
  return `${request.method} ${request.path.split("?")[0]}`;
}

export async function open(
  options: ResolvedOptions,
  request: HttpRequest,
  signal: AbortSignal,
): Promise<Dispatcher.ResponseData> {
  const dispatcher = options.dispatcher ?? getGlobalDispatcher();
  const headers: Record<string, string> = {
    accept: request.accept ?? "application/json",
    "user-agent": options.userAgent,
    ...request.headers,
  };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (request.body !== undefined) {
    body = JSON.stringify(request.body);
    headers["content-type"] = "application/json";
  }
  try {
    return await dispatcher.request({
      origin: options.origin,
      path: options.basePath + request.path,
      method: request.method,
      headers,
      body,
      signal,
    });
  } catch (error) {
    throw transportError(error, describe(request), signal);
  }
}

/** Sends the request and reads the whole answer; error statuses throw their typed error. */
export async function exchangeJson(
  options: ResolvedOptions,
  request: HttpRequest,
  signal: AbortSignal,
): Promise<JsonResponse> {
  const response = await open(options, request, signal);
  const label = describe(request);
  let text: string;
  try {
    text = await readText(
      response.body,
      response.statusCode < 400 ? Number.POSITIVE_INFINITY : ERROR_BODY_LIMIT,
    );
  } catch (error) {
    throw transportError(error, label, signal);
  }
  if (response.statusCode >= 400) {
    const answer = request.answers?.includes(response.statusCode) ? answerOf(text) : undefined;
    if (answer === undefined) throw errorFromResponse(response.statusCode, response.headers, text, label);
    return { status: response.statusCode, body: answer };
  }
  try {
    return { status: response.statusCode, body: text === "" ? undefined : JSON.parse(text) };
  } catch (cause) {
    throw new SubqClientError("E_BAD_RESPONSE", `${label}: the answer is not JSON: ${text.slice(0, 200)}`, {
      status: response.statusCode,
      request: label,
      cause,
    });
  }
}

/** A JSON object that is not subq's error body, or undefined. */
function answerOf(text: string): object | undefined {
  try {
    const body: unknown = JSON.parse(text);
    return typeof body === "object" && body !== null && !("error" in body) ? body : undefined;
  } catch {
    return undefined;
  }
}

/** The body as text, up to `limit` bytes; a longer body is cut off and its connection closed. */
export async function readText(body: Dispatcher.ResponseData["body"], limit: number): Promise<string> {
  if (limit === Number.POSITIVE_INFINITY) return body.text();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    chunks.push(buffer);
    size += buffer.length;
    if (size >= limit) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).toString("utf8").slice(0, limit);
}

const TIMEOUT_CODES = new Set(["UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);

/**
 * A failure without an answer. When our own signal aborted, its reason (a timeout or the
 * caller's abort, set by `withDeadline`) wins over whatever undici made of it.
 */
export function transportError(error: unknown, label: string, signal: AbortSignal): SubqClientError {
  if (signal.aborted && signal.reason instanceof SubqClientError) return signal.reason;
  if (error instanceof SubqClientError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof code === "string" && TIMEOUT_CODES.has(code)) {
    return new SubqTimeoutError("E_TIMEOUT", `${label}: ${message}`, { request: label, cause: error });
  }
  return new SubqNetworkError("E_NETWORK", `${label}: ${message}`, { request: label, cause: error });
}
