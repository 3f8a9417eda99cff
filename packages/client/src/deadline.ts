/**
 * Timeouts and cancellation as one signal per attempt. The signal's reason says why it
 * fired — a `SubqTimeoutError` or the caller's `SubqAbortError` — so whatever undici
 * throws when it tears the request down, the caller sees which of the two happened.
 */
import { SubqAbortError, SubqTimeoutError } from "./errors.js";

export function abortError(label: string, signal: AbortSignal): SubqAbortError {
  return new SubqAbortError("E_ABORTED", `${label}: aborted`, { request: label, cause: signal.reason });
}

/**
 * Runs `run` with a signal that aborts after `timeoutMs` or when `signal` aborts, and
 * rejects with the matching typed error even if `run` ignores its signal.
 */
export async function withDeadline<T>(
  timeoutMs: number,
  signal: AbortSignal | undefined,
  label: string,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  if (signal?.aborted) throw abortError(label, signal);
  const controller = new AbortController();
  const onAbort = () => controller.abort(abortError(label, signal!));
  signal?.addEventListener("abort", onAbort, { once: true });
  const timer = setTimeout(
    () =>
      controller.abort(
        new SubqTimeoutError("E_TIMEOUT", `${label}: no complete answer within ${timeoutMs} ms`, {
          request: label,
        }),
      ),
    timeoutMs,
  );
  // Rejects as soon as the signal fires, for a `run` that does not listen to it.
  let onAborted = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAborted = () => reject(controller.signal.reason);
    controller.signal.addEventListener("abort", onAborted, { once: true });
  });
  try {
    return await Promise.race([run(controller.signal), aborted]);
  } catch (error) {
    throw controller.signal.aborted ? controller.signal.reason : error;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
    controller.signal.removeEventListener("abort", onAborted);
  }
}

/** Waits `ms`; rejects with `E_ABORTED` as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined, label = "wait"): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortError(label, signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(label, signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
