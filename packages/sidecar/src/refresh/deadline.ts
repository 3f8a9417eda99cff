/** Bounding waits on Redis: an enqueue must fail fast, a close must not hang. */
import { SubqError } from "../errors.js";

/** Whether `promise` settles within `ms` (it keeps running either way). */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const settled = promise.then(
    () => true as const,
    () => true as const,
  );
  try {
    return await Promise.race([settled, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** `promise`, or E_REDIS_UNAVAILABLE after `ms`. */
export async function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  if (!(await settlesWithin(promise, ms))) {
    promise.catch(() => {});
    throw new SubqError("E_REDIS_UNAVAILABLE", `${what} did not finish within ${ms} ms`);
  }
  return promise;
}
