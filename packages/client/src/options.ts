/**
 * The client's options: a user-facing type with documented defaults and one pure
 * function that resolves it into a frozen, complete object (unknown keys fail, naming
 * the known ones, so a typo is not silently ignored).
 */
import type { Dispatcher } from "undici";

export interface RetryOptions {
  /** Total tries of an idempotent call, the first included. Default 3; 1 disables retries. */
  readonly attempts?: number;
  /** Cap of the first backoff; doubles per retry (full jitter: a uniform draw below it). Default 100 ms. */
  readonly baseDelayMs?: number;
  /** Cap of any backoff, also of a server's `Retry-After`. Default 2000 ms. */
  readonly maxDelayMs?: number;
}

export interface ClientOptions {
  /** The sidecar's base URL, e.g. `http://127.0.0.1:7070` (a path prefix is kept). */
  readonly url: string;
  /** Sent as `Authorization: Bearer <token>`. */
  readonly token?: string;
  /** Every call of this client is scoped to this tenant. */
  readonly tenant: string;
  /** The undici dispatcher (an Agent, Pool, ProxyAgent or MockAgent). Default: undici's global dispatcher. */
  readonly dispatcher?: Dispatcher;
  /** Per attempt, from sending until the whole body is read. Default 15 000 ms (above the sidecar's 10 s populate wait). */
  readonly timeoutMs?: number;
  readonly retry?: RetryOptions;
  /** Default `subq-client node/<version>`. */
  readonly userAgent?: string;
  /** `watch` reconnects when the stream is silent this long (the sidecar sends heartbeats). Default 45 000 ms. */
  readonly watchIdleMs?: number;
}

export interface ResolvedRetry {
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export interface ResolvedOptions {
  readonly origin: string;
  /** Path prefix without a trailing slash ("" for none). */
  readonly basePath: string;
  readonly token: string | undefined;
  readonly tenant: string;
  readonly dispatcher: Dispatcher | undefined;
  readonly timeoutMs: number;
  readonly retry: ResolvedRetry;
  readonly userAgent: string;
  readonly watchIdleMs: number;
}

const KNOWN = ["url", "token", "tenant", "dispatcher", "timeoutMs", "retry", "userAgent", "watchIdleMs"];
const KNOWN_RETRY = ["attempts", "baseDelayMs", "maxDelayMs"];

export const DEFAULT_RETRY: ResolvedRetry = Object.freeze({
  attempts: 3,
  baseDelayMs: 100,
  maxDelayMs: 2000,
});

export function resolveOptions(options: ClientOptions): ResolvedOptions {
  rejectUnknown(options, KNOWN, "createClient");
  if (typeof options.url !== "string") throw new TypeError("createClient: `url` is required");
  let url: URL;
  try {
    url = new URL(options.url);
  } catch (cause) {
    throw new TypeError(`createClient: \`url\` is not a URL: ${JSON.stringify(options.url)}`, { cause });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`createClient: \`url\` must be http(s), got ${url.protocol}`);
  }
  if (typeof options.tenant !== "string" || options.tenant === "") {
    throw new TypeError("createClient: `tenant` is required");
  }
  return Object.freeze({
    origin: url.origin,
    basePath: url.pathname.replace(/\/+$/, ""),
    token: options.token,
    tenant: options.tenant,
    dispatcher: options.dispatcher,
    timeoutMs: positive(options.timeoutMs, 15_000, "createClient: timeoutMs"),
    retry: resolveRetry(options.retry),
    userAgent: options.userAgent ?? `subq-client node/${process.versions.node}`,
    watchIdleMs: positive(options.watchIdleMs, 45_000, "createClient: watchIdleMs"),
  });
}

export function resolveRetry(retry: RetryOptions | undefined): ResolvedRetry {
  if (retry === undefined) return DEFAULT_RETRY;
  rejectUnknown(retry, KNOWN_RETRY, "createClient: retry");
  const attempts = retry.attempts ?? DEFAULT_RETRY.attempts;
  if (!Number.isInteger(attempts) || attempts < 1) {
    throw new TypeError(`createClient: retry.attempts must be an integer >= 1, got ${attempts}`);
  }
  const baseDelayMs = nonNegative(
    retry.baseDelayMs,
    DEFAULT_RETRY.baseDelayMs,
    "createClient: retry.baseDelayMs",
  );
  const maxDelayMs = nonNegative(
    retry.maxDelayMs,
    DEFAULT_RETRY.maxDelayMs,
    "createClient: retry.maxDelayMs",
  );
  return Object.freeze({ attempts, baseDelayMs, maxDelayMs: Math.max(baseDelayMs, maxDelayMs) });
}

/** Fails on a key not in `known`, naming the closest known one. */
export function rejectUnknown(object: object, known: readonly string[], where: string): void {
  for (const key of Object.keys(object)) {
    if (known.includes(key)) continue;
    const lower = key.toLowerCase();
    const near = known.find(
      (k) => k.toLowerCase() === lower || k.toLowerCase().startsWith(lower.slice(0, 4)),
    );
    throw new TypeError(
      `${where}: unknown option \`${key}\`${near ? ` (did you mean \`${near}\`?)` : ""}; known: ${known.join(", ")}`,
    );
  }
}

export function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0)
    throw new TypeError(`${name} must be a positive number of ms, got ${value}`);
  return value;
}

export function nonNegative(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw new TypeError(`${name} must be >= 0 ms, got ${value}`);
  return value;
}
