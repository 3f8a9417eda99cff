/**
 * Convergence (docs/ARCHITECTURE.md "The contract": "after events stop, every
 * subscription converges to exactly what the database returns"). Random streams of issue
 * changes (status, assignee, reporter, priority, security level, labels, sprints, project
 * moves, new issues, deletions) are written to the database and published as events in
 * every form (changed fields only, indexed values before/after, full snapshots; with and
 * without txid), interleaved with searches of a set of subscriptions on two sidecars and
 * with evictions (a subscription expiring, so populates race with events). Properties:
 *
 *  1. Every event published (none dropped): once the stream stops, each subscription's
 *     answer equals the direct answer for random users, read from the cache at once or
 *     after at most one refresh (the one the first read requests).
 *  2. Some events dropped: the backup staleness bound (`stalenessBoundMs`, 1.5 s here)
 *     catches them: once it has passed after the last change, one refresh per
 *     subscription makes every answer equal the direct one; and during the stream no
 *     answer marked fresh is older than the bound.
 *
 * Plus the race behind property 1, replayed deterministically: an event that arrives while
 * a populate runs (after its Stage 1 read, before its commit) is not lost.
 * SUBQ_SEED=n replays a run; SUBQ_CONVERGENCE_RUNS=n runs more streams.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { print } from "../../packages/jql/src/index.js";
import { catalogQueryArbitrary } from "../../packages/jql/src/testing/query-arbitrary.js";
import type { Engine, SearchResponse } from "../../packages/sidecar/src/engine/types.js";
import type { StoreOptions } from "../../packages/sidecar/src/redis/index.js";
import { subscriptionKeys } from "../../packages/sidecar/src/redis/index.js";
import { DatabaseProbe } from "../support/database-probe.js";
import { createTestEngine, inlineQueue } from "../support/engine.js";
import { EVENT_FORMS, type EventForm, eventFor } from "../support/issue-events.js";
import { IssueModel } from "../support/issue-model.js";
import {
  type MutationPick,
  mutationPickArbitrary,
  resolvePick,
  TEST_LABELS,
} from "../support/mutation-picks.js";
import { createSeededTenant, type SeededTenant, uniqueTenant } from "../support/seeded-tenant.js";
import { signal, until } from "../support/wait.js";

const SEED = Number(process.env.SUBQ_SEED ?? Date.now() % 1_000_000_007);
const RUNS = Number(process.env.SUBQ_CONVERGENCE_RUNS ?? 3);
const BOUND_MS = 1_500;

let seeded: SeededTenant;
let model: IssueModel;
let subscriptions: string[];
let users: (string | null)[];

beforeAll(async () => {
  seeded = await createSeededTenant("convergence", 700);
  model = await IssueModel.load(seeded.db.sql);
  subscriptions = await answerable(subscriptionsOf(model));
  users = [null, ...model.catalog.users.map((u) => u.id)];
  console.info(
    `convergence: seed ${SEED} (SUBQ_SEED=${SEED} replays it), ${subscriptions.length} subscriptions`,
  );
});

afterAll(async () => {
  await seeded?.db.drop();
});

/** Queries over the fields the changes touch, a Stage-2-only one, and a few random ones. */
function subscriptionsOf(m: IssueModel): string[] {
  const count = new Map<number, number>();
  for (const id of m.ids()) count.set(m.get(id).projectId, (count.get(m.get(id).projectId) ?? 0) + 1);
  const [p1, p2, p3] = [...m.catalog.projects]
    .sort((a, b) => (count.get(b.id) ?? 0) - (count.get(a.id) ?? 0))
    .map((p) => p.key);
  const sprint = m.catalog.sprints.find((s) => s.state === "active")!.id;
  const [a, b] = TEST_LABELS;
  const fixed = [
    `project = ${p1}`,
    `project = ${p1} AND status = "In Progress" ORDER BY key`,
    `project IN (${p2}, ${p3}) AND issuetype = Bug ORDER BY priority DESC, key`,
    `status IN (Open, Reopened) AND assignee = currentUser() ORDER BY updated DESC, key`,
    `labels = ${a}`,
    `labels IN (${a}, ${b}) OR project = ${p3} ORDER BY key`,
    `sprint = ${sprint}`,
    `sprint IS NOT EMPTY AND status != Closed ORDER BY key`,
    `assignee IS EMPTY AND project = ${p2}`,
    `resolution IS EMPTY AND priority IN (Blocker, Critical) ORDER BY priority, key`,
    `level IS NOT EMPTY ORDER BY key`,
    `reporter = currentUser() ORDER BY created DESC, key`,
    `status WAS "In Progress"`,
  ];
  const random = fc
    .sample(catalogQueryArbitrary(m.catalog, { history: false, labels: [a, b] }), { seed: SEED, numRuns: 40 })
    .map(print)
    .filter((jql) => !/\b(now|start|end)Of|\bnow\(|[-+]\d+[dwhmy]\b/i.test(jql) && jql.length < 300)
    .slice(0, 6);
  return [...fixed, ...random];
}

/** The queries the engine answers (generated ones may name values the tenant lacks). */
async function answerable(queries: readonly string[]): Promise<string[]> {
  const t = await createTestEngine({ tenant: uniqueTenant("convergence"), databaseUrl: seeded.db.url });
  try {
    const tenant = t.engine.tenants()[0]!;
    const ok = await Promise.all(
      queries.map((jql) =>
        t.engine.search({ tenant, jql, user: null, consistency: "direct" }).then(
          () => true,
          () => false,
        ),
      ),
    );
    return queries.filter((_, k) => ok[k]);
  } finally {
    await t.close();
  }
}

interface Step {
  readonly pick: MutationPick;
  readonly form: EventForm;
  readonly dropped: boolean;
  readonly txid: boolean;
  readonly via: number;
  readonly searches: readonly { readonly sub: number; readonly user: number; readonly via: number }[];
  readonly evict: number | null;
}

function streamArbitrary(
  drops: boolean,
  forms: readonly EventForm[] = EVENT_FORMS,
): fc.Arbitrary<{ steps: Step[]; checkUsers: number[] }> {
  const step: fc.Arbitrary<Step> = fc.record({
    pick: mutationPickArbitrary(),
    form: fc.constantFrom(...forms),
    dropped: drops ? fc.integer({ min: 0, max: 5 }).map((n) => n === 0) : fc.constant(false),
    txid: fc.boolean(),
    via: fc.nat(1),
    searches: fc.array(fc.record({ sub: fc.nat(), user: fc.nat(), via: fc.nat(1) }), { maxLength: 4 }),
    evict: fc.option(fc.nat(), { freq: 8, nil: null }),
  });
  return fc
    .record({
      steps: fc.array(step, { minLength: 25, maxLength: 40 }),
      checkUsers: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
    })
    .map((run) =>
      // A failure report names the seed and path that replay it; the steps themselves are noise there.
      Object.assign(run, {
        [fc.toStringMethod]: () =>
          `${run.steps.length} steps (${run.steps.filter((x) => x.dropped).length} dropped), check users ${run.checkUsers.map((k) => JSON.stringify(users[k % users.length]))}`,
      }),
    );
}

/** Two sidecars on one Redis, each working its own refresh queue, Stage 1 counted. */
async function sidecars(store: StoreOptions) {
  const tenant = uniqueTenant("convergence");
  const probe = new DatabaseProbe();
  const queues = [inlineQueue(), inlineQueue()];
  const engines = await Promise.all(
    queues.map((queue) =>
      createTestEngine({ tenant, databaseUrl: seeded.db.url, wrapDatabase: probe.wrap, queue, store }),
    ),
  );
  return { tenant, probe, queues, engines, close: () => Promise.all(engines.map((e) => e.close())) };
}

type Sidecars = Awaited<ReturnType<typeof sidecars>>;

interface Tally {
  events: number;
  /** Answers not marked stale checked at quiet moments during the streams. */
  quiet: number;
  dropped: number;
  searches: number;
  checked: number;
  refreshed: number;
}

interface StreamOptions {
  /** The store's staleness bound: no answer marked fresh may be older. */
  readonly bound: number;
  /**
   * Every event is published: after each step (every change so far written and ingested),
   * an answer not marked stale must already be the direct one.
   */
  readonly quiet: boolean;
}

/**
 * Runs the steps. Searches are by the users the final check asks for (so Stage 2 answers
 * cached during the stream are what it reads if nothing retired them), and half of the
 * changes hit issues the searches returned, so that changes meet the subscriptions.
 */
async function runStream(
  s: Sidecars,
  steps: readonly Step[],
  who: readonly (string | null)[],
  options: StreamOptions,
  tally: Tally,
): Promise<void> {
  const pool: number[] = [];
  for (const step of steps) {
    const write = (async () => {
      const applied = await model.apply(resolvePick(model, step.pick, pool));
      if (process.env.SUBQ_TRACE) console.info(JSON.stringify({ m: applied.mutation, form: step.form }));
      tally.events++;
      if (step.dropped) tally.dropped++;
      else
        await s.engines[step.via]!.engine.ingestEvents(s.tenant, [eventFor(applied, step.form, step.txid)]);
    })();
    const evict = step.evict === null ? Promise.resolve() : evictOne(s, step.evict);
    const reads = step.searches.map(async (r) => {
      const jql = subscriptions[r.sub % subscriptions.length]!;
      const user = who[r.user % who.length]!;
      const answer = await s.engines[r.via]!.engine.search({ tenant: s.tenant, jql, user, maxResults: 1000 });
      tally.searches++;
      pool.push(...answer.issues.slice(0, 5).map((i) => Number(i.id)));
      if (!answer.stale) {
        expect(answer.ageMs, `a fresh answer of ${jql} older than the staleness bound`).toBeLessThanOrEqual(
          options.bound,
        );
      }
    });
    await Promise.all([write, evict, ...reads]);
    pool.splice(0, Math.max(0, pool.length - 200));
    if (!options.quiet) continue;
    for (const r of step.searches.slice(0, 2)) {
      const jql = subscriptions[r.sub % subscriptions.length]!;
      const user = who[r.user % who.length]!;
      const engine = s.engines[1 - r.via]!.engine;
      const cached = await engine.search({ tenant: s.tenant, jql, user, maxResults: 1000 });
      if (cached.stale) continue;
      tally.quiet++;
      await expectDirect(engine, s.tenant, jql, user, cached, "at a quiet moment");
    }
  }
}

/** The cached answer is the direct one; on failure, say which issues differ and what they are now. */
async function expectDirect(
  engine: Engine,
  tenant: string,
  jql: string,
  user: string | null,
  cached: SearchResponse,
  when: string,
): Promise<void> {
  const direct = await engine.search({ tenant, jql, user, maxResults: 1000, consistency: "direct" });
  const [got, want] = [cached.issues.map((i) => i.id), direct.issues.map((i) => i.id)];
  const label = `${jql} for ${JSON.stringify(user)} ${when} (seed ${SEED})`;
  const detail = `${label}: extra ${describeIssues(got, want)}, missing ${describeIssues(want, got)}`;
  expect(got, detail).toEqual(want);
  expect(cached.total, detail).toBe(direct.total);
}

/** A subscription expires (as after its idle TTL): the next search populates it again. */
async function evictOne(s: Sidecars, pick: number): Promise<void> {
  const jql = subscriptions[pick % subscriptions.length]!;
  const id = (await s.engines[0]!.engine.explain(s.tenant, jql)).subscription;
  if (id === null) return;
  const keys = subscriptionKeys({ tenant: s.tenant, id });
  await s.engines[0]!.redis.del(keys.meta, keys.members);
}

/** After the stream: each subscription equals the direct answer, after at most one refresh. */
async function checkConverged(s: Sidecars, who: readonly (string | null)[], tally: Tally): Promise<void> {
  await until("the refresh queues to drain", async () => {
    const counts = await Promise.all(s.queues.map((q) => q.counts()));
    return counts.every((c) => c.waiting + c.active === 0) ? true : undefined;
  });
  for (const [k, jql] of subscriptions.entries()) {
    const { subscription } = await s.engines[0]!.engine.explain(s.tenant, jql);
    const before = s.probe.stage1Of(subscription ?? "all");
    const engine = s.engines[k % 2]!.engine;
    const search = (user: string | null) => engine.search({ tenant: s.tenant, jql, user, maxResults: 1000 });
    // The first read of a stale subscription requests its refresh; wait for its commit.
    await until(`a fresh answer of ${jql}`, async () => ((await search(who[0]!)).stale ? undefined : true));
    const refreshes = s.probe.stage1Of(subscription ?? "all") - before;
    tally.refreshed += refreshes;
    expect(refreshes, `refreshes of ${jql} before it was fresh`).toBeLessThanOrEqual(1);
    for (const user of who) {
      tally.checked++;
      await expectDirect(engine, s.tenant, jql, user, await search(user), "after the stream");
    }
  }
}

/** The issues of `a` not in `b`, with what the model says of them now. */
function describeIssues(a: readonly string[], b: readonly string[]): string {
  const ids = new Set(model.ids());
  const only = a.filter((id) => !b.includes(id)).slice(0, 5);
  return JSON.stringify(
    only.map((id) => {
      if (!ids.has(Number(id))) return { id, deleted: true };
      const { projectId, issueTypeId, statusId, securityLevelId, reporter, assignee } = model.get(Number(id));
      return { id, projectId, issueTypeId, statusId, securityLevelId, reporter, assignee };
    }),
  );
}

function report(name: string, tally: Tally, s: Sidecars): void {
  console.info(
    `convergence (${name}): ${tally.events} events (${tally.dropped} dropped), ${tally.searches} searches during the ` +
      `streams (${tally.quiet} fresh answers checked at quiet moments), ` +
      `${subscriptions.length} subscriptions × users checked ${tally.checked} times, ` +
      `${tally.refreshed} refreshes at quiescence, ${s.probe.stage1.calls} Stage 1 runs in all`,
  );
}

describe("convergence after random event streams", () => {
  for (const forms of [EVENT_FORMS, ["snapshot"] as const]) {
    const name =
      forms.length === 1 ? "every event a snapshot (patched without a query)" : "every event published";
    it(`${name}: each subscription equals the direct answer at once or after one refresh`, {
      timeout: 150_000,
    }, async () => {
      // Stage 2 answers kept long: only version changes may retire them.
      const s = await sidecars({ stage2TtlMs: 120_000 });
      const tally: Tally = { events: 0, quiet: 0, dropped: 0, searches: 0, checked: 0, refreshed: 0 };
      try {
        await fc.assert(
          fc.asyncProperty(streamArbitrary(false, forms), async ({ steps, checkUsers }) => {
            const who = checkUsers.map((k) => users[k % users.length]!);
            await runStream(s, steps, who, { bound: 600_000, quiet: true }, tally);
            await checkConverged(s, who, tally);
          }),
          { seed: SEED, numRuns: forms.length === 1 ? 2 : RUNS, endOnFailure: true },
        );
        report(name, tally, s);
        expect(await model.differences(), "the published snapshots were the database's").toEqual([]);
      } finally {
        await s.close();
      }
    });
  }

  it("some events dropped: caught by the staleness bound, then one refresh converges; fresh answers are never older than it", {
    timeout: 150_000,
  }, async () => {
    const s = await sidecars({ stalenessBoundMs: BOUND_MS, stage2TtlMs: 1_000 });
    const tally: Tally = { events: 0, quiet: 0, dropped: 0, searches: 0, checked: 0, refreshed: 0 };
    try {
      await fc.assert(
        fc.asyncProperty(streamArbitrary(true), async ({ steps, checkUsers }) => {
          const who = checkUsers.map((k) => users[k % users.length]!);
          await runStream(s, steps, who, { bound: BOUND_MS, quiet: false }, tally);
          const lastChange = Date.now();
          await until("the staleness bound to pass after the last change", () =>
            Date.now() - lastChange > BOUND_MS ? true : undefined,
          );
          await checkConverged(s, who, tally);
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
      report("some dropped", tally, s);
      expect(tally.dropped).toBeGreaterThan(0);
    } finally {
      await s.close();
    }
  });

  it("a change that keeps an issue in the member set still moves the version (Stage 2 reads more fields)", async () => {
    const s = await sidecars({ stage2TtlMs: 120_000 });
    try {
      const open = model.catalog.projects.find((p) => p.permissionSchemeId === 1)!;
      const jql = `project = ${open.key} ORDER BY priority DESC, key`;
      const search = () =>
        s.engines[0]!.engine.search({ tenant: s.tenant, jql, user: null, maxResults: 1000 });
      const fresh = () =>
        until("a fresh answer", async () => ((a) => (a.stale ? undefined : a))(await search()));
      const priorities = model.catalog.priorities.map((p) => p.id);
      for (const [k, form] of EVENT_FORMS.entries()) {
        const before = await fresh();
        // The last issue in priority order jumps to another priority: same members, another order.
        const issue = Number(before.issues.at(-1)!.id);
        const to =
          priorities[(priorities.indexOf(model.get(issue).priorityId!) + 1 + k) % priorities.length]!;
        const applied = await model.apply({ kind: "priority", issue, to });
        const ingest = await s.engines[1]!.engine.ingestEvents(s.tenant, [eventFor(applied, form, false)]);
        expect(ingest.matched, form).toBe(1);
        const after = await search();
        expect(after.version, `the version after a ${form} event`).toBeGreaterThan(before.version);
        const direct = await s.engines[0]!.engine.search({
          tenant: s.tenant,
          jql,
          user: null,
          maxResults: 1000,
          consistency: "direct",
        });
        expect((await fresh()).issues, `the answer after a ${form} event`).toEqual(direct.issues);
      }
    } finally {
      await s.close();
    }
  });

  it("an update that does not say where the issue was is refused, not half applied", async () => {
    const s = await sidecars({});
    try {
      const open = model.catalog.projects.filter((p) => p.permissionSchemeId === 1);
      const jql = `project = ${open[0]!.key}`;
      const search = () =>
        s.engines[0]!.engine.search({ tenant: s.tenant, jql, user: null, maxResults: 1000 });
      const before = await search();
      const issue = Number(before.issues[0]!.id);
      const applied = await model.apply({ kind: "project", issue, to: open[1]!.id });
      const { changes: _, ...snapshotOnly } = eventFor(applied, "snapshot", true);
      await expect(s.engines[1]!.engine.ingestEvents(s.tenant, [snapshotOnly])).rejects.toMatchObject({
        code: "E_BAD_REQUEST",
        message: expect.stringMatching(
          /must say what the issue was before the change \(project, issuetype, status, sprint unknown\)/,
        ),
      });
      // The same snapshot with its changelog moves the issue out.
      await s.engines[1]!.engine.ingestEvents(s.tenant, [eventFor(applied, "snapshot", true)]);
      expect((await search()).issues.map((i) => i.id)).not.toContain(String(issue));
    } finally {
      await s.close();
    }
  });

  it("an event that arrives while a populate runs is not lost", async () => {
    const s = await sidecars({});
    try {
      const [status] = model.catalog.statuses.filter((x) => x.name === "Reopened");
      const jql = `status = Reopened ORDER BY key`;
      const open = new Set(model.catalog.projects.filter((p) => p.permissionSchemeId === 1).map((p) => p.id));
      const issue = model.ids().find((id) => {
        const i = model.get(id);
        return i.statusId !== status!.id && i.securityLevelId === null && open.has(i.projectId);
      })!;
      const afterRead = signal();
      const gate = signal();
      // The populate's Stage 1 has read its snapshot; hold it before the commit.
      s.probe.stage1Hook = async (_plan, run) => {
        const outcome = await run();
        afterRead.open();
        await gate.promise;
        return outcome;
      };
      const populating = s.engines[0]!.engine.search({ tenant: s.tenant, jql, user: null, maxResults: 1000 });
      await afterRead.promise;
      s.probe.stage1Hook = null;
      const applied = await model.apply({ kind: "status", issue, to: status!.id });
      await s.engines[1]!.engine.ingestEvents(s.tenant, [eventFor(applied, "changes", true)]);
      gate.open();
      const first = await populating;
      expect(first.issues.map((i) => i.id)).not.toContain(String(issue));
      const next = await s.engines[0]!.engine.search({ tenant: s.tenant, jql, user: null, maxResults: 1000 });
      expect(
        next.stale || next.issues.some((i) => i.id === String(issue)),
        "a fresh answer lost the event",
      ).toBe(true);
      const converged = await until("a fresh answer", async () => {
        const answer = await s.engines[0]!.engine.search({
          tenant: s.tenant,
          jql,
          user: null,
          maxResults: 1000,
        });
        return answer.stale ? undefined : answer;
      });
      expect(converged.issues.map((i) => i.id)).toContain(String(issue));
    } finally {
      await s.close();
    }
  });
});
