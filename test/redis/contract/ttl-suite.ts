/**
 * Expiry invariant: after any sequence of store operations, every key of the tenant has a
 * TTL. Random operation sequences (fast-check), then SCAN every key and check PTTL.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  acquireLock,
  bumpVersion,
  commitResult,
  extendLock,
  isStoreError,
  type Lease,
  lookupCandidates,
  markStaleMany,
  type RedisClient,
  readSubscription,
  registerSubscription,
  releaseLock,
  type SubscriptionMetadata,
  setMembershipMany,
  setStage2,
  subscriptionKeys,
  unregisterSubscription,
} from "../../../packages/sidecar/src/redis/index.js";
import { type Backend, ids, type TestStore, tenantKeys, testStore } from "./harness.js";

const SUBS = ["a", "b"];
const sub = fc.constantFrom(...SUBS);
const metadata = fc.constantFrom<SubscriptionMetadata>(
  {},
  { project: [1] },
  { status: [2, 3] },
  { project: [2], sprint: [9] },
);

// Weighted towards the lifecycle (acquire, commit, patch) and towards empty results, whose
// member set does not exist until a patch creates it.
const size = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 12 }));
/** Whose personal answers a change moves: undefined (anyone's) or a few users. */
const personal = fc.option(fc.subarray(["assignee:u1", "assignee:u2", "reporter:u1"]), { nil: undefined });
const operation = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant("acquire"), sub }), weight: 3 },
  {
    arbitrary: fc.record({ op: fc.constant("commit"), sub, size, from: fc.integer({ min: 1, max: 8 }) }),
    weight: 3,
  },
  fc.record({ op: fc.constant("release"), sub }),
  fc.record({ op: fc.constant("extend"), sub }),
  fc.record({ op: fc.constant("expireLock"), sub }),
  fc.record({ op: fc.constant("read"), sub, members: fc.boolean(), personal: fc.boolean() }),
  fc.record({ op: fc.constant("markStale"), subs: fc.subarray(SUBS) }),
  {
    arbitrary: fc.record({
      op: fc.constant("patch"),
      sub,
      issue: fc.integer({ min: 1, max: 15 }),
      member: fc.boolean(),
      personal,
    }),
    weight: 3,
  },
  fc.record({ op: fc.constant("bump"), sub, personal }),
  fc.record({ op: fc.constant("register"), sub, metadata }),
  fc.record({ op: fc.constant("unregister"), sub, metadata }),
  fc.record({ op: fc.constant("lookup"), project: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ op: fc.constant("stage2"), sub, version: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ op: fc.constant("tick"), ms: fc.integer({ min: 1, max: 700_000 }) }),
);

type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

async function apply(
  t: TestStore,
  redis: RedisClient,
  leases: Map<string, Lease>,
  step: Operation,
): Promise<void> {
  const ref = "sub" in step ? t.ref(step.sub) : t.ref("a");
  switch (step.op) {
    case "acquire": {
      const result = await acquireLock(t.store, ref);
      if (result.acquired) leases.set(step.sub, result.lease);
      return;
    }
    case "commit": {
      const lease = leases.get(step.sub);
      if (lease === undefined) return;
      const members = ids(step.size, step.from);
      await commitResult(t.store, lease, { members, refreshedAt: t.clock.now(), stage1: "x", metadata: {} });
      return;
    }
    case "release":
    case "extend": {
      const lease = leases.get(step.sub);
      if (lease !== undefined) await (step.op === "release" ? releaseLock : extendLock)(t.store, lease);
      return;
    }
    case "expireLock":
      await redis.del(subscriptionKeys(ref).lock);
      return;
    case "read":
      await readSubscription(t.store, ref, {
        withMembers: step.members,
        ...(step.personal ? { personal: "assignee:u1" } : {}),
      });
      return;
    case "markStale":
      await markStaleMany(t.store, t.tenant, step.subs);
      return;
    case "patch":
      await setMembershipMany(t.store, t.tenant, [
        { id: ref.id, issueId: step.issue, member: step.member, personal: step.personal },
      ]);
      return;
    case "bump":
      await bumpVersion(t.store, ref, step.personal);
      return;
    case "register":
      await registerSubscription(t.store, ref, step.metadata);
      return;
    case "unregister":
      await unregisterSubscription(t.store, ref, step.metadata);
      return;
    case "lookup":
      await lookupCandidates(t.store, t.tenant, { after: { project: [step.project], status: [2] } });
      return;
    case "stage2":
      await setStage2(
        t.store,
        ref,
        { stage2Hash: "ab", permissionClass: "u1", version: step.version, page: 0 },
        [1],
      );
      return;
    case "tick":
      t.clock.advance(step.ms);
      return;
  }
}

export function ttlSuite(backend: Backend, redis: RedisClient): void {
  describe(`expiry invariant (${backend.name})`, () => {
    it("no key is ever left without a TTL, whatever the sequence of operations", async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(operation, { minLength: 5, maxLength: 40 }), async (steps) => {
          const t = await testStore(redis, "ttl", { maxMembers: 10 });
          const leases = new Map<string, Lease>();
          for (const step of steps) {
            try {
              await apply(t, redis, leases, step);
            } catch (error) {
              if (!isStoreError(error)) throw error;
            }
          }
          const keys = await tenantKeys(redis, t.tenant);
          const withoutTtl: string[] = [];
          for (const key of keys) {
            if ((await redis.pttl(key)) < 0) withoutTtl.push(key);
          }
          expect(withoutTtl).toEqual([]);
        }),
        { numRuns: backend.real ? 100 : 30 },
      );
    });
  });
}
