/** Runs the `subq` CLI from sources, as `pnpm subq ...` does, and captures its output. */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runSubq(
  args: readonly string[],
  options: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): CliResult {
  const result = spawnSync(
    `${REPO_ROOT}node_modules/.bin/tsx`,
    ["--conditions=subq-source", `${REPO_ROOT}packages/sidecar/src/cli/main.ts`, ...args],
    {
      cwd: REPO_ROOT,
      input: options.input ?? "",
      encoding: "utf8",
      env: { ...process.env, ...options.env },
      timeout: options.timeoutMs ?? 60_000,
    },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
