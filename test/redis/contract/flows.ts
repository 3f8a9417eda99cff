/** Multi-step flows the suites share: populate a subscription, run a refresh. */
import { expect } from "vitest";
import {
  acquireLock,
  type CommitInput,
  type CommitResult,
  commitResult,
  type Lease,
  type SubscriptionMetadata,
  type SubscriptionRef,
} from "../../../packages/sidecar/src/redis/index.js";
import type { TestStore } from "./harness.js";

export const METADATA: SubscriptionMetadata = { project: [10000], status: [3, 4] };

export async function lease(t: TestStore, ref: SubscriptionRef, token?: string): Promise<Lease> {
  const result = await acquireLock(t.store, ref, token === undefined ? {} : { token });
  expect(result.acquired).toBe(true);
  return (result as { lease: Lease }).lease;
}

export function input(members: readonly string[], extra: Partial<CommitInput> = {}): CommitInput {
  return {
    members,
    refreshedAt: 0,
    stage1: "project = 10000 AND status IN (3, 4)",
    metadata: METADATA,
    ...extra,
  };
}

/** Acquire + commit at the store's clock. */
export async function populate(
  t: TestStore,
  ref: SubscriptionRef,
  members: readonly string[],
  extra: Partial<CommitInput> = {},
): Promise<CommitResult> {
  const held = await lease(t, ref);
  return commitResult(t.store, held, input(members, { refreshedAt: t.clock.now(), ...extra }));
}
