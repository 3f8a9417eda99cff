/**
 * Bearer-token authentication per application. Tokens are compared as SHA-256 digests
 * with `timingSafeEqual` against every configured token (no early exit), so neither the
 * length nor the position of a match shows in the timing. Routes listed as public
 * (probes, metrics, the OpenAPI document by default) need no token.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { PublicRoute, ResolvedSidecarOptions } from "../config/options.js";
import { SubqError } from "../errors.js";
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

export function authMiddleware(auth: ResolvedSidecarOptions["auth"]): MiddlewareHandler<AppEnv> {
  const open = new Set(auth.publicRoutes.map((route) => PUBLIC_PATHS[route]));
  const match = tokenMatcher(auth.tokens);
  const none = Object.keys(auth.tokens).length === 0;
  return async (c, next) => {
    c.set("app", null);
    if (auth.disabled || open.has(c.req.path)) return next();
    const header = c.req.header("authorization");
    if (header === undefined || header.trim() === "") {
      throw new SubqError("E_UNAUTHORIZED", `missing bearer token: ${HOW}`, {
        where: "header.authorization",
      });
    }
    const [scheme, token, extra] = header.trim().split(/\s+/);
    if (scheme?.toLowerCase() !== "bearer" || token === undefined || extra !== undefined) {
      throw new SubqError("E_UNAUTHORIZED", `the Authorization header is not "Bearer <token>": ${HOW}`, {
        where: "header.authorization",
      });
    }
    const app = match(token);
    if (app === null) {
      const reason = none
        ? "this sidecar has no application tokens configured (set SUBQ_TOKENS=app:token)"
        : `the bearer token belongs to no application: ${HOW}`;
      throw new SubqError("E_UNAUTHORIZED", reason, { where: "header.authorization" });
    }
    c.set("app", app);
    return next();
  };
}
