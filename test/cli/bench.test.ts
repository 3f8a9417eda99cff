/**
 * `subq bench <name> [args]` runs bench/package.json's `bench:<name>` script with the
 * arguments passed through; outside a checkout it says where the benchmarks are.
 */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import {
  BENCHMARKS,
  createBenchProgram,
  defaultBenchDir,
} from "../../packages/sidecar/src/cli/bench-commands.js";
import { REPO_ROOT, runSubq } from "../support/cli.js";

const program = createBenchProgram;

afterEach(() => {
  process.exitCode = undefined;
});

describe("subq bench", () => {
  it("has an entry for every benchmark the issue names, each a script of bench/package.json", () => {
    const scripts = JSON.parse(readFileSync(`${REPO_ROOT}bench/package.json`, "utf8")).scripts;
    expect(BENCHMARKS.map((b) => b.name)).toEqual(["jql", "redis", "db", "reports", "load", "faults"]);
    for (const { name } of BENCHMARKS) expect(scripts[`bench:${name}`]).toMatch(/^tsx /);
    expect(defaultBenchDir()).toBe(`${REPO_ROOT}bench/`);
  });

  it("runs pnpm run bench:<name> in bench/ with the arguments unchanged, and keeps its exit code", async () => {
    const calls: unknown[] = [];
    const root = program({
      run: async (command, args, cwd) => {
        calls.push({ command, args, cwd });
        return 3;
      },
    });
    await root.parseAsync(["bench", "reports", "--workers", "1,2", "--repeat=1", "extra"], { from: "user" });
    expect(calls).toEqual([
      {
        command: "pnpm",
        args: ["run", "bench:reports", "--workers", "1,2", "--repeat=1", "extra"],
        cwd: `${REPO_ROOT}bench/`,
      },
    ]);
    expect(process.exitCode).toBe(3);
  });

  it("outside a checkout says where the benchmarks are", async () => {
    const root = program({ benchDir: "/nonexistent/bench/", run: async () => 0 });
    await expect(root.parseAsync(["bench", "jql"], { from: "user" })).rejects.toThrow(
      /the benchmarks are not here .* run `pnpm install && pnpm subq bench \.\.\.` in a checkout/,
    );
  });

  it("as a process: the script really runs and sees the arguments (an unknown one makes it fail)", () => {
    const result = runSubq(["bench", "db", "--no-such-bench-flag"]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("Unknown option '--no-such-bench-flag'");
  });
});
