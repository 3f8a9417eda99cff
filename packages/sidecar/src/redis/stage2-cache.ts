/**
 * The per-user Stage 2 cache: one msgpackr blob per (subscription version, Stage 2 query,
 * permission class or user, page), with a short TTL (default 5 s). Keyed by version, so a
 * version change makes old entries unreachable at once; they expire by themselves.
 */
import { pack, unpack } from "msgpackr";
import { checkRef, type Stage2KeyParts, type SubscriptionRef, stage2Key } from "./keys.js";
import type { Store } from "./store.js";
import { checkDuration } from "./values.js";

export async function getStage2<T>(
  store: Store,
  ref: SubscriptionRef,
  parts: Stage2KeyParts,
): Promise<T | undefined> {
  const blob = await store.client.getBuffer(stage2Key(checkRef(ref), parts));
  return blob === null ? undefined : (unpack(blob) as T);
}

export async function setStage2(
  store: Store,
  ref: SubscriptionRef,
  parts: Stage2KeyParts,
  value: unknown,
  ttlMs: number = store.options.stage2TtlMs,
): Promise<void> {
  await store.client.set(stage2Key(checkRef(ref), parts), pack(value), "PX", checkDuration(ttlMs, "ttlMs"));
}
