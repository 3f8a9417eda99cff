/**
 * Loads the Lua scripts of `lua/` (BullMQ style): one script per file named
 * `<verbNoun>-<numKeys>.lua`, shared local functions in `lua/includes/` pulled in by
 * `--- @include "<path>"` lines. An include path is relative to the including file, `.lua`
 * optional; each file is inlined once per script, where it is first included (nested
 * includes first), so scripts can include the helpers they use without double definitions.
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { StoreError } from "./errors.js";

export interface ScriptSource {
  /** The contract name, e.g. `commitResult`. */
  readonly name: string;
  /** The file name, e.g. `commitResult-4.lua`. */
  readonly file: string;
  readonly numberOfKeys: number;
  /** The script with every include inlined: what Redis runs. */
  readonly lua: string;
  /** SHA-1 of `lua`, as SCRIPT LOAD / EVALSHA know it. */
  readonly sha1: string;
}

/** Reads a file's text; absolute paths in, `undefined` when the file does not exist. */
export type ReadText = (path: string) => Promise<string | undefined>;

const SCRIPT_FILE = /^([a-z][A-Za-z0-9]*)-(\d+)\.lua$/;
const INCLUDE = /^---\s*@include\s+"([^"]+)"\s*$/;

/** The repository's `lua/` directory (same depth from `src/redis` and `dist/redis`). */
export function defaultLuaDir(): string {
  return fileURLToPath(new URL("../../../../lua/", import.meta.url));
}

/** subq reads lua/ at the repository (or image) root, next to packages/: a partial copy is the usual cause. */
const HOW_TO_FIX =
  "the lua/ directory must sit at the root of the subq checkout or image, beside packages/ (copy it with the build; the Dockerfile does)";

export async function loadScripts(
  dir: string = defaultLuaDir(),
  read: ReadText = readText,
): Promise<ScriptSource[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (cause) {
    throw new StoreError("E_SCRIPT_LOAD", `cannot list Lua scripts in ${dir}: ${HOW_TO_FIX}`, {
      file: dir,
      cause,
    });
  }
  const files = entries.filter((name) => name.endsWith(".lua")).sort();
  if (files.length === 0) {
    throw new StoreError("E_SCRIPT_LOAD", `no .lua scripts in ${dir}: ${HOW_TO_FIX}`, {
      file: dir,
    });
  }
  return Promise.all(files.map((file) => loadScript(join(dir, file), read)));
}

export async function loadScript(path: string, read: ReadText = readText): Promise<ScriptSource> {
  const file = basename(path);
  const match = SCRIPT_FILE.exec(file);
  if (match === null) {
    throw new StoreError(
      "E_SCRIPT_LOAD",
      `${path}: a script file is named <verbNoun>-<numKeys>.lua (e.g. commitResult-4.lua)`,
      { file: path },
    );
  }
  const lua = await resolveIncludes(path, read);
  return {
    name: match[1]!,
    file,
    numberOfKeys: Number(match[2]),
    lua,
    sha1: createHash("sha1").update(lua).digest("hex"),
  };
}

/** The text of `path` with its includes inlined, each file once. */
export async function resolveIncludes(path: string, read: ReadText = readText): Promise<string> {
  const included = new Set<string>();
  const expand = async (file: string, chain: readonly string[]): Promise<string> => {
    const text = await read(file);
    if (text === undefined) {
      const from = chain.at(-1);
      const where = from === undefined ? "" : ` (included from ${from})`;
      throw new StoreError("E_SCRIPT_LOAD", `Lua file not found: ${file}${where}`, { file });
    }
    const lines = text.split("\n");
    const out: string[] = [];
    for (const [index, line] of lines.entries()) {
      const include = INCLUDE.exec(line.trim());
      if (include === null) {
        out.push(line);
        continue;
      }
      const target = resolve(dirname(file), include[1]!.endsWith(".lua") ? include[1]! : `${include[1]}.lua`);
      if (target === file || chain.includes(target)) {
        const cycle = [...chain, file, target].map((f) => relative(dirname(path), f)).join(" -> ");
        throw new StoreError("E_SCRIPT_LOAD", `include cycle at ${file}:${index + 1}: ${cycle}`, { file });
      }
      if (included.has(target)) continue;
      included.add(target);
      out.push(await expand(target, [...chain, file]));
    }
    return out.join("\n");
  };
  return expand(resolve(path), []);
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new StoreError("E_SCRIPT_LOAD", `cannot read Lua file ${path}`, { file: path, cause: error });
  }
}
