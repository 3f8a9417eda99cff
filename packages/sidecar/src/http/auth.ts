/**
 * Bearer-token authentication per application, and the one check of what the token may
 * do (caller.ts: its tenants and access, auth.grants) before any tenant work. Tokens are
 * compared as SHA-256 digests with `timingSafeEqual` against every configured token (no
 * early exit), so neither the length nor the position of a match shows in the timing.
 * Routes listed as public (probes, metrics, the OpenAPI document by default) need no
 * token; a valid one there still names the caller (so /readyz can say more), a missing
 * or wrong one is no error.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { PublicRoute, ResolvedSidecarOptions } from "../config/options.js";
import { SubqError } from "../errors.js";
import { authorize, type Caller, callerOf, needOf, UNRESTRICTED } from "./caller.js";
import type { AppEnv } from "./env.js";

export const PUBLIC_PATHS: Readonly<Record<PublicRoute, string>> = {
  healthz: "/healthz",
  readyz: "/readyz",
  metrics: "/metrics",
  openapi: "/openapi.json",
};

const HOW =
  "send `Authorization: Bearer <token>` with the token configured for your application (auth.tokens, SUBQ_TOKENS)";

/** Token → the application it belongs to, or null. */
export function tokenMatcher(tokens: Readonly<Record<string, string>>): (presented: string) => string | null {
  const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();
  const known = Object.entries(tokens).map(([app, token]) => ({ app, digest: digest(token) }));
  return (presented) => {
    const candidate = digest(presented);
    let match: string | null = null;
    for (const entry of known) {
      if (timingSafeEqual(entry.digest, candidate) && match === null) match = entry.app;
    }
    return match;
  };
}

/**
 * `served`: the tenants this sidecar serves (the engine's), for the unknown-tenant answer
 * of a tenant the caller may use.
 */
export function authMiddleware(
  auth: ResolvedSidecarOptions["auth"],
  served: () => readonly string[],
): MiddlewareHandler<AppEnv> {
  const open = new Set(auth.publicRoutes.map((route) => PUBLIC_PATHS[route]));
  const match = tokenMatcher(auth.tokens);
  const callers = new Map(Object.keys(auth.tokens).map((app) => [app, callerOf(app, auth.grants[app])]));
  const none = callers.size === 0;
  /** The caller of a token, or E_UNAUTHORIZED saying what is wrong. */
  const identify = (header: string | undefined): Caller => {
    const token = bearerOf(header);
    if (typeof token !== "string") {
      throw new SubqError("E_UNAUTHORIZED", `${token.problem}: ${HOW}`, { where: "header.authorization" });
    }
    const app = match(token);
    if (app === null) {
      const reason = none
        ? "this sidecar has no application tokens configured (set SUBQ_TOKENS=app:token)"
        : `the bearer token belongs to no application: ${HOW}`;
      throw new SubqError("E_UNAUTHORIZED", reason, { where: "header.authorization" });
    }
    return callers.get(app)!;
  };
  return async (c, next) => {
    const header = c.req.header("authorization");
    if (!auth.disabled && open.has(c.req.path)) {
      const token = bearerOf(header);
      const app = typeof token === "string" ? match(token) : null;
      c.set("app", app);
      c.set("caller", app === null ? null : callers.get(app)!);
      return next();
    }
    const caller = auth.disabled ? UNRESTRICTED : identify(header);
    c.set("app", caller.app);
    c.set("caller", caller);
    const need = needOf(c.req.method, c.req.path);
    if (need) authorize(caller, need, served());
    return next();
  };
}

/** The token of an `Authorization: Bearer <token>` header, or what is wrong with the header. */
function bearerOf(header: string | undefined): string | { problem: string } {
  if (header === undefined || header.trim() === "") return { problem: "missing bearer token" };
  const [scheme, token, extra] = header.trim().split(/\s+/);
  if (scheme?.toLowerCase() !== "bearer" || token === undefined || extra !== undefined) {
    return { problem: 'the Authorization header is not "Bearer <token>"' };
  }
  return token;
}
