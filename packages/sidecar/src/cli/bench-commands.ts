/**
 * `subq bench jql|redis|db|reports|load|faults [args...]`: runs the repository's benchmark
 * scripts (bench/package.json, `pnpm bench:<name>`), passing the arguments after the name
 * through unchanged. The benchmarks live in the repository, not in a built installation.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";

export interface BenchSpec {
  readonly name: string;
  readonly description: string;
}

/** The benchmarks and what they measure (bench/RESULTS.md has the numbers). */
export const BENCHMARKS: readonly BenchSpec[] = [
  { name: "jql", description: "JQL core speed: parse, normalize, split, plan (about a minute; no services)" },
  { name: "redis", description: "the Lua scripts on the local Redis: read, commit, patch, index lookups" },
  {
    name: "db",
    description: "Stage 1 and Stage 2 on Postgres at 100k and 1M issues (args: --sizes --runs --out)",
  },
  {
    name: "reports",
    description: "pre-computed report runs with 1, 2, 4 workers (args: --workers --repeat ...)",
  },
  {
    name: "load",
    description: "end-to-end load: agents polling queues through subq vs the database directly",
  },
  {
    name: "faults",
    description:
      "chaos: Redis, Postgres, worker and api faults under load on a fleet of real processes (--quick)",
  },
];

export interface BenchIo {
  /** The repository's bench/ directory. Default: found from this module (src/ or dist/). */
  readonly benchDir?: string;
  /** Runs the command and resolves with its exit code. Default: spawn with inherited stdio. */
  readonly run?: (command: string, args: readonly string[], cwd: string) => Promise<number>;
}

/** bench/ of the repository: the same depth from src/cli and dist/cli. */
export function defaultBenchDir(): string {
  return fileURLToPath(new URL("../../../../bench/", import.meta.url));
}

export function registerBenchCommands(program: Command, io: BenchIo = {}): void {
  const bench = program
    .command("bench")
    .description(
      "run the benchmarks of bench/ (results in bench/results/); arguments after the name pass through",
    )
    .enablePositionalOptions()
    .addHelpText(
      "after",
      "\nExamples:\n  $ subq bench jql\n  $ subq bench db --sizes 100000 --runs 5\n  $ subq bench load -- --help   (-- passes a flag subq itself knows)",
    );
  for (const spec of BENCHMARKS) {
    bench
      .command(spec.name)
      .description(spec.description)
      .argument("[args...]", "passed to the benchmark script")
      .passThroughOptions()
      .allowUnknownOption()
      .action(async (args: string[]) => {
        const dir = io.benchDir ?? defaultBenchDir();
        const script = `bench:${spec.name}`;
        const scripts = benchScripts(dir);
        if (!(script in scripts)) {
          throw new Error(
            `${join(dir, "package.json")} has no script ${script}; it has ${Object.keys(scripts).join(", ") || "none"}`,
          );
        }
        const code = await (io.run ?? spawnInherited)("pnpm", ["run", script, ...args], dir);
        if (code !== 0) process.exitCode = code;
      });
  }
}

/** The bench:* scripts of bench/package.json; fails with what to do outside a checkout. */
function benchScripts(dir: string): Record<string, string> {
  const file = join(dir, "package.json");
  if (!existsSync(file)) {
    throw new Error(
      `the benchmarks are not here (no ${file}): they live in the repository's bench/ directory, not in a built ` +
        "installation or image; run `pnpm install && pnpm subq bench ...` in a checkout",
    );
  }
  const scripts =
    (JSON.parse(readFileSync(file, "utf8")) as { scripts?: Record<string, string> }).scripts ?? {};
  return Object.fromEntries(Object.entries(scripts).filter(([name]) => name.startsWith("bench:")));
}

function spawnInherited(command: string, args: readonly string[], cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd, stdio: "inherit" });
    child.on("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "ENOENT"
          ? new Error(`${command} is not on the PATH; install it (npm i -g pnpm@10) to run the benchmarks`)
          : error,
      ),
    );
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** A root program with only the bench commands (tests); errors throw instead of exiting. */
export function createBenchProgram(io: BenchIo = {}): Command {
  const program = new Command("subq").exitOverride();
  registerBenchCommands(program, io);
  return program;
}
