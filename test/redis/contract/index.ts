/** The Redis contract: every suite against one backend. */
import { afterAll, beforeAll } from "vitest";
import type { RedisClient } from "../../../packages/sidecar/src/redis/index.js";
import { commitSuite } from "./commit-suite.js";
import { type Backend, removeTestTenants } from "./harness.js";
import { indexSuite } from "./index-suite.js";
import { invalidateSuite } from "./invalidate-suite.js";
import { lockSuite } from "./lock-suite.js";
import { personalSuite } from "./personal-suite.js";
import { raceSuite } from "./race-suite.js";
import { readSuite } from "./read-suite.js";
import { serverSuite } from "./server-suite.js";
import { stage2Suite } from "./stage2-suite.js";
import { ttlSuite } from "./ttl-suite.js";

export type { Backend } from "./harness.js";

export function runContract(backend: Backend): void {
  let client: RedisClient | undefined;
  beforeAll(async () => {
    client = await backend.connect();
  });
  afterAll(async () => {
    if (client === undefined) return;
    await removeTestTenants(client);
    client.disconnect();
  });
  // The suites are declared before the connection exists; this forwards to it once it does.
  const redis = new Proxy({} as RedisClient, {
    get(_target, property) {
      if (client === undefined) throw new Error(`${backend.name}: not connected yet`);
      const value = Reflect.get(client, property, client);
      return typeof value === "function" ? value.bind(client) : value;
    },
  });
  lockSuite(backend, redis);
  readSuite(backend, redis);
  commitSuite(backend, redis);
  raceSuite(backend, redis);
  invalidateSuite(backend, redis);
  personalSuite(backend, redis);
  indexSuite(backend, redis);
  stage2Suite(backend, redis);
  ttlSuite(backend, redis);
  if (backend.real) serverSuite(backend, redis);
}
