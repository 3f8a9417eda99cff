/**
 * Where report code gets a tenant's database: one lazily opened pool per tenant,
 * resolved through the tenant registry (db/tenants.ts), closed together.
 */
import { connect, type DbOptions, type Sql } from "../../db/connect.js";
import { resolveTenant, type TenantRegistry } from "../../db/tenants.js";

export interface TenantDatabases {
  /** The tenant's pool; throws E_UNKNOWN_TENANT for a tenant the registry does not resolve. */
  sql(tenant: string): Sql;
  close(): Promise<void>;
}

export function registryDatabases(registry: TenantRegistry, options: DbOptions = {}): TenantDatabases {
  const pools = new Map<string, Sql>();
  return {
    sql(tenant) {
      let pool = pools.get(tenant);
      if (!pool) {
        pool = connect(resolveTenant(registry, tenant).databaseUrl, {
          applicationName: "subq-reports",
          ...options,
        });
        pools.set(tenant, pool);
      }
      return pool;
    },
    async close() {
      const all = [...pools.values()];
      pools.clear();
      await Promise.all(all.map((pool) => pool.end({ timeout: 5 })));
    },
  };
}
