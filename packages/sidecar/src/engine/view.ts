import type { EngineContext } from "./context.js";
import { isDbUnavailable } from "./failures.js";
import type { TenantView } from "./tenant.js";

/**
 * The tenant's current view. When a reload fails because the database is down, the last
 * loaded view keeps serving (the catalog changes rarely; cached answers still need it).
 */
export async function viewOf(ctx: EngineContext, tenantName: string): Promise<TenantView> {
  const tenant = ctx.tenants.get(tenantName);
  try {
    return await tenant.current();
  } catch (error) {
    const previous = tenant.peek();
    if (previous && isDbUnavailable(error)) {
      ctx.logger.warn(
        { err: error, tenant: tenantName },
        "catalog reload failed; serving the previous catalog",
      );
      return previous;
    }
    throw error;
  }
}
