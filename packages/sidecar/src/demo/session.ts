/**
 * The demo's scripted session, through the SDK as an application would use it: a cold
 * query (one Stage 1 on the database), the same query from the cache, a version poll, a
 * change made in the database and published as an event, the version moving, and the
 * refreshed result.
 */
import type { SearchResult, SubqClient } from "@subq/client";
import type { Sql } from "../db/connect.js";

export interface SessionTarget {
  readonly client: SubqClient;
  /** The demo database (shared with the engine: the embedded Postgres takes one connection). */
  readonly sql: Sql;
  readonly print: (line: string) => void;
}

interface Scene {
  readonly project: string;
  readonly user: string;
}

/** A busy project everybody may browse, and a user to search as. */
async function pickScene(sql: Sql): Promise<Scene> {
  const [row] = await sql<{ project: string; user: string }[]>`
    SELECT p.key AS project, (SELECT id FROM users WHERE active ORDER BY id LIMIT 1) AS user
      FROM projects p
      JOIN permission_grants g ON g.scheme_id = p.permission_scheme_id AND g.holder_type = 'anyone'
      JOIN issues i ON i.project_id = p.id AND i.resolution_id IS NULL
     GROUP BY p.key ORDER BY count(*) DESC LIMIT 1`;
  if (!row) throw new Error("the demo tenant has no project that anyone may browse");
  return row;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: Math.round(performance.now() - started) };
}

function describe(step: string, answer: SearchResult, ms: number): string {
  const keys = answer.issues.map((issue) => issue.key).join(" ");
  return `${step.padEnd(22)} ${answer.source.padEnd(8)} ${String(answer.total).padStart(4)} issues  version ${answer.version}${answer.stale ? " (stale)" : ""}  ${String(ms).padStart(4)} ms  [${keys}]`;
}

export async function runSession({ client, sql, print }: SessionTarget): Promise<void> {
  const { project, user } = await pickScene(sql);
  const jql = `project = ${project} AND resolution IS EMPTY ORDER BY priority DESC, created ASC`;
  const query = { jql, user, maxResults: 5 };
  print(`query: ${jql}   (as user ${user})`);

  const cold = await timed(() => client.search(query));
  print(describe("1. cold query", cold.value, cold.ms));
  const cached = await timed(() => client.search(query));
  print(describe("2. same query again", cached.value, cached.ms));
  const polled = await timed(() => client.version({ jql, user }));
  print(
    `${"3. version poll".padEnd(22)} version ${polled.value.version}  ${polled.ms} ms (no database query)`,
  );

  const target = cached.value.issues[0];
  if (!target) throw new Error(`project ${project} has no unresolved issue to resolve`);
  const [change] = await sql<{ id: string; from_status: string; to_status: string; resolution: string }[]>`
    WITH target AS (SELECT id, status_id FROM issues WHERE key = ${target.key})
    UPDATE issues i SET status_id = s.id, resolution_id = r.id, resolved = now(), updated = now()
      FROM target t, (SELECT id FROM statuses WHERE category = 'done' ORDER BY id LIMIT 1) s,
           (SELECT id FROM resolutions ORDER BY id LIMIT 1) r
     WHERE i.id = t.id
    RETURNING i.id::text AS id, t.status_id::text AS from_status, s.id::text AS to_status, r.id::text AS resolution`;
  const published = await client.publishEvents([
    {
      type: "issue_updated",
      issueId: change!.id,
      changes: [
        { field: "status", from: change!.from_status, to: change!.to_status },
        { field: "resolution", from: null, to: change!.resolution },
      ],
    },
  ]);
  print(
    `${"4. event".padEnd(22)} ${target.key} resolved in the database; event published: ${published.matched} subscription(s) matched`,
  );

  const moved = await client.version({ jql, user });
  print(
    `${"5. version poll".padEnd(22)} version ${polled.value.version} -> ${moved.version}${moved.stale ? " (stale: a refresh is on its way)" : ""}`,
  );

  let fresh = await timed(() => client.search(query));
  for (let tries = 0; fresh.value.stale && tries < 50; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    fresh = await timed(() => client.search(query));
  }
  print(describe("6. refreshed result", fresh.value, fresh.ms));
  const gone = !fresh.value.issues.some((issue) => issue.key === target.key);
  print(
    `   ${target.key} ${gone ? "left" : "is still in"} the results; total ${cached.value.total} -> ${fresh.value.total}`,
  );
}
