import { describe, expect, it } from "vitest";
import { isSubqError, type SubqError } from "../errors.js";
import { loadOptions } from "./load.js";
import type { SidecarOptions } from "./options.js";
import { resolveOptions } from "./resolve.js";

const TOKENS = { billing: "billing-token-0123456789", boards: "boards-token-0123456789" };
const TENANTS = { names: ["acme", "globex"] };

function problem(input: SidecarOptions): SubqError {
  try {
    resolveOptions(input);
  } catch (error) {
    if (isSubqError(error, "E_CONFIG")) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
}

const withGrants = (grants: unknown, tenants: SidecarOptions["tenants"] = TENANTS): SidecarOptions => ({
  tenants,
  auth: { tokens: TOKENS, grants: grants as Record<string, never> },
});

describe("auth.grants", () => {
  it("is empty by default (every token reaches every tenant) and keeps what is given, frozen", () => {
    expect(resolveOptions({ auth: { tokens: TOKENS } }).auth.grants).toEqual({});
    const grants = { boards: { tenants: ["acme"], access: "read" as const }, billing: {} };
    const options = resolveOptions(withGrants(grants));
    expect(options.auth.grants).toEqual(grants);
    expect(Object.isFrozen(options.auth.grants.boards?.tenants)).toBe(true);
  });

  it("names the valid access levels for an unknown one", () => {
    expect(problem(withGrants({ boards: { access: "write" } })).message).toBe(
      'invalid configuration: auth.grants: boards: access "write" is not an access level; use one of "read", "publish", "all" (read: search, version, watch, contains, explain, subscriptions, reports; publish: events and report runs; all: both); set auth.grants or SUBQ_TOKEN_GRANTS',
    );
  });

  it.each([
    [
      { boards: "read" },
      'boards: expected an object such as {"tenants": ["acme"], "access": "read"}, got "read"',
    ],
    [
      { boards: { tenant: ["acme"] } },
      'boards: unknown key "tenant" (did you mean "tenants"?); a grant has "tenants" and "access"',
    ],
    [
      { boards: { tenants: "acme" } },
      'boards: tenants must be a non-empty list of tenant names such as ["acme"] (omit it for every tenant)',
    ],
    [{ boards: { tenants: [] } }, "boards: tenants must be a non-empty list"],
    [{ boards: { tenants: ["Acme"] } }, 'boards: tenant name "Acme": '],
    [{ boards: { tenants: ["acme", "acme"] } }, 'boards: tenant "acme" is listed twice'],
    [[], "auth.grants: expected a JSON object of application → grant"],
  ])("rejects %j", (grants, message) => {
    expect(problem(withGrants(grants)).message).toContain(message);
  });

  it("rejects a grant for an application without a token, which would leave the real one unlimited", () => {
    const error = problem(withGrants({ bords: { access: "read" } }));
    expect(error.message).toBe(
      'invalid configuration: auth.grants: application "bords" has no token in auth.tokens (did you mean "boards"?); the applications with tokens are: billing, boards',
    );
    expect(error.message).not.toContain(TOKENS.boards);
  });

  it("rejects an unknown tenant when every tenant is named in the options", () => {
    const list = { acme: { databaseUrl: "postgres://db/acme" } };
    expect(
      problem(withGrants({ boards: { tenants: ["acme", "umbrella"] } }, { list, names: ["globex"] })).message,
    ).toBe(
      'invalid configuration: auth.grants: boards: tenant "umbrella" is not configured (tenants.list, tenants.names: acme, globex); configure it or remove it from the grant',
    );
  });

  it("accepts tenants it cannot check: from a tenants file (read at start) or through a URL template", () => {
    const grant = { boards: { tenants: ["umbrella"] } };
    expect(() => resolveOptions(withGrants(grant, { file: "/etc/subq/tenants.json" }))).not.toThrow();
    const template = { databaseUrlTemplate: "postgres://db/subq_{tenant}", names: ["acme"] };
    expect(() => resolveOptions(withGrants(grant, template))).not.toThrow();
  });

  it("reads SUBQ_TOKEN_GRANTS as JSON and names it in problems", async () => {
    const env = {
      SUBQ_TOKENS: `billing:${TOKENS.billing},boards:${TOKENS.boards}`,
      SUBQ_TENANT_NAMES: "acme",
      SUBQ_TOKEN_GRANTS: '{"boards": {"tenants": ["acme"], "access": "publish"}}',
    };
    expect((await loadOptions({ env })).auth.grants).toEqual({
      boards: { tenants: ["acme"], access: "publish" },
    });
    const bad = loadOptions({ env: { ...env, SUBQ_TOKEN_GRANTS: "{boards" } });
    await expect(bad).rejects.toThrow(/^invalid configuration: SUBQ_TOKEN_GRANTS: is not valid JSON \(/);
    const unknown = loadOptions({ env: { ...env, SUBQ_TOKEN_GRANTS: '{"boards": {"access": "rw"}}' } });
    await expect(unknown).rejects.toThrow(
      /^invalid configuration: auth.grants \(from SUBQ_TOKEN_GRANTS\): boards: access "rw" is not an access level; .*; fix SUBQ_TOKEN_GRANTS$/,
    );
  });
});
