/**
 * Telling "the service is down" from "the request is wrong": Redis and Postgres calls go
 * through these wrappers, which turn connection-level failures into typed errors the
 * search path can act on (answer directly, serve stale, or 503 with the reason) and feed
 * the Redis circuit breaker.
 */
import { JqlError } from "@subq/jql";
import { SubqBaseError, SubqError } from "../errors.js";
import { isStoreError } from "../redis/index.js";
import type { CircuitBreaker } from "./gates.js";

/**
 * Redis could not be reached (or did not answer in time): E_REDIS_UNAVAILABLE. Not a
 * SubqError, so that the search path can tell it apart (answer from the database).
 */
export class RedisUnavailable extends SubqBaseError<"E_REDIS_UNAVAILABLE"> {
  override readonly name = "RedisUnavailable";
  constructor(message: string, options?: { cause?: unknown }) {
    super("E_REDIS_UNAVAILABLE", message, { cause: options?.cause });
  }
}

const CONNECTION_PROBLEM =
  /connection is closed|command timed out|econnrefused|econnreset|etimedout|enotfound|ehostunreach|epipe|offline queue|enableofflinequeue|stream isn't writeable|max retries|maxretriesperrequest|socket|connect_timeout|connection terminated|terminating connection|the database system is (starting|shutting) up|connection ended|write after end|cluster(down| is down)/i;

export function isConnectionProblem(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (
    typeof code === "string" &&
    /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EPIPE|CONNECT_TIMEOUT|CONNECTION_(CLOSED|ENDED|DESTROYED))$/.test(
      code,
    )
  ) {
    return true;
  }
  // Postgres: admin shutdown, crash shutdown, cannot connect now.
  if (typeof code === "string" && /^(57P01|57P02|57P03|08\d{3})$/.test(code)) return true;
  return CONNECTION_PROBLEM.test(error.message) || error.name === "MaxRetriesPerRequestError";
}

/** Runs a Redis operation; availability failures become RedisUnavailable and count against the breaker. */
export async function redisCall<T>(breaker: CircuitBreaker, work: () => Promise<T>): Promise<T> {
  if (!breaker.allows()) throw new RedisUnavailable("Redis circuit open after repeated failures");
  try {
    const result = await work();
    breaker.success();
    return result;
  } catch (error) {
    if (
      !isConnectionProblem(error) ||
      isStoreError(error) ||
      error instanceof SubqError ||
      error instanceof JqlError
    ) {
      breaker.release();
      throw error;
    }
    const lateMs = breaker.localDelayMs();
    if (isTimeout(error) && lateMs >= breaker.localDelayLimitMs) {
      breaker.release();
      // The reply may have been waiting unread: this process is too busy, Redis is not
      // down. Answering from the database would add load where there is too much.
      throw new SubqError(
        "E_OVERLOADED",
        `this sidecar is too busy to read Redis in time (its event loop ran up to ${Math.round(lateMs)} ms late); retry shortly`,
        { cause: error },
      );
    }
    breaker.failure();
    throw new RedisUnavailable(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && /command timed out/i.test(error.message);
}

/** Runs a database operation; connection failures become E_DB_UNAVAILABLE. */
export async function dbCall<T>(tenant: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isConnectionProblem(error)) {
      throw new SubqError(
        "E_DB_UNAVAILABLE",
        `the database of tenant '${tenant}' is unavailable: ${error instanceof Error ? error.message : String(error)}`,
        { tenant, cause: error },
      );
    }
    throw error;
  }
}

export function isDbUnavailable(error: unknown): boolean {
  return error instanceof SubqError && error.code === "E_DB_UNAVAILABLE";
}
