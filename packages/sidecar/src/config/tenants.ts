/**
 * The tenants a sidecar serves, from the resolved `tenants` options through the tenant
 * registry of db/tenants.ts (its file format, precedence and messages): the file's
 * entries, overridden per tenant by `tenants.list`, plus `tenants.names` resolved through
 * the URL template (or the local default template when nothing else is configured).
 */
import { loadTenantRegistry, type ResolvedTenant, resolveTenant } from "../db/tenants.js";
import type { ResolvedSidecarOptions } from "./options.js";

export async function loadTenants(
  options: ResolvedSidecarOptions["tenants"],
): Promise<readonly ResolvedTenant[]> {
  const registry = await loadTenantRegistry({
    file: options.file ?? undefined,
    // The registry reads these variables; here they carry the resolved options instead.
    env: {
      SUBQ_TENANTS: Object.keys(options.list).length > 0 ? JSON.stringify(options.list) : undefined,
      SUBQ_DATABASE_URL: options.databaseUrlTemplate ?? undefined,
    },
  });
  const names = new Set([...Object.keys(registry.tenants), ...options.names]);
  return Object.freeze([...names].sort().map((name) => resolveTenant(registry, name)));
}
