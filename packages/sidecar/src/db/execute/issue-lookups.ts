/**
 * Small fixed statements the engine runs beside the compiled searches: an issue key's id
 * (an issue-in-result check may name the issue by key), the current event-indexed values
 * of issues (event ingestion, when an event carries no snapshot), and a readiness ping.
 * Plain pool statements, not in a read-only snapshot: each reads one moment only.
 */
import type { SqlQuery } from "./client.js";

/** The event-indexed fields of one issue, ids as decimal strings. */
export interface IndexedValueRow {
  readonly id: string;
  readonly project: string;
  readonly issuetype: string;
  readonly status: string;
  /** Empty when in no sprint. */
  readonly sprint: string[];
}

const INDEXED_VALUES = `SELECT i.id::text AS id, i.project_id::text AS project, i.issue_type_id::text AS issuetype,
                i.status_id::text AS status,
                coalesce(array_agg(s.sprint_id::text) FILTER (WHERE s.sprint_id IS NOT NULL), '{}') AS sprint
           FROM issues i LEFT JOIN issue_sprints s ON s.issue_id = i.id
          WHERE i.id = ANY($1::bigint[])
          GROUP BY i.id`;

/** One row per issue of `issueIds` that exists, in no particular order. */
export async function readIndexedValues(
  client: SqlQuery,
  issueIds: readonly string[],
): Promise<IndexedValueRow[]> {
  return client.query<{ id: string; project: string; issuetype: string; status: string; sprint: string[] }>(
    INDEXED_VALUES,
    [issueIds],
  );
}

/** The id of the issue with `key` (matched upper-cased, as keys are stored); null when none. */
export async function issueIdOfKey(client: SqlQuery, key: string): Promise<string | null> {
  const [row] = await client.query<{ id: string }>("SELECT id::text AS id FROM issues WHERE key = $1", [
    key.toUpperCase(),
  ]);
  return row?.id ?? null;
}

/** One cheap round trip; rejects when the database cannot answer. */
export async function pingDatabase(client: SqlQuery): Promise<void> {
  await client.query("SELECT 1", []);
}
