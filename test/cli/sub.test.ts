/**
 * `subq sub ls|show|refresh|drop` against a real sidecar (role all, BullMQ refresh queue)
 * on the local Redis and a seeded tenant: the commands see what the sidecar stored, a
 * refresh goes through the fleet's queue (or runs here), and a drop removes every key and
 * index entry so the next search populates again.
 */
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSubscriptionProgram } from "../../packages/sidecar/src/cli/subscription-commands.js";
import {
  createStore,
  indexKeyPattern,
  markStale,
  readMeta,
  type Store,
  scanKeys,
  subscriptionKeyPattern,
  subscriptionKeys,
} from "../../packages/sidecar/src/redis/index.js";
import { runSubq } from "../support/cli.js";
import { REDIS_URL } from "../support/engine.js";
import { runProgram, type SidecarFixture, startSidecarFixture } from "./sidecar-fixture.js";

let fx: SidecarFixture;
let redis: Redis;
let store: Store;
/** A query of one project (small, cached) and one of every project (more than maxMembers). */
let small: { jql: string; id: string; total: number };
let large: { jql: string; id: string };

const sub = (...args: string[]) => runProgram(createSubscriptionProgram, fx.env, ["sub", ...args]);

beforeAll(async () => {
  // A short command timeout: the refresh worker's blocking job fetch must not be subject to it
  // (it used to be: the fetch was cut off client-side and a job that arrived then was lost).
  fx = await startSidecarFixture("sub", 400, {
    store: { maxMembers: 150 },
    redis: { commandTimeoutMs: 300 },
  });
  redis = new Redis(REDIS_URL);
  store = await createStore(redis);
  const projects = await fx.db.sql<{ key: string; n: number }[]>`
    SELECT p.key, count(*)::int AS n FROM projects p JOIN issues i ON i.project_id = p.id
    GROUP BY p.key ORDER BY count(*) ASC`;
  const pick = projects.find((p) => p.n >= 5 && p.n < 150)!;
  const smallJql = `project = ${pick.key} ORDER BY created DESC`;
  const first = await fx.client.search({ jql: smallJql, user: fx.user, maxResults: 5 });
  small = { jql: smallJql, id: (await fx.client.explain(smallJql)).subscription!, total: first.total };
  const largeJql = `project in (${projects.map((p) => p.key).join(", ")})`;
  await fx.client.search({ jql: largeJql, user: fx.user, maxResults: 5 });
  large = { jql: largeJql, id: (await fx.client.explain(largeJql)).subscription! };
});

afterAll(async () => {
  redis?.disconnect();
  await fx?.close();
});

describe("subq sub", () => {
  it("ls lists the tenant's subscriptions with state, version, size and Stage 1", async () => {
    await markStale(store, { tenant: fx.tenant, id: small.id });
    const { out } = await sub("ls", "--tenant", fx.tenant);
    expect(out[0]).toMatch(/^ID\s+STATE\s+VERSION\s+SIZE\s+AGE\s+EXPIRES IN\s+STAGE 1$/);
    const smallRow = out.find((line) => line.startsWith(small.id))!;
    expect(smallRow).toMatch(
      new RegExp(`^${small.id}\\s+stale\\s+\\d+\\s+${small.total}\\s+[\\d.]+ (ms|s)\\s+`),
    );
    expect(smallRow).toMatch(/project = \d+$/);
    expect(out.at(-1)).toBe("2 subscriptions");

    const json = JSON.parse((await sub("ls", "--tenant", fx.tenant, "--json")).out.join("\n"));
    const meta = await readMeta(store, { tenant: fx.tenant, id: small.id });
    expect(json).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: small.id, state: "stale", version: meta!.version, size: small.total }),
        expect.objectContaining({ id: large.id, state: "tooLarge", size: expect.any(Number) }),
      ]),
    );
    expect(json).toHaveLength(2);
    const largeSize = json.find((s: { id: string }) => s.id === large.id).size;
    expect(largeSize).toBeGreaterThan(150);
    expect(out.find((line) => line.startsWith(large.id))).toMatch(
      new RegExp(`\\s+too-large\\s+\\d+\\s+≥${largeSize}\\s+`),
    );
  });

  it("show prints the stored state, metadata and a sample of the members, the same as the HTTP API", async () => {
    const { out } = await sub("show", small.id, "--tenant", fx.tenant, "--json", "--sample", "5");
    const shown = JSON.parse(out.join("\n"));
    const api = await fx.client.subscription(small.id);
    expect(shown).toMatchObject({
      id: small.id,
      state: api.state,
      version: api.version,
      size: api.size,
      stage1: api.stage1,
      metadata: api.metadata,
    });
    expect(shown.sample).toHaveLength(5);
    const members = await redis.smembers(subscriptionKeys({ tenant: fx.tenant, id: small.id }).members);
    for (const id of shown.sample) expect(members).toContain(id);

    const text = (await sub("show", small.id, "--tenant", fx.tenant)).out.join("\n");
    expect(text).toMatch(/^state\s+stale \(an event arrived since the last refresh\)$/m);
    expect(text).toMatch(/^metadata\s+project ∈ \{\d+\}$/m);
    expect(text).toMatch(/^lock\s+free$/m);
  });

  it("refresh enqueues on the fleet's queue and --wait sees the sidecar's worker commit it", async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // the worker has been waiting for jobs a while
    const before = await readMeta(store, { tenant: fx.tenant, id: small.id });
    expect(before!.stale).toBe(true);
    const { out } = await sub("refresh", small.id, "--tenant", fx.tenant, "--wait", "--timeout-ms", "20000");
    expect(out[0]).toContain(`${fx.tenant}/${small.id}: refresh enqueued`);
    expect(out[1]).toMatch(new RegExp(`refreshed; state fresh, version \\d+, size ${small.total}$`));
    const after = await readMeta(store, { tenant: fx.tenant, id: small.id });
    expect(after!.stale).toBe(false);
    expect(after!.committedAt!).toBeGreaterThan(before!.committedAt!);
  });

  it("refresh --here runs the engine's refresh in this process", async () => {
    await markStale(store, { tenant: fx.tenant, id: small.id });
    const { out } = await sub("refresh", small.id, "--tenant", fx.tenant, "--here");
    expect(out).toEqual([
      expect.stringMatching(/: refreshed, the results are unchanged; state fresh, version \d+, size \d+$/),
    ]);
    expect((await readMeta(store, { tenant: fx.tenant, id: small.id }))!.stale).toBe(false);
  });

  it("refresh says what to do when no other process can take the job", async () => {
    await expect(
      runProgram(createSubscriptionProgram, { ...fx.env, SUBQ_QUEUE: "memory" }, [
        "sub",
        "refresh",
        small.id,
        "--tenant",
        fx.tenant,
      ]),
    ).rejects.toThrow(/engine.queue = memory.*--here/);
  });

  it("drop removes every key and index entry; the next search populates again", async () => {
    // A search now leaves a Stage 2 cache entry among the subscription's keys.
    await fx.client.search({ jql: small.jql, user: fx.user, maxResults: 5 });
    const ref = { tenant: fx.tenant, id: small.id };
    const keysBefore = await scanKeys(store, subscriptionKeyPattern(ref));
    expect(keysBefore.some((key) => key.includes(":s2:"))).toBe(true);
    const indexed = async () => {
      const sets = await scanKeys(store, indexKeyPattern(fx.tenant));
      const withId = await Promise.all(sets.map(async (key) => (await redis.zscore(key, small.id)) !== null));
      return withId.filter(Boolean).length;
    };
    expect(await indexed()).toBe(1);

    const { out } = await sub("drop", small.id, "--tenant", fx.tenant);
    expect(out).toEqual([
      `${fx.tenant}/${small.id}: dropped ${keysBefore.length} keys and 1 event-index entry`,
    ]);
    expect(await scanKeys(store, subscriptionKeyPattern(ref))).toEqual([]);
    expect(await indexed()).toBe(0);
    await expect(sub("show", small.id, "--tenant", fx.tenant)).rejects.toThrow(
      `tenant ${fx.tenant} has no subscription ${small.id} in Redis (expired, dropped or never used); \`subq sub ls --tenant ${fx.tenant}\``,
    );
    await expect(sub("drop", small.id, "--tenant", fx.tenant)).rejects.toThrow(/no subscription/);
    // The other subscription is untouched.
    expect(await readMeta(store, { tenant: fx.tenant, id: large.id })).toBeDefined();

    const again = await fx.client.search({ jql: small.jql, user: fx.user, maxResults: 5 });
    expect(again).toMatchObject({ source: "populate", total: small.total });
  });

  it("as a process: output on stdout, one-line errors with what to do on stderr, exit codes", () => {
    const ls = runSubq(["sub", "ls", "--tenant", fx.tenant], { env: fx.env });
    expect(ls.status).toBe(0);
    expect(ls.stdout).toContain(large.id);

    const missing = runSubq(["sub", "show", "nosuchid", "--tenant", fx.tenant], { env: fx.env });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(
      /^subq: tenant \S+ has no subscription nosuchid in Redis .* lists the ones there are\n$/,
    );

    const noRedis = runSubq(["sub", "ls", "--tenant", fx.tenant, "--redis", "redis://127.0.0.1:1"], {
      env: fx.env,
    });
    expect(noRedis.status).toBe(1);
    expect(noRedis.stderr).toContain("cannot reach Redis at 127.0.0.1:1");
    expect(noRedis.stderr).toContain("start Redis, or point subq at it with --redis <url>");

    const noTenant = runSubq(["sub", "ls"], { env: fx.env });
    expect(noTenant.status).not.toBe(0);
    expect(noTenant.stderr).toContain("required option '--tenant <name>' not specified");
  });
});
