/**
 * Application tokens: which application a bearer token belongs to. Configured as a map
 * application → token (`SUBQ_TOKENS=billing:<token>,boards:<token>` in the environment).
 * Tokens must be long and distinct: the application a request comes from is decided by
 * its token alone.
 */
import { z } from "zod";
import { EnvSyntaxError, type Kind, specific } from "./kinds.js";

const APP_NAME = /^[A-Za-z0-9._-]{1,64}$/;
/** RFC 6750 b64token: what may follow "Bearer " in an Authorization header. */
const TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
export const MIN_TOKEN_LENGTH = 16;
const GENERATE = "generate one with `openssl rand -hex 32`";

export const tokens: Kind = {
  expected: `a map of application name → bearer token (in the environment "app:token,app2:token2"); tokens of at least ${MIN_TOKEN_LENGTH} characters, distinct`,
  schema: z.record(z.string(), z.unknown()).superRefine((map, ctx) => {
    const owners = new Map<string, string>();
    for (const [app, token] of Object.entries(map)) {
      const problem = checkToken(app, token);
      if (problem) {
        specific(ctx, problem, [app]);
        continue;
      }
      const other = owners.get(token as string);
      if (other !== undefined) {
        specific(
          ctx,
          `applications "${other}" and "${app}" have the same token; give each application its own (${GENERATE})`,
          [app],
        );
      }
      owners.set(token as string, app);
    }
  }),
  fromEnv: parseTokenList,
  secret: true,
};

function checkToken(app: string, token: unknown): string | null {
  if (!APP_NAME.test(app)) {
    return `application name "${app}" must be 1-64 letters, digits, ".", "_" or "-"`;
  }
  if (typeof token !== "string") return `expected the token as a string, got ${typeof token}`;
  if (!TOKEN.test(token)) {
    return 'a token may hold letters, digits and - . _ ~ + / (then "=" padding) only';
  }
  if (token.length < MIN_TOKEN_LENGTH) {
    return `the token is ${token.length} characters long; use at least ${MIN_TOKEN_LENGTH} (${GENERATE})`;
  }
  return null;
}

/** `app:token,app2:token2` → { app: token, app2: token2 }. */
export function parseTokenList(text: string): Record<string, string> {
  const map: Record<string, string> = {};
  const entries = text
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  entries.forEach((entry, index) => {
    const colon = entry.indexOf(":");
    if (colon <= 0 || colon === entry.length - 1) {
      throw new EnvSyntaxError(
        `entry ${index + 1} ("${redact(entry)}") is not "application:token"; expected "app:token,app2:token2"`,
      );
    }
    const app = entry.slice(0, colon);
    if (app in map) throw new EnvSyntaxError(`application "${app}" is listed twice`);
    map[app] = entry.slice(colon + 1);
  });
  return map;
}

/** Never echo a secret back in full: keep the application name, hide the rest. */
function redact(entry: string): string {
  const colon = entry.indexOf(":");
  if (colon > 0) return `${entry.slice(0, colon)}:…`;
  return entry.length > 4 ? `${entry.slice(0, 2)}…` : "…";
}
