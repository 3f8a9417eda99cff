/**
 * The subscription id of a Stage 1 query: 20 hex characters (80 bits) of the SHA-256 of
 * its canonical text. The sidecar scopes it by tenant in its Redis keys. `node:crypto`'s
 * one-shot `hash` is pure computation here, not I/O.
 */
import { hash } from "node:crypto";

export const SUBSCRIPTION_HASH_LENGTH = 20;

export function subscriptionHash(stage1Text: string): string {
  return hash("sha256", stage1Text, "hex").slice(0, SUBSCRIPTION_HASH_LENGTH);
}
