/**
 * examples/service-desk-queue against a real sidecar: started as a user starts it (its
 * package's `start` script), it prints the queue; an issue leaves the queue in the
 * database, the application publishes the event, and the example prints the new version
 * with the issue gone; Ctrl-C stops it cleanly.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SidecarFixture, startSidecarFixture } from "../cli/sidecar-fixture.js";
import { REPO_ROOT } from "../support/cli.js";
import { until } from "../support/wait.js";

let fx: SidecarFixture;
let child: ChildProcess | undefined;

beforeAll(async () => {
  fx = await startSidecarFixture("example", 300);
});

afterAll(async () => {
  // A test that failed half-way leaves the example (pnpm, tsx, node) running: end its group.
  if (child?.pid && child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  await fx?.close();
});

describe("examples/service-desk-queue", () => {
  it("prints the queue, and prints it again when an event moves its version", async () => {
    const [queue] = await fx.db.sql<{ key: string; project_id: number; status_id: number; status: string }[]>`
      SELECT p.key, i.project_id, i.status_id, s.name AS status FROM issues i
      JOIN projects p ON p.id = i.project_id JOIN statuses s ON s.id = i.status_id
      GROUP BY p.key, i.project_id, i.status_id, s.name HAVING count(*) BETWEEN 3 AND 20
      ORDER BY count(*) DESC LIMIT 1`;
    const jql = `project = ${queue!.key} AND status = "${queue!.status}" ORDER BY key ASC`;
    const members = await fx.db.sql<{ id: string; key: string }[]>`
      SELECT id::text, key FROM issues WHERE project_id = ${queue!.project_id} AND status_id = ${queue!.status_id}`;
    const leaving = members[0]!;
    const [other] = await fx.db.sql<{ id: number }[]>`
      SELECT id FROM statuses WHERE id <> ${queue!.status_id} ORDER BY id LIMIT 1`;

    child = spawn(
      "pnpm",
      [
        "--filter",
        "@subq/example-service-desk-queue",
        "start",
        "--url",
        fx.server.url,
        "--tenant",
        fx.tenant,
        "--user",
        fx.user,
        "--jql",
        jql,
        "--interval-ms",
        "300",
      ],
      { cwd: REPO_ROOT, env: { ...process.env, SUBQ_TOKEN: fx.token, FORCE_COLOR: "0" }, detached: true },
    );
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const pages = () => [...output.matchAll(/queue version (\d+): (\d+) issues? waiting/g)];

    await until("the first page", () => (pages().length >= 1 ? true : undefined), 30_000);
    const [, firstVersion, firstTotal] = pages()[0]!;
    // The queue visible to this user; the seed's first user sees the project.
    expect(Number(firstTotal)).toBe(members.length);
    expect(output).toContain(`. ${leaving.key}\n`);

    // The application changes the issue and tells subq, as the README shows.
    await fx.db.sql`UPDATE issues SET status_id = ${other!.id} WHERE id = ${leaving.id}`;
    await fx.client.publishEvents([
      {
        type: "issue_updated",
        issueId: leaving.id,
        changes: [{ field: "status", from: String(queue!.status_id), to: String(other!.id) }],
      },
    ]);
    await until(
      "the page after the change",
      () => (pages().some(([, , total]) => Number(total) === members.length - 1) ? true : undefined),
      20_000,
    );
    const last = pages().at(-1)!;
    expect(BigInt(last[1]!)).toBeGreaterThan(BigInt(firstVersion!));
    expect(output).toContain(`  left:   ${leaving.key}\n`);

    const exited = new Promise<number | null>((resolve) => child!.once("exit", (code) => resolve(code)));
    process.kill(-child.pid!, "SIGINT");
    const code = await exited;
    expect(code === 0 || code === null, `exit ${code}\n${output}`).toBe(true);
    expect(output).not.toMatch(/failed \(/);
  }, 60_000);
});
