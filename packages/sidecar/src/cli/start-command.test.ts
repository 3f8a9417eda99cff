import { Command } from "commander";
import { describe, expect, it } from "vitest";
import type { ResolvedSidecarOptions } from "../config/options.js";
import { createLogger } from "../logger.js";
import type { RunningServer } from "../server.js";
import { useTempDir } from "../testing/temp-dir.js";
import { registerConfigCommands } from "./config-command.js";
import { registerStartCommand } from "./start-command.js";

const TOKEN = "0123456789abcdef0123";
const dir = useTempDir("cli");

function startProgram(env: Record<string, string>) {
  const started: ResolvedSidecarOptions[] = [];
  const program = new Command("subq").exitOverride();
  registerStartCommand(program, {
    env,
    logger: () => createLogger({ level: "silent" }),
    start: async (options) => {
      started.push(options);
      return { closed: Promise.resolve() } as unknown as RunningServer;
    },
  });
  return { program, started };
}

describe("subq start", () => {
  it("starts with file < environment < flags and returns when the server has closed", async () => {
    const file = await dir.write("subq.json", { role: "api", port: 9000, host: "0.0.0.0" });
    const { program, started } = startProgram({ SUBQ_PORT: "9100", SUBQ_TOKENS: `app:${TOKEN}` });
    await program.parseAsync(["start", "--config", file, "--role", "worker"], { from: "user" });
    expect(started).toHaveLength(1);
    expect(started[0]).toMatchObject({
      role: "worker",
      port: 9100,
      host: "0.0.0.0",
      auth: { tokens: { app: TOKEN } },
    });
  });

  it("takes the file from SUBQ_CONFIG", async () => {
    const file = await dir.write("env.json", { port: 9200 });
    const { program, started } = startProgram({ SUBQ_CONFIG: file });
    await program.parseAsync(["start"], { from: "user" });
    expect(started[0]!.port).toBe(9200);
  });

  it("fails before starting anything, naming the flag, variable or file to fix", async () => {
    const { program, started } = startProgram({ SUBQ_PORT: "eighty" });
    await expect(program.parseAsync(["start"], { from: "user" })).rejects.toThrow(
      'port (from SUBQ_PORT): expected a whole number from 0 to 65535, got "eighty"',
    );
    await expect(program.parseAsync(["start", "--role", "both"], { from: "user" })).rejects.toThrow(
      'role (from --role): expected one of "api", "worker", "all", got "both"',
    );
    expect(started).toEqual([]);
  });
});

describe("subq config", () => {
  function configProgram(env: Record<string, string> = {}) {
    let output = "";
    const program = new Command("subq").exitOverride();
    registerConfigCommands(program, { env, stdout: (text) => (output += text) });
    return { program, output: () => output };
  }

  it("reference prints the Markdown table of every option", async () => {
    const { program, output } = configProgram();
    await program.parseAsync(["config", "reference"], { from: "user" });
    expect(output()).toMatch(/^\| option \| environment \| default \| description \|\n/);
    expect(output()).toContain("| `engine.populateWaitMs` | `SUBQ_POPULATE_WAIT_MS` | 10000 (10 s) |");
  });

  it("check prints the resolved configuration without secrets, and warnings", async () => {
    const { program, output } = configProgram({
      SUBQ_TOKENS: `app:${TOKEN}`,
      SUBQ_REDIS_URL: "redis://user:hunter22@cache:6379",
      SUBQ_TENANTS: JSON.stringify({ acme: { databaseUrl: "postgres://subq:pgsecret@db:5432/acme" } }),
      SUBQ_PORTT: "1",
    });
    await program.parseAsync(["config", "check"], { from: "user" });
    const text = output();
    expect(text).toContain(
      "warning: SUBQ_PORTT is not a subq setting and is ignored; did you mean SUBQ_PORT?",
    );
    const json = JSON.parse(text.slice(text.indexOf("{")));
    expect(json.auth.tokens).toEqual({ app: "[redacted]" });
    expect(json.redis.url).toBe("redis://user:***@cache:6379");
    expect(json.tenants.list.acme.databaseUrl).toBe("postgres://subq:***@db:5432/acme");
    for (const secret of [TOKEN, "hunter22", "pgsecret"]) expect(text).not.toContain(secret);
  });
});
