/**
 * A busy process is not a Redis outage. Under CPU load a command's reply can sit unread
 * while the event loop is late, and its timeout fire first; counting that against the
 * circuit breaker sent healthy sidecars to the database, flagged "redis-unavailable". A
 * timeout while the loop ran late is now E_OVERLOADED (503, retry) and leaves the breaker
 * closed; a Redis that truly does not answer still opens it.
 */
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { watchEventLoopDelay } from "../../packages/sidecar/src/engine/event-loop-delay.js";
import { RedisUnavailable, redisCall } from "../../packages/sidecar/src/engine/failures.js";
import { CircuitBreaker } from "../../packages/sidecar/src/engine/gates.js";
import { type PrivateRedis, startPrivateRedis } from "../support/redis-server.js";

const COMMAND_TIMEOUT_MS = 150;
let server: PrivateRedis;
let client: Redis;

beforeAll(async () => {
  server = await startPrivateRedis();
  client = new Redis(server.url, { commandTimeout: COMMAND_TIMEOUT_MS, maxRetriesPerRequest: 1 });
  client.on("error", () => {});
  await client.set("k", "v");
});

afterAll(async () => {
  client?.disconnect();
  await server?.stop();
});

function blockEventLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy: the reply arrives but cannot be read
  }
}

describe("Redis timeouts", () => {
  it("while this process's event loop is late: E_OVERLOADED, the breaker stays closed", async () => {
    const delay = watchEventLoopDelay();
    const breaker = new CircuitBreaker(3, 2_000, Date.now, delay, COMMAND_TIMEOUT_MS / 2);
    try {
      for (let round = 0; round < 5; round++) {
        const call = redisCall(breaker, () => client.get("k"));
        call.catch(() => {});
        blockEventLoop(COMMAND_TIMEOUT_MS * 3);
        const outcome = await call.then(
          (value) => ({ value }),
          (error: unknown) => ({ error }),
        );
        // The reply and the timeout are both due once the loop is free; when the timeout
        // wins, the process is named, not Redis.
        if ("error" in outcome) expect(outcome.error).toMatchObject({ code: "E_OVERLOADED" });
        else expect(outcome.value).toBe("v");
        expect(breaker.allows(), `round ${round}`).toBe(true);
      }
    } finally {
      delay.close();
    }
  });

  it("while Redis does not answer: RedisUnavailable, and the breaker opens", async () => {
    const delay = watchEventLoopDelay();
    const breaker = new CircuitBreaker(3, 60_000, Date.now, delay, 1_000);
    server.pause();
    try {
      for (let round = 0; round < 3; round++) {
        await expect(redisCall(breaker, () => client.get("k"))).rejects.toBeInstanceOf(RedisUnavailable);
      }
      expect(breaker.allows()).toBe(false);
    } finally {
      server.resume();
      delay.close();
    }
  });
});
