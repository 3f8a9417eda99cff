/**
 * Token grants (`auth.grants`, SUBQ_TOKEN_GRANTS): the tenants an application's token
 * reaches and what it may do there — read (search, version, watch, contains, explain,
 * subscriptions, reports), publish (POST events, report runs) or all. An application
 * without a grant keeps full access to every tenant, so `auth.tokens` alone means what it
 * always meant. Grants are kept apart from the tokens: they are not secret, so they can be
 * echoed in messages, reviewed and diffed without exposing a token.
 */
import { z } from "zod";
import { TENANT_NAME, TENANT_NAME_RULE } from "../db/tenants.js";
import { EnvSyntaxError, type Kind, specific } from "./kinds.js";
import { closest, type Origins, whereOf } from "./messages.js";
import type { SidecarOptions, TokenGrant } from "./options.js";

export const ACCESS_LEVELS = ["read", "publish", "all"] as const;
const GRANT_KEYS = ["tenants", "access"];
const LEVELS = ACCESS_LEVELS.map((level) => `"${level}"`).join(", ");

export const grants: Kind = {
  expected: `a JSON object of application → grant such as {"boards": {"tenants": ["acme"], "access": "read"}}; access is one of ${LEVELS}; tenants omitted: every tenant`,
  schema: z.record(z.string(), z.unknown()).superRefine((map, ctx) => {
    for (const [app, grant] of Object.entries(map)) {
      for (const problem of grantProblems(grant)) specific(ctx, problem, [app]);
    }
  }),
  fromEnv: (source) => {
    try {
      return JSON.parse(source) as unknown;
    } catch (error) {
      throw new EnvSyntaxError(
        `is not valid JSON (${(error as Error).message}); expected e.g. {"boards": {"tenants": ["acme"], "access": "read"}}`,
      );
    }
  },
};

function grantProblems(grant: unknown): string[] {
  if (grant === null || typeof grant !== "object" || Array.isArray(grant)) {
    return [
      `expected an object such as {"tenants": ["acme"], "access": "read"}, got ${JSON.stringify(grant)}`,
    ];
  }
  const problems: string[] = [];
  const { tenants, access, ...rest } = grant as Record<string, unknown>;
  for (const key of Object.keys(rest)) {
    const [guess] = closest(key, GRANT_KEYS);
    const hint = guess === undefined ? "" : ` (did you mean "${guess}"?)`;
    problems.push(`unknown key "${key}"${hint}; a grant has "tenants" and "access"`);
  }
  if (access !== undefined && !(ACCESS_LEVELS as readonly unknown[]).includes(access)) {
    problems.push(
      `access ${JSON.stringify(access)} is not an access level; use one of ${LEVELS} (read: search, version, watch, contains, explain, subscriptions, reports; publish: events and report runs; all: both)`,
    );
  }
  if (tenants !== undefined) problems.push(...tenantProblems(tenants));
  return problems;
}

function tenantProblems(tenants: unknown): string[] {
  if (!Array.isArray(tenants) || tenants.length === 0) {
    return ['tenants must be a non-empty list of tenant names such as ["acme"] (omit it for every tenant)'];
  }
  const problems: string[] = [];
  const seen = new Set<unknown>();
  for (const name of tenants) {
    if (typeof name !== "string" || !TENANT_NAME.test(name)) {
      problems.push(`tenant name ${JSON.stringify(name)}: ${TENANT_NAME_RULE}`);
    } else if (seen.has(name)) {
      problems.push(`tenant "${name}" is listed twice`);
    }
    seen.add(name);
  }
  return problems;
}

/**
 * Problems between the grants and the rest of the options: a grant for an application
 * without a token (a typo would leave the real application with full access), and a
 * granted tenant that is not configured — checked only when every served tenant is
 * named in the options. A tenants file is read at start (createApp warns then), and with
 * a URL template (tenants.databaseUrlTemplate) the tenants a fleet serves come and go
 * with tenants.names, so one set of grants can name tenants some sidecars do not serve.
 */
export function grantCrossProblems(
  input: SidecarOptions,
  origins: Origins,
): { key: string; message: string }[] {
  const grantsByApp = input.auth?.grants;
  // Shapes that are wrong are reported by the options' own kinds.
  if (!isObject(grantsByApp)) return [];
  const tokens = input.auth?.tokens;
  const apps = isObject(tokens) ? Object.keys(tokens) : [];
  const { file, databaseUrlTemplate, list = {}, names = [] } = isObject(input.tenants) ? input.tenants : {};
  const isStatic =
    file === undefined && databaseUrlTemplate === undefined && isObject(list) && Array.isArray(names);
  const configured = new Set(isStatic ? [...Object.keys(list), ...names] : []);
  const where = whereOf("auth.grants", origins);
  const problems: { key: string; message: string }[] = [];
  for (const [app, grant] of Object.entries(grantsByApp)) {
    if (!apps.includes(app)) {
      const [guess] = closest(app, apps);
      const hint = guess === undefined ? "" : ` (did you mean "${guess}"?)`;
      problems.push({
        key: "auth.grants",
        message: `${where}: application "${app}" has no token in auth.tokens${hint}; the applications with tokens are: ${apps.join(", ") || "none"}`,
      });
    }
    const tenants = (grant as TokenGrant | null)?.tenants;
    if (!isStatic || !Array.isArray(tenants)) continue;
    for (const tenant of tenants) {
      if (typeof tenant === "string" && !configured.has(tenant)) {
        problems.push({
          key: "auth.grants",
          message: `${where}: ${app}: tenant "${tenant}" is not configured (tenants.list, tenants.names: ${[...configured].sort().join(", ") || "none"}); configure it or remove it from the grant`,
        });
      }
    }
  }
  return problems;
}

function isObject(value: unknown): value is object {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Granted tenants a sidecar does not serve (a tenants file or template), for a warning at start. */
export function unservedGrants(
  grantsByApp: Readonly<Record<string, TokenGrant>>,
  served: readonly string[],
): string[] {
  return Object.entries(grantsByApp).flatMap(([app, grant]) =>
    (grant.tenants ?? [])
      .filter((tenant) => !served.includes(tenant))
      .map(
        (tenant) =>
          `auth.grants: application "${app}" is granted tenant "${tenant}", which this sidecar does not serve`,
      ),
  );
}
