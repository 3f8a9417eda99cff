/**
 * Push: the version of a query as an async iterator over the sidecar's SSE stream. It
 * reconnects on transient failures and on a closed or silent stream, with full-jitter
 * backoff (the server's `retry:` as its base when sent), sending `Last-Event-ID` when the
 * server gave ids. A reconnect yields the current version again only when it differs from
 * the last one yielded (version or stale flag), so consumers see each change once. The
 * iterator ends quietly on the caller's signal or `return()`; errors a retry cannot fix
 * (bad JQL, auth, unknown tenant) end it by throwing.
 */
import { sleep } from "./deadline.js";
import { SubqClientError, SubqTimeoutError } from "./errors.js";
import type { ResolvedOptions } from "./options.js";
import { tenantPath, withQuery } from "./paths.js";
import { errorFromResponse } from "./response-error.js";
import { fullJitter } from "./retry.js";
import { SseParser } from "./sse.js";
import { describe, ERROR_BODY_LIMIT, type HttpRequest, open, readText, transportError } from "./transport.js";
import type { QueryRef, VersionInfo } from "./types.js";

export interface WatchOptions {
  /** Ends the iteration (quietly). */
  readonly signal?: AbortSignal;
  /** Told of each failure that led to a reconnect (the iterator itself keeps going). */
  readonly onReconnect?: (error: SubqClientError, info: ReconnectInfo) => void;
}

export interface ReconnectInfo {
  /** Reconnects since the last event, this one included. */
  readonly attempt: number;
  /** The wait before it. */
  readonly delayMs: number;
}

export async function* watchVersions(
  options: ResolvedOptions,
  ref: QueryRef,
  watch: WatchOptions = {},
): AsyncGenerator<VersionInfo, void, undefined> {
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  watch.signal?.addEventListener("abort", onAbort, { once: true });
  if (watch.signal?.aborted) stop.abort();
  const cursor = { lastEventId: "", retryMs: undefined as number | undefined };
  let last: VersionInfo | undefined;
  let failures = 0;
  try {
    while (!stop.signal.aborted) {
      let reason: SubqClientError;
      try {
        for await (const next of streamOnce(options, ref, cursor, stop.signal)) {
          failures = 0;
          if (last && next.version === last.version && next.stale === last.stale) continue;
          last = next;
          yield next;
        }
        reason = new SubqClientError("E_NETWORK", "the watch stream ended");
      } catch (error) {
        if (stop.signal.aborted) return;
        if (!(error instanceof SubqClientError) || !error.retryable) throw error;
        reason = error;
      }
      const base = cursor.retryMs ?? options.retry.baseDelayMs;
      const policy = {
        ...options.retry,
        baseDelayMs: base,
        maxDelayMs: Math.max(base, options.retry.maxDelayMs),
      };
      const delayMs = fullJitter(failures++, policy);
      watch.onReconnect?.(reason, { attempt: failures, delayMs });
      await sleep(delayMs, stop.signal).catch(() => undefined);
    }
  } finally {
    watch.signal?.removeEventListener("abort", onAbort);
    stop.abort();
  }
}

interface Cursor {
  lastEventId: string;
  retryMs: number | undefined;
}

/** One connection: its versions until the stream ends; failures as typed errors. */
async function* streamOnce(
  options: ResolvedOptions,
  ref: QueryRef,
  cursor: Cursor,
  stop: AbortSignal,
): AsyncGenerator<VersionInfo, void, undefined> {
  const request: HttpRequest = {
    method: "GET",
    path: withQuery(tenantPath(options.tenant, "watch"), { jql: ref.jql, user: ref.user }),
    idempotent: true,
    accept: "text/event-stream",
    headers: cursor.lastEventId ? { "last-event-id": cursor.lastEventId } : {},
  };
  const label = describe(request);
  const controller = new AbortController();
  const onStop = () => controller.abort(stop.reason);
  stop.addEventListener("abort", onStop, { once: true });
  const silent = (ms: number, what: string) => () =>
    controller.abort(
      new SubqTimeoutError("E_TIMEOUT", `${label}: ${what} within ${ms} ms`, { request: label }),
    );
  // First the headers within timeoutMs, then some bytes (events or heartbeats) every watchIdleMs.
  const timer = setTimeout(silent(options.timeoutMs, "no answer"), options.timeoutMs);
  let response: Awaited<ReturnType<typeof open>> | undefined;
  try {
    response = await open(options, request, controller.signal);
    if (response.statusCode >= 400) {
      const text = await readText(response.body, ERROR_BODY_LIMIT);
      throw errorFromResponse(response.statusCode, response.headers, text, label);
    }
    const type = String(response.headers["content-type"] ?? "");
    if (!type.startsWith("text/event-stream")) {
      const text = await readText(response.body, ERROR_BODY_LIMIT);
      throw new SubqClientError(
        "E_BAD_RESPONSE",
        `${label}: expected an event stream, got ${type || "no type"}`,
        {
          status: response.statusCode,
          request: label,
          cause: text.slice(0, 200),
        },
      );
    }
    clearTimeout(timer);
    const idle = setTimeout(silent(options.watchIdleMs, "no event or heartbeat"), options.watchIdleMs);
    const parser = new SseParser();
    try {
      for await (const chunk of response.body) {
        idle.refresh();
        for (const event of parser.push(chunk as Buffer)) {
          cursor.lastEventId = parser.lastEventId;
          if (event.type === "version") yield versionOf(event.data, label);
        }
        cursor.retryMs = parser.retryMs ?? cursor.retryMs;
      }
    } finally {
      clearTimeout(idle);
    }
  } catch (error) {
    throw transportError(error, label, controller.signal);
  } finally {
    clearTimeout(timer);
    stop.removeEventListener("abort", onStop);
    // An endless stream cannot be drained: closing it is what releases its connection.
    if (response && !response.body.readableEnded) response.body.destroy();
  }
}

function versionOf(data: string, label: string): VersionInfo {
  let value: Partial<VersionInfo> | undefined;
  try {
    value = JSON.parse(data) as Partial<VersionInfo>;
  } catch {
    value = undefined;
  }
  if (typeof value?.version !== "number" || typeof value.stale !== "boolean") {
    throw new SubqClientError(
      "E_BAD_RESPONSE",
      `${label}: a version event without {version, stale}: ${data}`,
      {
        request: label,
      },
    );
  }
  return { version: value.version, stale: value.stale };
}
