/**
 * The README's quick start: `pnpm demo` runs subq with nothing installed and prints the
 * scripted session; it keeps serving until interrupted and then stops cleanly.
 */
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/cli.js";

describe("pnpm demo", () => {
  it("prints the scripted session, serves, and stops on SIGINT", async () => {
    const child = spawn("pnpm", ["demo"], {
      cwd: REPO_ROOT,
      env: { ...process.env, FORCE_COLOR: "0" },
      detached: true,
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on("exit", (code, signal) => resolve({ code, signal })),
    );
    const deadline = Date.now() + 150_000;
    while (!output.includes("Ctrl-C stops it.")) {
      if (Date.now() > deadline || child.exitCode !== null) {
        child.kill("SIGKILL");
        throw new Error(`the demo did not finish its session:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(output).toMatch(/demo tenant 'demo': 2000 issues/);
    expect(output).toMatch(/1\. cold query\s+populate/);
    expect(output).toMatch(/2\. same query again\s+cache/);
    expect(output).toMatch(/5\. version poll\s+version (\d+) -> (\d+)/);
    const [, before, after] = /5\. version poll\s+version (\d+) -> (\d+)/.exec(output)!;
    expect(BigInt(after!)).toBeGreaterThan(BigInt(before!));
    expect(output).toMatch(/6\. refreshed result\s+cache/);
    expect(output).toMatch(/left the results; total (\d+) -> (\d+)/);
    const [, total, refreshed] = /total (\d+) -> (\d+)/.exec(output)!;
    expect(Number(refreshed)).toBe(Number(total) - 1);
    const url = /sidecar listening at (http:\/\/[\d.:]+)/.exec(output)![1]!;
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    await health.body?.cancel();
    // Ctrl-C reaches the whole process group: pnpm ends by the signal, the sidecar shuts down cleanly.
    process.kill(-child.pid!, "SIGINT");
    const { code, signal } = await exited;
    expect(code === 0 || signal === "SIGINT", `exit ${code} ${signal}\n${output}`).toBe(true);
    expect(output).not.toMatch(/\n\s+at .+:\d+:\d+/);
  }, 180_000);
});
