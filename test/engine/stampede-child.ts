/**
 * One sidecar process of the stampede test (stampede.test.ts): builds an engine like
 * createTestEngine does, warms the tenant's catalog and the plan, prints "ready", waits
 * for "go" on stdin, fires its share of concurrent searches, prints one JSON line with
 * the answers and how often this process ran Stage 1, closes and exits.
 *
 * argv[2]: JSON { tenant, databaseUrl, jql, users: (string|null)[], searches, applicationName }
 */
import { createInterface } from "node:readline";
import { DatabaseProbe } from "../support/database-probe.js";
import { createTestEngine } from "../support/engine.js";

interface ChildInput {
  readonly tenant: string;
  readonly databaseUrl: string;
  readonly jql: string;
  readonly users: readonly (string | null)[];
  readonly searches: number;
  readonly applicationName: string;
}

const input = JSON.parse(process.argv[2] ?? "{}") as ChildInput;
const probe = new DatabaseProbe();
const t = await createTestEngine({
  tenant: input.tenant,
  databaseUrl: input.databaseUrl,
  applicationName: input.applicationName,
  wrapDatabase: probe.wrap,
  // The test must see one Stage 1, never a direct answer after a lost wait on a slow machine.
  engine: { populateWaitMs: 60_000 },
});
await t.engine.explain(input.tenant, input.jql);

const lines = createInterface({ input: process.stdin });
const go = new Promise<void>((resolve) => lines.on("line", (line) => line.trim() === "go" && resolve()));
process.stdout.write("ready\n");
await go;

const started = performance.now();
const answers = await Promise.all(
  Array.from({ length: input.searches }, async (_, k) => {
    const user = input.users[k % input.users.length]!;
    try {
      const answer = await t.engine.search({ tenant: input.tenant, jql: input.jql, user, maxResults: 1000 });
      return {
        user,
        ids: answer.issues.map((i) => i.id),
        total: answer.total,
        source: answer.source,
        ...flags(answer),
      };
    } catch (error) {
      return {
        user,
        error:
          error instanceof Error ? `${(error as { code?: string }).code}: ${error.message}` : String(error),
      };
    }
  }),
);
const elapsedMs = Math.round(performance.now() - started);
const report = `${JSON.stringify({ stage1: probe.stage1.calls, elapsedMs, answers })}\n`;
// A pipe is written asynchronously: exit only once the whole report is out.
await new Promise((resolve) => process.stdout.write(report, resolve));
lines.close();
await t.close();
process.exit(0);

function flags(answer: { stale: boolean; degraded?: string }) {
  return { stale: answer.stale, degraded: answer.degraded ?? null };
}
