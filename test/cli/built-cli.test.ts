/**
 * The built CLI (`pnpm build`, plain node, no tsx) and the Dockerfile's layout.
 *
 * - dist runs in the repository: `jql check`, and `bin/subq.js` (the installed entry point).
 * - The Dockerfile's prod stage, replayed without Docker: its COPY and RUN instructions
 *   are carried out in a temporary directory (pnpm install from the local store, offline),
 *   then the image's ENTRYPOINT migrates a tenant database (migrations found from dist),
 *   starts `--role api` and answers /healthz, /readyz and a search (Lua scripts found from
 *   dist), so a dist layout or a COPY list that misses a runtime file fails here.
 * - Every file the built code locates by `new URL(..., import.meta.url)` is in that layout.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/cli.js";
import { REDIS_URL } from "../support/engine.js";
import { createTestDatabase, type TestDatabase } from "../support/pg.js";

const DIST_MAIN = join(REPO_ROOT, "packages/sidecar/dist/cli/main.js");

interface Instruction {
  readonly stage: string;
  readonly op: string;
  readonly args: string;
}

/** The Dockerfile's instructions (continuation lines joined, comments dropped), with their stage. */
function dockerfile(): Instruction[] {
  const text = readFileSync(join(REPO_ROOT, "Dockerfile"), "utf8").replace(/\\\n/g, " ");
  const out: Instruction[] = [];
  let stage = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const [, op = "", args = ""] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (op === "FROM") stage = /\bAS\s+(\S+)/i.exec(args)?.[1] ?? "";
    out.push({ stage, op, args: args.trim() });
  }
  return out;
}

/** Carries out the COPY and RUN instructions of the base and prod stages in `dir`. */
function replayProdStage(dir: string): void {
  for (const { stage, op, args } of dockerfile()) {
    if (stage !== "base" && stage !== "prod") continue;
    if (op === "COPY") {
      const words = args.split(/\s+/);
      const from = words.find((w) => w.startsWith("--from="));
      const paths = words.filter((w) => !w.startsWith("--"));
      const dest = paths.pop()!;
      for (const source of paths) {
        // Sources of the build stage are its /app: the repository after `pnpm build`.
        const src = join(REPO_ROOT, from ? relative("/app", source) : source);
        expect(existsSync(src), `${op} ${args}: ${src} is missing`).toBe(true);
        const target =
          dest.endsWith("/") || paths.length > 1 ? join(dir, dest, basename(src)) : join(dir, dest);
        mkdirSync(dirname(target), { recursive: true });
        cpSync(src, target, { recursive: true });
      }
    } else if (op === "RUN") {
      if (/^npm i -g pnpm@/.test(args)) continue; // pnpm is already here
      let command = args.replace(/--mount=\S+\s*/g, "");
      if (/^pnpm install\b/.test(command)) command += " --offline"; // from this machine's store
      const run = spawnSync("sh", ["-c", command], { cwd: dir, encoding: "utf8", timeout: 60_000 });
      expect(run.status, `RUN ${command}\n${run.stdout}\n${run.stderr}`).toBe(0);
    }
  }
}

/** The runtime stage's ENTRYPOINT, with /app moved to `dir`. */
function entrypoint(dir: string): string[] {
  const entry = dockerfile().find((i) => i.stage === "runtime" && i.op === "ENTRYPOINT");
  const argv = JSON.parse(entry!.args) as string[];
  return argv.map((arg) => arg.replace(/^\/app\//, `${dir}/`));
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? jsFiles(join(dir, entry.name))
      : entry.name.endsWith(".js")
        ? [join(dir, entry.name)]
        : [],
  );
}

let image: string;
let db: TestDatabase;
let server: ChildProcess | undefined;

beforeAll(async () => {
  const build = spawnSync("pnpm", ["build"], { cwd: REPO_ROOT, encoding: "utf8", timeout: 120_000 });
  expect(build.status, `pnpm build\n${build.stdout}\n${build.stderr}`).toBe(0);
  image = mkdtempSync(join(tmpdir(), "subq-image-"));
  replayProdStage(image);
  db = await createTestDatabase("built_cli");
}, 150_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill("SIGKILL");
  }
  await db?.drop();
  if (image) rmSync(image, { recursive: true, force: true });
});

describe("the built CLI", () => {
  it("runs from dist with plain node: jql check, and the bin entry point", () => {
    const check = spawnSync("node", [DIST_MAIN, "jql", "check"], {
      input: "project = FOO AND status = Open\nproject = = FOO\n",
      encoding: "utf8",
    });
    expect(check.status).toBe(0);
    expect(check.stdout).toBe(
      "OK\tproject = FOO AND status = Open\nERROR\t2:11\texpected a value, a function or EMPTY after '=' but found '='\n",
    );
    const help = spawnSync("node", [join(REPO_ROOT, "packages/sidecar/bin/subq.js"), "--help"], {
      encoding: "utf8",
    });
    expect(help.status).toBe(0);
    for (const command of ["start", "jql", "db", "sub", "events", "report", "config", "bench"])
      expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, "m"));
  });

  it("the package entry point resolves built (plain node) and from the sources (subq-source)", () => {
    // bench/ depends on @subq/sidecar, so the bare name resolves there as it does for a user.
    const script = `const m = await import("@subq/sidecar");
      console.log(import.meta.resolve("@subq/sidecar"));
      console.log(["createEngine", "startServer", "loadOptions", "resolveOptions", "startEmbeddedStack", "SubqError"]
        .filter((name) => typeof m[name] !== "function").join(",") || "complete");`;
    const run = (command: string, args: string[]) =>
      spawnSync(command, [...args, "--input-type=module", "-e", script], {
        cwd: join(REPO_ROOT, "bench"),
        encoding: "utf8",
      });
    const built = run("node", []);
    expect(built.status, built.stderr).toBe(0);
    expect(built.stdout).toBe(
      `${pathToFileURL(join(REPO_ROOT, "packages/sidecar/dist/index.js")).href}\ncomplete\n`,
    );
    const source = run("node", ["--conditions=subq-source", "--import", "tsx"]);
    expect(source.status, source.stderr).toBe(0);
    expect(source.stdout).toBe(
      `${pathToFileURL(join(REPO_ROOT, "packages/sidecar/src/index.ts")).href}\ncomplete\n`,
    );
  });

  it("in the Dockerfile's layout (production dependencies only): migrate, start --role api, probes, a search", async () => {
    expect(
      existsSync(join(image, "node_modules/.pnpm/typescript@5.9.3")),
      "dev dependencies in the image",
    ).toBe(false);
    expect(existsSync(join(image, "bench")), "the benchmarks are not in the image").toBe(false);
    const [node, ...args] = entrypoint(image);
    const tenant = "built_cli";
    const env = {
      ...process.env,
      NODE_ENV: "production",
      SUBQ_REDIS_URL: REDIS_URL,
      SUBQ_TENANTS: JSON.stringify({ [tenant]: { databaseUrl: db.url } }),
      SUBQ_HOST: "127.0.0.1",
      SUBQ_PORT: "0",
      SUBQ_AUTH_DISABLED: "true",
    };
    const migrate = spawnSync(node!, [...args, "db", "migrate", "--tenant", tenant], {
      cwd: image,
      env,
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(migrate.status, migrate.stderr).toBe(0);
    expect(migrate.stdout).toMatch(/applied 0001_catalog\.sql, /);

    server = spawn(node!, [...args, "start", "--role", "api"], { cwd: image, env });
    let log = "";
    server.stdout!.on("data", (chunk: Buffer) => {
      log += chunk.toString();
    });
    server.stderr!.on("data", (chunk: Buffer) => {
      log += chunk.toString();
    });
    const deadline = Date.now() + 20_000;
    let url: string | undefined;
    while (url === undefined) {
      url = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(log)?.[1];
      if (url === undefined && (Date.now() > deadline || server.exitCode !== null))
        throw new Error(`the built sidecar did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const healthz = await fetch(`${url}/healthz`);
    expect(healthz.status).toBe(200);
    await healthz.body?.cancel();
    const readyz = await fetch(`${url}/readyz`);
    expect(await readyz.json()).toMatchObject({ ready: true });
    // A Stage-2-only query commits its subscription through the Lua scripts.
    const search = await fetch(`${url}/v1/tenants/${tenant}/search`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jql: "ORDER BY created DESC", user: null }),
    });
    expect(search.status).toBe(200);
    expect(await search.json()).toMatchObject({ total: 0, issues: [] });

    const exited = new Promise<number | null>((r) => server!.once("exit", (code) => r(code)));
    server.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(log).toContain('"msg":"stopped"');
  });

  it("every file the built code locates by import.meta.url is in the image (or deliberately not)", () => {
    // Outside the image on purpose: the benchmarks, and data in ../shared (pass --dataset).
    const deliberatelyAbsent = ["bench/"];
    const dists = ["jql", "client", "sidecar"].map((p) => join(REPO_ROOT, "packages", p, "dist"));
    const located: string[] = [];
    for (const file of dists.flatMap(jsFiles)) {
      if (/\/testing\//.test(file)) continue; // test helpers; removed from the image
      for (const [, target] of readFileSync(file, "utf8").matchAll(
        /new URL\("([^"]+)", import\.meta\.url\)/g,
      )) {
        const path = relative(REPO_ROOT, resolve(dirname(file), target!));
        if (path.startsWith("..")) continue; // outside the repository
        located.push(path.replace(/\/?$/, target!.endsWith("/") ? "/" : ""));
      }
    }
    expect(located).toEqual(expect.arrayContaining(["lua/", "packages/sidecar/migrations/"]));
    for (const path of located) {
      if (deliberatelyAbsent.includes(path)) {
        expect(existsSync(join(image, path)), path).toBe(false);
        continue;
      }
      expect(existsSync(join(image, path)), `${path} (read at runtime) is not copied by the Dockerfile`).toBe(
        true,
      );
    }
  });
});
