/**
 * How workers learn about tenants. Refreshes live in one BullMQ queue per tenant, so a
 * worker must know a tenant to work it. Every enqueue adds its tenant to a Redis set
 * (`<prefix>:tenants`, no expiry: a handful of short names); workers read the set when they
 * start and every `discoveryIntervalMs` after, and a process that enqueues starts its own
 * worker for the tenant at once. So any worker works any tenant within one discovery
 * interval of its first enqueue anywhere in the fleet, whatever tenants it was configured
 * with. A tenant that is gone for good stays in the set until removed with
 * `SREM <prefix>:tenants <tenant>` (its workers idle on an empty queue meanwhile).
 */
import { checkTenant } from "../redis/keys.js";
import type { QueueClient } from "./bullmq-connection.js";

/** The BullMQ queue name of a tenant: a hash tag per tenant keeps each queue in one cluster slot. */
export function tenantQueueName(tenant: string): string {
  return `{refresh-${checkTenant(tenant)}}`;
}

export function knownTenantsKey(prefix: string): string {
  return `${prefix}:tenants`;
}

export async function registerTenant(client: QueueClient, prefix: string, tenant: string): Promise<void> {
  await client.sadd(knownTenantsKey(prefix), tenant);
}

/** The registered tenants; malformed members (written by hand) are skipped. */
export async function knownTenants(client: QueueClient, prefix: string): Promise<string[]> {
  const members = await client.smembers(knownTenantsKey(prefix));
  return members.filter(isTenantName).sort();
}

function isTenantName(name: string): boolean {
  try {
    checkTenant(name);
    return true;
  } catch {
    return false;
  }
}
