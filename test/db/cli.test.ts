import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbProgram } from "../../packages/sidecar/src/cli/db-commands.js";
import { createTestDatabase, type TestDatabase } from "../support/pg.js";
import { writeMiniDump } from "./mini-dump.js";

describe("subq db commands", () => {
  let db: TestDatabase;
  let dir: string;
  let tenantsFile: string;

  /** Runs `subq db ...` in-process; returns its output lines or throws its error. */
  const run = async (...args: string[]) => {
    const lines: string[] = [];
    const io = { env: {}, stdout: (line: string) => lines.push(line), stderr: () => {} };
    await createDbProgram(io).parseAsync(["db", "--tenants", tenantsFile, ...args], { from: "user" });
    return lines;
  };

  beforeAll(async () => {
    db = await createTestDatabase("cli");
    dir = await mkdtemp(join(tmpdir(), "subq-cli-"));
    tenantsFile = join(dir, "tenants.json");
    await writeFile(
      tenantsFile,
      JSON.stringify({ clitest: { databaseUrl: db.url, timeZone: "America/New_York", weekStart: 0 } }),
    );
  });
  afterAll(async () => {
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it("migrates, then reports the schema up to date, and applies the tenant's calendar", async () => {
    expect((await run("migrate", "--tenant", "clitest"))[0]).toMatch(
      /^tenant clitest: applied 0001_catalog\.sql, .* \(version \d+\)$/,
    );
    expect(await run("migrate", "--tenant", "clitest")).toEqual([expect.stringMatching(/schema up to date/)]);
    const [settings] = await db.sql`SELECT time_zone, week_start FROM tenant_settings`;
    expect(settings).toEqual({ time_zone: "America/New_York", week_start: 0 });
  });

  it("seeds, refuses to seed again without --reset, and reseeds with it", async () => {
    const lines = await run("seed", "--tenant", "clitest", "--issues", "300", "--seed", "9");
    expect(lines.at(-1)).toMatch(
      /^seeded tenant clitest: 300 issues, \d+ comments, \d+ changes, \d+ projects, \d+ users in/,
    );
    await expect(run("seed", "--tenant", "clitest", "--issues", "300")).rejects.toThrow(
      "the tenant already has data; pass --reset to replace it",
    );
    await run("seed", "--tenant", "clitest", "--issues", "200", "--reset");
    const [count] = await db.sql`SELECT count(*)::int AS n FROM issues`;
    expect(count!.n).toBe(200);
  });

  it("loads a dump over a reset tenant, --limit included", async () => {
    const dump = join(dir, "dump");
    await mkdir(dump);
    await writeMiniDump(dump);
    const lines = await run("load", "--tenant", "clitest", "--dataset", dump, "--reset");
    expect(lines.at(-1)).toMatch(
      /^loaded .*dump into tenant clitest: 3 issues, 2 comments, 3 derived changes, 1 projects, 3 users/,
    );
    const limited = await run("load", "--tenant", "clitest", "--dataset", dump, "--limit", "1", "--reset");
    expect(limited.at(-1)).toMatch(/: 1 issues, 1 comments/);
    await expect(
      run("load", "--tenant", "clitest", "--dataset", join(dir, "nothing"), "--reset"),
    ).rejects.toThrow(/is missing issues\.jsonl\.gz .*pass --dataset PATH/);
  });

  it("explains unknown tenants and bad arguments", async () => {
    await expect(run("migrate", "--tenant", "other")).rejects.toThrow(
      /unknown tenant "other"; known tenants: clitest/,
    );
    await expect(run("seed", "--tenant", "clitest", "--issues", "0")).rejects.toThrow(
      /--issues must be a whole number/,
    );
    await expect(run("seed", "--tenant", "clitest")).rejects.toThrow(
      /required option '--issues <n>' not specified/,
    );
  });
});
