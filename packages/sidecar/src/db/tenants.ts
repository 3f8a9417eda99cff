/**
 * The tenant registry: which database serves which tenant (one database per tenant).
 *
 * Sources, later ones overriding earlier ones per tenant:
 *   1. a JSON file (`--tenants PATH` or `SUBQ_TENANTS_FILE`),
 *   2. `SUBQ_TENANTS`, the same JSON inline,
 * each `{ "<tenant>": { "databaseUrl": "...", "timeZone"?: "...", "weekStart"?: 0|1 } }`.
 * A tenant not listed resolves through `SUBQ_DATABASE_URL`, a URL template containing
 * `{tenant}`. With no configuration at all, the local default template applies.
 */
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { DbError } from "./errors.js";

export const DEFAULT_DATABASE_URL_TEMPLATE = "postgres://postgres@127.0.0.1:5432/subq_{tenant}";
export const TENANT_NAME = /^[a-z][a-z0-9_]{0,39}$/;
export const TENANT_NAME_RULE =
  "tenant names are 1-40 lowercase letters, digits or _, starting with a letter";
const CONFIG_EXAMPLE = `{"acme": {"databaseUrl": "postgres://user@host:5432/subq_acme", "timeZone": "Europe/Berlin"}}`;

const TenantConfigSchema = z.strictObject({
  databaseUrl: z.string().refine(isPostgresUrl, {
    message: "must be a postgres:// URL such as postgres://user@host:5432/subq_acme",
  }),
  timeZone: z
    .string()
    .refine(isTimeZone, { message: "must be an IANA time zone such as Europe/Berlin or UTC" })
    .optional(),
  weekStart: z
    .union([z.literal(0), z.literal(1)], { message: "must be 0 (Sunday) or 1 (Monday)" })
    .optional(),
});
const RegistrySchema = z.record(
  z.string().regex(TENANT_NAME, { message: TENANT_NAME_RULE }),
  TenantConfigSchema,
);

export type TenantConfig = z.infer<typeof TenantConfigSchema>;

export interface TenantRegistry {
  /** Tenants listed explicitly. */
  readonly tenants: Readonly<Record<string, TenantConfig>>;
  /** URL template with `{tenant}` for tenants not listed, or null when only listed ones exist. */
  readonly urlTemplate: string | null;
  /** Where the configuration came from, for error messages. */
  readonly origins: readonly string[];
}

export interface ResolvedTenant extends TenantConfig {
  readonly name: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** Reads the registry from `file` (or SUBQ_TENANTS_FILE), SUBQ_TENANTS and SUBQ_DATABASE_URL. */
export async function loadTenantRegistry(
  sources: { readonly file?: string; readonly env?: Env } = {},
): Promise<TenantRegistry> {
  const env = sources.env ?? process.env;
  const file = sources.file ?? env.SUBQ_TENANTS_FILE;
  const tenants: Record<string, TenantConfig> = {};
  const origins: string[] = [];
  if (file) {
    Object.assign(tenants, parseTenantConfig(await readConfigFile(file), `tenants file ${file}`));
    origins.push(`tenants file ${file}`);
  }
  if (env.SUBQ_TENANTS) {
    Object.assign(tenants, parseTenantConfig(parseJson(env.SUBQ_TENANTS, "SUBQ_TENANTS"), "SUBQ_TENANTS"));
    origins.push("SUBQ_TENANTS");
  }
  let urlTemplate: string | null = null;
  if (env.SUBQ_DATABASE_URL) {
    urlTemplate = checkTemplate(env.SUBQ_DATABASE_URL);
    origins.push("SUBQ_DATABASE_URL");
  } else if (origins.length === 0) {
    urlTemplate = DEFAULT_DATABASE_URL_TEMPLATE;
    origins.push(`the local default ${DEFAULT_DATABASE_URL_TEMPLATE}`);
  }
  return { tenants, urlTemplate, origins };
}

/** Validates a parsed registry object; `origin` names the source in error messages. */
export function parseTenantConfig(value: unknown, origin: string): Record<string, TenantConfig> {
  const result = RegistrySchema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, 3).map(describeIssue);
  throw new DbError(
    "E_TENANT_CONFIG",
    `${origin}: ${problems.join("; ")}. Expected an object like ${CONFIG_EXAMPLE}`,
    {
      key: result.error.issues[0]!.path.map(String).join("."),
    },
  );
}

const CONFIG_KEYS = ["databaseUrl", "timeZone", "weekStart"];

function describeIssue(issue: z.core.$ZodIssue): string {
  const key = issue.path.map(String).join(".");
  if (issue.code === "unrecognized_keys") {
    const hints = issue.keys.map((k) => {
      const known = CONFIG_KEYS.find((c) => c.toLowerCase() === k.toLowerCase());
      return known ? `"${k}" (did you mean "${known}"?)` : `"${k}"`;
    });
    return `${key}: unknown key ${hints.join(", ")}; the keys are databaseUrl (required), timeZone, weekStart`;
  }
  if (issue.code === "invalid_key") return `tenant name "${key}": ${TENANT_NAME_RULE}`;
  const where = key || "the top level";
  // zod does not keep the input; a missing key reads "expected string, received undefined".
  if (issue.code === "invalid_type" && issue.message.endsWith("received undefined"))
    return `${where}: is required`;
  return `${where}: ${issue.message}`;
}

/** The connection settings of tenant `name`, or E_UNKNOWN_TENANT naming the known tenants. */
export function resolveTenant(registry: TenantRegistry, name: string): ResolvedTenant {
  if (!TENANT_NAME.test(name)) {
    throw new DbError("E_UNKNOWN_TENANT", `invalid tenant name "${name}": ${TENANT_NAME_RULE}`, {
      tenant: name,
    });
  }
  const listed = registry.tenants[name];
  if (listed) return { name, ...listed };
  if (registry.urlTemplate) return { name, databaseUrl: registry.urlTemplate.replaceAll("{tenant}", name) };
  const known = Object.keys(registry.tenants).sort();
  throw new DbError(
    "E_UNKNOWN_TENANT",
    `unknown tenant "${name}"; known tenants: ${known.join(", ") || "(none)"} (from ${registry.origins.join(", ")}). ` +
      "Add it there, or set SUBQ_DATABASE_URL to a URL template containing {tenant}",
    { tenant: name },
  );
}

async function readConfigFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new DbError(
      "E_TENANT_CONFIG",
      `cannot read tenants file ${file}; check the path (--tenants or SUBQ_TENANTS_FILE)`,
      {
        file,
        cause: error,
      },
    );
  }
  return parseJson(text, `tenants file ${file}`);
}

function parseJson(text: string, origin: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DbError(
      "E_TENANT_CONFIG",
      `${origin} is not valid JSON (${reason}); expected an object like ${CONFIG_EXAMPLE}`,
      {
        cause: error,
      },
    );
  }
}

function checkTemplate(template: string): string {
  if (!template.includes("{tenant}") || !isPostgresUrl(template.replaceAll("{tenant}", "t"))) {
    throw new DbError(
      "E_TENANT_CONFIG",
      `SUBQ_DATABASE_URL must be a postgres:// URL template containing {tenant}, such as ${DEFAULT_DATABASE_URL_TEMPLATE} (got "${template}")`,
      { key: "SUBQ_DATABASE_URL" },
    );
  }
  return template;
}

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "postgres:" || url.protocol === "postgresql:") && url.pathname.length > 1;
  } catch {
    return false;
  }
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
