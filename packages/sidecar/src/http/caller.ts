/**
 * Who is calling and what they may do: the application of a token with its grant
 * (auth.grants, config/grants.ts), and the one check of a request against it — the tenant
 * of the path, and whether the route reads or publishes — made by the auth middleware
 * before any tenant work. A tenant the caller may not use is refused whether or not it
 * exists (403), so a limited token cannot probe for other tenants; an unknown tenant names
 * only the tenants the caller may use.
 */
import type { Access, TokenGrant } from "../config/options.js";
import { SubqError } from "../errors.js";

export interface Caller {
  /** The application of the token; null when authentication is disabled. */
  readonly app: string | null;
  /** The tenants it may use; null: every tenant. */
  readonly tenants: ReadonlySet<string> | null;
  readonly access: Access;
}

/** Authentication disabled: anyone may do anything (local development). */
export const UNRESTRICTED: Caller = Object.freeze({ app: null, tenants: null, access: "all" });

export function callerOf(app: string, grant: TokenGrant | undefined): Caller {
  return Object.freeze({
    app,
    tenants: grant?.tenants === undefined ? null : new Set(grant.tenants),
    access: grant?.access ?? "all",
  });
}

export function reaches(caller: Caller, tenant: string): boolean {
  return caller.tenants === null || caller.tenants.has(tenant);
}

/** What a request is about: its tenant and the access it needs. */
export interface Need {
  readonly tenant: string;
  readonly access: "read" | "publish";
}

const TENANT_PATH = /^\/v1\/tenants\/([^/]+)(\/.*)?$/;

/**
 * The tenant of a `/v1/tenants/:tenant/...` path (decoded as the router decodes it) and
 * the access its route needs; null outside the tenant routes. GET reads, and so does
 * POST search (a query with a body); every other method and route publishes, so a write
 * route added later is closed to read-only tokens until it is listed here.
 */
export function needOf(method: string, path: string): Need | null {
  const match = TENANT_PATH.exec(path);
  if (!match) return null;
  const reads = method === "GET" || method === "HEAD" || (method === "POST" && match[2] === "/search");
  return { tenant: decodeSegment(match[1]!), access: reads ? "read" : "publish" };
}

/** Throws E_FORBIDDEN (tenant or access not granted) or E_UNKNOWN_TENANT (not served here). */
export function authorize(caller: Caller, need: Need, served: readonly string[]): void {
  const { tenant } = need;
  const who = caller.app === null ? "the caller" : `application "${caller.app}"`;
  const fields = { tenant, where: "path.tenant" };
  if (!reaches(caller, tenant)) {
    throw new SubqError(
      "E_FORBIDDEN",
      `${who} may not use tenant "${tenant}": its grant (auth.grants) does not include it`,
      fields,
    );
  }
  if (caller.access !== "all" && caller.access !== need.access) {
    const message =
      need.access === "publish"
        ? `${who} has read-only access (auth.grants): it may not publish events or start report runs`
        : `${who} may only publish events and start report runs (access "publish" in auth.grants): it may not read`;
    throw new SubqError("E_FORBIDDEN", message, fields);
  }
  if (!served.includes(tenant)) {
    const visible = served.filter((name) => reaches(caller, name));
    const label = caller.tenants === null ? "configured tenants" : `tenants of ${who}`;
    throw new SubqError(
      "E_UNKNOWN_TENANT",
      `unknown tenant '${tenant}' (${label}: ${visible.join(", ") || "none"})`,
      fields,
    );
  }
}

function decodeSegment(segment: string): string {
  if (!segment.includes("%")) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    // Still holds a "%": no tenant is named like that.
    return segment;
  }
}
