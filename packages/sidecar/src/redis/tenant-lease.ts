/**
 * Tenant-level leases (scripts claimLease / releaseLease): work that one process in the
 * whole fleet does per tenant, such as listening to the tenant database's event channel.
 * The holder claims again well within the TTL; when it dies, the lease expires and a
 * standby's next claim takes it. A lease is not a fence: for a moment after an expiry two
 * processes may both believe they hold it, so leased work must tolerate being done twice.
 */
import { randomUUID } from "node:crypto";
import { badReply } from "./errors.js";
import { tenantLeaseKey } from "./keys.js";
import { checkToken } from "./lock.js";
import { asInteger } from "./replies.js";
import { callScript } from "./script-client.js";
import type { Store } from "./store.js";
import { checkDuration } from "./values.js";

/** "acquired": nobody held it; "extended": the caller held it; "held": another token does. */
export type LeaseClaim = "acquired" | "extended" | "held";

export interface TenantLease {
  readonly tenant: string;
  /** What the lease is for, e.g. "listener" ([a-z0-9_-]). */
  readonly role: string;
  /** The owner token, unique per process and lease. */
  readonly token: string;
}

/** A lease identity with a fresh random token (nothing is written to Redis yet). */
export function tenantLease(tenant: string, role: string, token: string = randomUUID()): TenantLease {
  tenantLeaseKey(tenant, role); // validates both
  return { tenant, role, token: checkToken(token) };
}

/** Takes the lease when free, extends it when the caller holds it. */
export async function claimTenantLease(store: Store, lease: TenantLease, ttlMs: number): Promise<LeaseClaim> {
  const context = { script: "claimLease", tenant: lease.tenant };
  const reply = await callScript(
    store.client,
    "claimLease",
    [tenantLeaseKey(lease.tenant, lease.role)],
    [checkToken(lease.token), checkDuration(ttlMs, "ttlMs")],
  );
  if (reply === -3) return "held";
  const code = asInteger(reply, context);
  if (code === 1) return "acquired";
  if (code === 2) return "extended";
  throw badReply(`expected 1, 2 or -3, got ${String(reply)}`, context);
}

/** Gives the lease up if the caller holds it; tells whether it did. */
export async function releaseTenantLease(store: Store, lease: TenantLease): Promise<boolean> {
  const reply = await callScript(
    store.client,
    "releaseLease",
    [tenantLeaseKey(lease.tenant, lease.role)],
    [checkToken(lease.token)],
  );
  return asInteger(reply, { script: "releaseLease", tenant: lease.tenant }) === 1;
}

/** The current holder's token, or null (for diagnostics and tests). */
export async function tenantLeaseHolder(store: Store, tenant: string, role: string): Promise<string | null> {
  return store.client.get(tenantLeaseKey(tenant, role));
}
