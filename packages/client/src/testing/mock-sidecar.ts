/**
 * Test support (not built): a MockAgent standing in for the sidecar, with call history
 * and a record of every response body the client was handed, so a test can assert
 * that each was read to its end or closed — the SDK's "every body consumed" rule.
 */
import { type Dispatcher, MockAgent, type MockCallHistoryLog, type MockPool } from "undici";
import { vi } from "vitest";
import { createClient, type SubqClient } from "../client.js";
import type { ClientOptions } from "../options.js";

export const ORIGIN = "http://sidecar.test:7070";
export const TOKEN = "s3cret";

export interface MockSidecar {
  readonly agent: MockAgent;
  readonly pool: MockPool;
  client(options?: Partial<ClientOptions>): SubqClient;
  calls(): readonly MockCallHistoryLog[];
  /** Bodies handed to the client that were neither read to the end nor closed. */
  unconsumed(): Promise<number>;
  /** Fails on interceptors never used and on unconsumed bodies; closes the agent. */
  close(): Promise<void>;
}

export function mockSidecar(): MockSidecar {
  const agent = new MockAgent({ enableCallHistory: true });
  agent.disableNetConnect();
  const responses: Promise<Dispatcher.ResponseData>[] = [];
  const request = agent.request.bind(agent) as (
    options: Dispatcher.RequestOptions,
  ) => Promise<Dispatcher.ResponseData>;
  vi.spyOn(agent, "request").mockImplementation(((options: Dispatcher.RequestOptions) => {
    const response = request(options);
    responses.push(response);
    return response;
  }) as never);
  const unconsumed = async () => {
    let count = 0;
    for (const settled of await Promise.allSettled(responses)) {
      if (settled.status !== "fulfilled") continue;
      const body = settled.value.body;
      if (!body.readableEnded && !body.destroyed) count++;
    }
    return count;
  };
  return {
    agent,
    pool: agent.get(ORIGIN),
    client: (options = {}) =>
      createClient({
        url: ORIGIN,
        token: TOKEN,
        tenant: "acme",
        dispatcher: agent,
        retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 4 },
        ...options,
      }),
    calls: () => agent.getCallHistory()?.calls() ?? [],
    unconsumed,
    async close() {
      try {
        agent.assertNoPendingInterceptors();
        const left = await unconsumed();
        if (left > 0) throw new Error(`${left} response bodies were neither consumed nor closed`);
      } finally {
        await agent.close();
      }
    },
  };
}

export const json = { "content-type": "application/json" };
