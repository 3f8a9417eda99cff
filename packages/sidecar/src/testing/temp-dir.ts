/**
 * A temporary directory for one test file: made before its tests run, removed after.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";

export interface TempDir {
  /** The path of `name` in the directory (nothing is written). */
  path(name: string): string;
  /** Writes `content` to `name` (a string as it is, anything else as JSON); returns the path. */
  write(name: string, content: unknown): Promise<string>;
}

/** Call at the top of a test file; the directory is `subq-<prefix>-XXXXXX` under the OS's. */
export function useTempDir(prefix: string): TempDir {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), `subq-${prefix}-`));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return {
    path: (name) => join(dir, name),
    async write(name, content) {
      const path = join(dir, name);
      await writeFile(path, typeof content === "string" ? content : JSON.stringify(content));
      return path;
    },
  };
}
