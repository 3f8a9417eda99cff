/**
 * `subq events replay` against a real sidecar: a file of events published over HTTP and in
 * process dirties the cached query it concerns; an invalid file names its lines and
 * publishes nothing; a failing batch says how to resume.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEventsProgram } from "../../packages/sidecar/src/cli/events-commands.js";
import { runSubq } from "../support/cli.js";
import { until } from "../support/wait.js";
import { runProgram, type SidecarFixture, startSidecarFixture } from "./sidecar-fixture.js";

let fx: SidecarFixture;
let dir: string;
/** A queue query (one project, one status), an issue in it and another status to move it to. */
let jql: string;
let issue: { id: string; status: number; project: number };
let otherStatus: number;
let bystander: { id: string; status: number };

const replay = (...args: string[]) => runProgram(createEventsProgram, fx.env, ["events", "replay", ...args]);
/** The fixture's tenant over HTTP: the sidecar's URL and token. */
const remote = () => ["--tenant", fx.tenant, "--url", fx.server.url, "--token", fx.token];
const move = (id: string, from: number, to: number) => ({
  type: "issue_updated",
  issueId: id,
  changes: [{ field: "status", from: String(from), to: String(to) }],
});

beforeAll(async () => {
  fx = await startSidecarFixture("replay", 300);
  dir = await mkdtemp(join(tmpdir(), "subq-replay-"));
  const [pair] = await fx.db.sql<{ project_id: number; status_id: number; key: string }[]>`
    SELECT i.project_id, i.status_id, min(p.key) AS key FROM issues i JOIN projects p ON p.id = i.project_id
    GROUP BY i.project_id, i.status_id HAVING count(*) >= 3 ORDER BY count(*) DESC LIMIT 1`;
  const [status] = await fx.db.sql<
    { name: string }[]
  >`SELECT name FROM statuses WHERE id = ${pair!.status_id}`;
  jql = `project = ${pair!.key} AND status = "${status!.name}" ORDER BY key ASC`;
  const [row] = await fx.db.sql<{ id: string }[]>`
    SELECT id::text FROM issues WHERE project_id = ${pair!.project_id} AND status_id = ${pair!.status_id} ORDER BY id LIMIT 1`;
  issue = { id: row!.id, status: pair!.status_id, project: pair!.project_id };
  const [other] = await fx.db.sql<
    { id: number }[]
  >`SELECT id FROM statuses WHERE id <> ${issue.status} ORDER BY id LIMIT 1`;
  otherStatus = other!.id;
  const [b] = await fx.db.sql<{ id: string; status_id: number }[]>`
    SELECT id::text, status_id FROM issues WHERE project_id <> ${issue.project} ORDER BY id LIMIT 1`;
  bystander = { id: b!.id, status: b!.status_id };
});

afterAll(async () => {
  await fx?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Searches until the cache is fresh again; whether the issue is in the results. */
async function containsIssue(): Promise<boolean> {
  return until("a fresh answer", async () => {
    const result = await fx.client.search({ jql, user: fx.user, maxResults: 1000 });
    return result.stale ? undefined : result.issues.some((i) => i.id === issue.id);
  });
}

describe("subq events replay", () => {
  it("publishes an NDJSON file over HTTP in batches; the cached query it concerns moves", async () => {
    expect(await containsIssue()).toBe(true);
    const { version } = await fx.client.version({ jql, user: fx.user });
    await fx.db.sql`UPDATE issues SET status_id = ${otherStatus} WHERE id = ${issue.id}`;
    const file = join(dir, "moved.ndjson");
    const lines = [
      move(bystander.id, bystander.status, bystander.status),
      move(issue.id, issue.status, otherStatus),
    ];
    await writeFile(file, `${lines.map((e) => JSON.stringify(e)).join("\n")}\n`);

    const { out, err } = await replay(file, ...remote(), "--batch-size", "1");
    expect(err).toEqual([
      expect.stringMatching(/^batch 1\/2: events 1-1 \(lines 1-1\): matched \d+, patched 0$/),
      expect.stringMatching(/^batch 2\/2: events 2-2 \(lines 2-2\): matched [1-9]\d*, patched 0$/),
    ]);
    expect(out).toEqual([
      expect.stringMatching(
        new RegExp(
          `^replayed 2 events from ${file} to tenant ${fx.tenant} in 2 batches: matched [1-9]\\d* subscriptions`,
        ),
      ),
    ]);
    const after = await fx.client.version({ jql, user: fx.user });
    expect(after.version).toBeGreaterThan(version);
    expect(await containsIssue()).toBe(false);
  });

  it("applies a JSON array in this process (engine over the configured Redis and database)", async () => {
    const { version } = await fx.client.version({ jql, user: fx.user });
    await fx.db.sql`UPDATE issues SET status_id = ${issue.status} WHERE id = ${issue.id}`;
    const file = join(dir, "back.json");
    await writeFile(file, JSON.stringify([move(issue.id, otherStatus, issue.status)], null, 2));
    const { out } = await replay(file, "--tenant", fx.tenant);
    expect(out).toEqual([
      expect.stringMatching(/^replayed 1 events .* in 1 batch: matched [1-9]\d* subscriptions/),
    ]);
    expect((await fx.client.version({ jql, user: fx.user })).version).toBeGreaterThan(version);
    expect(await containsIssue()).toBe(true);
  });

  it("refuses a file with invalid events, naming each line, and publishes nothing", async () => {
    const { version } = await fx.client.version({ jql, user: fx.user });
    const file = join(dir, "bad.ndjson");
    await writeFile(
      file,
      [
        JSON.stringify(move(issue.id, issue.status, otherStatus)),
        JSON.stringify({ type: "issue_updated", issueId: "ISSUE-1", changes: [] }),
        "",
        '{"type": "issue_updated", "issueId": "7", "changes": [{"field": "status", "to": "3"}]}',
        '{"type": "issue_updated", "issueId": "8"',
      ].join("\n"),
    );
    const result = runSubq(["events", "replay", file, ...remote()]);
    expect(result.status).toBe(1);
    const stderr = result.stderr.split("\n");
    expect(stderr[0]).toBe(`${file}:2: issueId: a decimal id`);
    expect(stderr[1]).toMatch(
      new RegExp(
        `^${file}:4: an issue_updated event must say what the issue was before the change \\(status unknown\\)`,
      ),
    );
    expect(stderr[2]).toMatch(new RegExp(`^${file}:5: not valid JSON: `));
    expect(stderr[3]).toMatch(/^subq: .* has invalid events .*nothing was published/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect((await fx.client.version({ jql, user: fx.user })).version).toBe(version);

    const dry = await replay(join(dir, "back.json"), "--tenant", fx.tenant, "--dry-run");
    expect(dry.out).toEqual([`${join(dir, "back.json")}: 1 valid events`]);
  });

  it("says which batch failed and how to resume; --skip resumes", async () => {
    const file = join(dir, "two.ndjson");
    const events = [
      move(bystander.id, bystander.status, bystander.status),
      move(bystander.id, bystander.status, bystander.status),
    ];
    await writeFile(file, events.map((e) => JSON.stringify(e)).join("\n"));
    await expect(
      replay(file, "--tenant", fx.tenant, "--url", fx.server.url, "--token", "not-the-token-0123456789"),
    ).rejects.toThrow(
      /^batch 1\/1, events 1-2 \(lines 1-2\), failed: .*; 0 events were published before it; fix the cause and resume with --skip 0$/,
    );
    const resumed = await replay(file, ...remote(), "--skip", "1");
    expect(resumed.out).toEqual([expect.stringMatching(/^replayed 1 events /)]);
    await expect(replay(file, "--tenant", fx.tenant, "--skip", "2")).rejects.toThrow(
      "--skip 2 leaves none of the 2 events",
    );
    await expect(replay(join(dir, "absent.json"), "--tenant", fx.tenant)).rejects.toThrow(
      /cannot read .*absent\.json \(ENOENT\)/,
    );
    await expect(replay(file, "--tenant", "no_such_tenant")).rejects.toThrow(
      `unknown tenant "no_such_tenant"; known tenants: ${fx.tenant}`,
    );
    const template = { ...fx.env, SUBQ_DATABASE_URL: "postgres://postgres@127.0.0.1:5432/subq_{tenant}" };
    await expect(
      runProgram(createEventsProgram, template, ["events", "replay", file, "--tenant", "no_such_tenant_db"]),
    ).rejects.toThrow(/database "subq_no_such_tenant_db" does not exist.*`subq db migrate --tenant <name>`/);
    await expect(replay(file, "--tenant", "Not-A-Tenant")).rejects.toThrow(
      '--tenant "Not-A-Tenant": tenant names are 1-40 lowercase letters',
    );
  });
});
