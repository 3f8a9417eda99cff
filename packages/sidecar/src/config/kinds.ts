/**
 * The kinds of values an option can hold. A kind knows how to validate a value (a zod
 * schema), how to read it from an environment variable, and how to say what it expects,
 * so the configuration table (reference.ts) drives validation, the environment and the
 * generated documentation alike.
 */
import { z } from "zod";
import { parseTenantConfig, resolveTenant } from "../db/tenants.js";

export interface Kind {
  /** What a valid value looks like, for messages and the reference ("a whole number of ms >= 1"). */
  readonly expected: string;
  readonly schema: z.ZodType;
  /**
   * The value of an environment variable. Text that does not parse is returned as is, so
   * validation reports it with the variable's name; `EnvSyntaxError` is for structure.
   */
  fromEnv(text: string): unknown;
  /** Never echo the value in messages (tokens). */
  readonly secret?: boolean;
}

/**
 * Reports a problem more specific than "expected <kind>" (which tenant, which token);
 * other issues read as the kind's `expected` with the value that was given.
 */
export function specific(ctx: z.RefinementCtx, message: string, path?: PropertyKey[]): void {
  ctx.addIssue({ code: "custom", message, params: { specific: true }, ...(path ? { path } : {}) });
}

export function isSpecific(issue: z.core.$ZodIssue): boolean {
  return issue.code === "custom" && (issue.params as { specific?: boolean } | undefined)?.specific === true;
}

/** A malformed structured environment value (`SUBQ_TOKENS=app-without-token`). */
export class EnvSyntaxError extends Error {
  override readonly name = "EnvSyntaxError";
}

const asIs = (text: string): unknown => text;
const list = (text: string): string[] =>
  text
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");

export function integer(min: number, max: number, unit: "ms" | "bytes" | "" = ""): Kind {
  const what =
    unit === "ms"
      ? "a whole number of milliseconds"
      : unit === "bytes"
        ? "a whole number of bytes"
        : "a whole number";
  const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
  return {
    expected: `${what} ${range}`,
    schema: z.number().int().min(min).max(max),
    fromEnv: (text) => (/^-?\d+$/.test(text.trim()) ? Number(text.trim()) : text),
  };
}

export const positiveMs = integer(1, Number.MAX_SAFE_INTEGER, "ms");
export const nonNegativeMs = integer(0, Number.MAX_SAFE_INTEGER, "ms");
export const positiveCount = integer(1, Number.MAX_SAFE_INTEGER);

export function oneOf<const T extends string>(values: readonly T[]): Kind {
  return {
    expected: `one of ${values.map((v) => `"${v}"`).join(", ")}`,
    schema: z.enum(values as [T, ...T[]]),
    fromEnv: asIs,
  };
}

export function listOf<const T extends string>(values: readonly T[], none: string): Kind {
  return {
    expected: `a list of ${values.map((v) => `"${v}"`).join(", ")} (in the environment comma-separated, or "${none}")`,
    schema: z.array(z.enum(values as [T, ...T[]])),
    fromEnv: (text) => (text.trim() === none ? [] : list(text)),
  };
}

export const boolean: Kind = {
  expected: "true or false",
  schema: z.boolean(),
  fromEnv: (text) => {
    const value = text.trim().toLowerCase();
    if (["true", "1", "yes", "on"].includes(value)) return true;
    if (["false", "0", "no", "off"].includes(value)) return false;
    return text;
  },
};

export const text: Kind = {
  expected: "a non-empty string",
  schema: z.string().min(1),
  fromEnv: asIs,
};

export const hostname: Kind = {
  expected: "a host name or IP address such as 127.0.0.1, 0.0.0.0 or ::",
  schema: z.string().regex(/^[A-Za-z0-9.:_-]{1,253}$/),
  fromEnv: asIs,
};

export const redisUrl: Kind = {
  expected: "a redis:// or rediss:// URL such as redis://127.0.0.1:6379",
  schema: z.string().refine((value) => /^rediss?:$/.test(urlOf(value)?.protocol ?? "")),
  fromEnv: asIs,
};

export const hostPorts: Kind = {
  expected: 'a list of Redis Cluster nodes "host:port" (in the environment comma-separated)',
  schema: z.array(z.string().regex(/^[A-Za-z0-9._-]+:\d{1,5}$/, 'expected "host:port"')),
  fromEnv: list,
};

export const fieldNames: Kind = {
  expected: 'a list of field names such as "project", "status" (in the environment comma-separated)',
  schema: z.array(z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'expected a field name such as "project"')),
  fromEnv: list,
};

export const tenantNames: Kind = {
  expected: "a list of tenant names (in the environment comma-separated)",
  schema: z.array(z.string()).superRefine((names, ctx) => {
    for (const name of names) {
      const problem = failure(() =>
        resolveTenant({ tenants: {}, urlTemplate: "postgres://h/{tenant}", origins: [] }, name),
      );
      if (problem) specific(ctx, problem);
    }
  }),
  fromEnv: list,
};

export const tenantList: Kind = {
  expected:
    'a JSON object of tenants such as {"acme": {"databaseUrl": "postgres://user@host:5432/subq_acme"}}',
  schema: z.unknown().superRefine((value, ctx) => {
    const problem = failure(() => parseTenantConfig(value, "the tenant list"));
    if (problem) specific(ctx, problem);
  }),
  fromEnv: (source) => {
    try {
      return JSON.parse(source) as unknown;
    } catch (error) {
      throw new EnvSyntaxError(`is not valid JSON (${(error as Error).message})`);
    }
  },
};

export const urlTemplate: Kind = {
  expected:
    "a postgres:// URL template containing {tenant}, such as postgres://postgres@127.0.0.1:5432/subq_{tenant}",
  schema: z
    .string()
    .refine(
      (value) =>
        value.includes("{tenant}") &&
        failure(() => parseTenantConfig({ t: { databaseUrl: value.replaceAll("{tenant}", "t") } }, "")) ===
          null,
    ),
  fromEnv: asIs,
};

function urlOf(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** The message of what `work` throws, or null when it succeeds. */
function failure(work: () => unknown): string | null {
  try {
    work();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** One option of the configuration reference (reference.ts): where it lives, its kind, default and meaning. */
export interface OptionSpec {
  /** Dotted path in SidecarOptions (and in the configuration file). */
  readonly key: string;
  readonly env: string;
  readonly kind: Kind;
  /** null: none. */
  readonly default: unknown;
  readonly description: string;
}
