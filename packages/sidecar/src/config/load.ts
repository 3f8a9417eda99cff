/**
 * `loadOptions`: the configuration a process runs with, from (lowest to highest) the
 * defaults, a JSON file (`--config` or SUBQ_CONFIG), the environment (one variable per
 * option, CONFIG_REFERENCE) and overrides such as command-line flags. Every value keeps
 * its origin, so a problem names the variable or file to fix.
 */
import { readFile } from "node:fs/promises";
import type { Env } from "../db/tenants.js";
import { SubqError } from "../errors.js";
import { EnvSyntaxError } from "./kinds.js";
import { closest, configError } from "./messages.js";
import type { ResolvedSidecarOptions, SidecarOptions } from "./options.js";
import { isTree, setAt, type Tree, valueAt } from "./paths.js";
import { CONFIG_FILE_ENV, CONFIG_REFERENCE } from "./reference.js";
import { resolveOptions } from "./resolve.js";

export interface LoadSources {
  /** A JSON configuration file; default $SUBQ_CONFIG, else none. */
  readonly file?: string;
  /** Default `process.env`. */
  readonly env?: Env;
  /** Highest precedence (command-line flags), with the label to name them by. */
  readonly overrides?: { readonly options: SidecarOptions; readonly origin: string };
  /** Told of SUBQ_* variables that are close to an option's variable but are none (typos). */
  readonly warn?: (message: string) => void;
}

export async function loadOptions(sources: LoadSources = {}): Promise<ResolvedSidecarOptions> {
  const env = sources.env ?? process.env;
  const origins: Record<string, string> = {};
  const file = sources.file ?? (env[CONFIG_FILE_ENV] || undefined);
  const merged: Tree = file === undefined ? {} : await readConfigFile(file);
  if (file !== undefined) recordOrigins(merged, [], `config file ${file}`, origins);

  const problems: { key: string; message: string }[] = [];
  for (const spec of CONFIG_REFERENCE) {
    const text = env[spec.env];
    if (text === undefined || text.trim() === "") continue;
    try {
      setAt(merged, spec.key, spec.kind.fromEnv(text));
      origins[spec.key] = spec.env;
    } catch (error) {
      if (!(error instanceof EnvSyntaxError)) throw error;
      problems.push({ key: spec.key, message: `${spec.env}: ${error.message}` });
    }
  }
  if (problems.length > 0) throw configError(problems);
  if (sources.overrides) {
    const { options, origin } = sources.overrides;
    const leaves: Record<string, string> = {};
    recordOrigins(options as Tree, [], origin, leaves);
    for (const key of Object.keys(leaves)) setAt(merged, key, valueAt(options, key));
    Object.assign(origins, leaves);
  }
  if (sources.warn) warnAboutTypos(env, sources.warn);
  return resolveOptions(merged as SidecarOptions, origins);
}

async function readConfigFile(file: string): Promise<Tree> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new SubqError(
      "E_CONFIG",
      `cannot read the config file ${file} (${reason}); check the path given to --config or ${CONFIG_FILE_ENV}`,
      { cause: error },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SubqError(
      "E_CONFIG",
      `the config file ${file} is not valid JSON (${(error as Error).message}); it holds one object such as {"port": 7480, "redis": {"url": "redis://127.0.0.1:6379"}}`,
      { cause: error },
    );
  }
  if (!isTree(value)) {
    throw new SubqError(
      "E_CONFIG",
      `the config file ${file} must hold a JSON object of options such as {"port": 7480}, not ${Array.isArray(value) ? "an array" : typeof value}`,
    );
  }
  return value;
}

/**
 * Labels every option key present in `tree` (leaves: non-objects, and the values of
 * record-valued options such as auth.tokens, which are options as a whole).
 */
function recordOrigins(tree: Tree, path: string[], origin: string, origins: Record<string, string>): void {
  for (const [name, value] of Object.entries(tree)) {
    const key = [...path, name].join(".");
    const isGroup = isTree(value) && CONFIG_REFERENCE.some((spec) => spec.key.startsWith(`${key}.`));
    if (isGroup) recordOrigins(value, [...path, name], origin, origins);
    else if (value !== undefined) origins[key] = origin;
  }
}

function warnAboutTypos(env: Env, warn: (message: string) => void): void {
  const known = [CONFIG_FILE_ENV, ...CONFIG_REFERENCE.map((spec) => spec.env)];
  for (const name of Object.keys(env)) {
    if (!name.startsWith("SUBQ_") || known.includes(name)) continue;
    // Two edits: a typo, not another tool's SUBQ_TEST_... variable.
    const [guess] = closest(name, known, 2);
    if (guess !== undefined) warn(`${name} is not a subq setting and is ignored; did you mean ${guess}?`);
  }
}
