/**
 * Value timelines of the issue `i` as SQL row sets `(value, start_at, end_at, author)`
 * (docs/jql-semantics.md §7), the counterpart of the evaluator's timeline.ts. Intervals
 * are half-open; the last one ends at 'infinity'; zero-length intervals are left for the
 * caller to drop (`start_at < end_at`). Change items are ordered by (at, id). The field
 * name is one of the history fields (an allow-listed constant, never query text).
 */

const HISTORY_FIELDS: ReadonlySet<string> = new Set([
  "status",
  "assignee",
  "priority",
  "resolution",
  "reporter",
  "issuetype",
  "fixVersion",
]);

/** `FROM issue_changes ch WHERE` the items of field `field` of the issue `i`. */
export function changeItemsFrom(field: string): string {
  if (!HISTORY_FIELDS.has(field)) throw new Error(`internal: not a history field: ${field}`);
  return `FROM issue_changes ch WHERE ch.issue_id = i.id AND ch.field = '${field}'`;
}

/**
 * A single-valued field: the first item's `from` from `created`, then each item's `to`
 * until the next item (authors: the creator, then each item's author); without items,
 * `current` from `created`, forever.
 */
export function singleTimelineSql(field: string, current: string): string {
  const from = changeItemsFrom(field);
  return (
    `SELECT ch.to_value AS value, ch.at AS start_at, ` +
    `coalesce(lead(ch.at) OVER (ORDER BY ch.at, ch.id), 'infinity') AS end_at, ch.author_id AS author ${from} ` +
    `UNION ALL SELECT f.from_value, i.created, f.at, i.creator_id ` +
    `FROM (SELECT ch.from_value, ch.at ${from} ORDER BY ch.at, ch.id LIMIT 1) f ` +
    `UNION ALL SELECT ${current}, i.created, 'infinity'::timestamptz, i.creator_id ` +
    `WHERE NOT EXISTS (SELECT 1 ${from})`
  );
}

/**
 * fixVersion, from add (to) / remove (from) items. Per version, its events in item order
 * (an item's removal before its addition); an event changes the version's presence only
 * when it flips it: an addition after no event or after a removal opens an interval (the
 * version is absent before its first event when that event adds it, present from
 * `created` when it removes it), which lasts until the version's next removal. Versions
 * current without any event are present from `created` forever. EMPTY intervals are the
 * runs of items after which no version is present, started by the item that removed the
 * last one (or `created`), ended by the next item after which one is.
 */
export function versionTimelineSql(): string {
  const from = changeItemsFrom("fixVersion");
  const effective =
    "CASE WHEN ev.adds AND ev.prev IS NOT TRUE THEN 1 WHEN NOT ev.adds AND ev.prev IS NOT FALSE THEN -1 ELSE 0 END";
  return (
    `WITH it AS (SELECT ch.from_value, ch.to_value, ch.author_id, ch.at, row_number() OVER (ORDER BY ch.at, ch.id) AS n ${from}), ` +
    `ev0 AS (SELECT it.n, 0 AS sub, it.from_value AS value, false AS adds, it.at, it.author_id FROM it WHERE it.from_value IS NOT NULL ` +
    `UNION ALL SELECT it.n, 1, it.to_value, true, it.at, it.author_id FROM it WHERE it.to_value IS NOT NULL), ` +
    `ev AS (SELECT ev0.*, lag(ev0.adds) OVER w AS prev, ` +
    `min(CASE WHEN NOT ev0.adds THEN ev0.at END) OVER (w ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS next_removal ` +
    `FROM ev0 WINDOW w AS (PARTITION BY ev0.value ORDER BY ev0.n, ev0.sub)), ` +
    `cur AS (SELECT fv.version_id::text AS value FROM issue_fix_versions fv WHERE fv.issue_id = i.id ` +
    `AND NOT EXISTS (SELECT 1 FROM ev WHERE ev.value = fv.version_id::text)), ` +
    `init AS (SELECT (SELECT count(*) FROM ev WHERE ev.prev IS NULL AND NOT ev.adds) + (SELECT count(*) FROM cur) AS c), ` +
    `step AS (SELECT ev.n, sum(${effective}) AS d FROM ev GROUP BY ev.n), ` +
    `run AS (SELECT it.n, it.at, it.author_id, init.c AS c0, init.c + sum(coalesce(step.d, 0)) OVER (ORDER BY it.n) AS c ` +
    `FROM it CROSS JOIN init LEFT JOIN step ON step.n = it.n), ` +
    `runs AS (SELECT run.*, lag(run.c, 1, run.c0) OVER (ORDER BY run.n) AS prev_c FROM run) ` +
    // Initially present versions (first event removes them), and current ones never changed.
    `SELECT ev.value, i.created AS start_at, ev.at AS end_at, i.creator_id AS author FROM ev WHERE ev.prev IS NULL AND NOT ev.adds ` +
    `UNION ALL SELECT cur.value, i.created, 'infinity'::timestamptz, i.creator_id FROM cur ` +
    // Effective additions, until the version's next removal.
    `UNION ALL SELECT ev.value, ev.at, coalesce(ev.next_removal, 'infinity'), ev.author_id FROM ev WHERE ev.adds AND ev.prev IS NOT TRUE ` +
    // EMPTY: from created (nothing present at first) or from the item that removed the last version.
    `UNION ALL SELECT NULL, i.created, coalesce((SELECT min(r.at) FROM run r WHERE r.c > 0), 'infinity'), i.creator_id ` +
    `FROM init WHERE init.c = 0 ` +
    `UNION ALL SELECT NULL, s.at, coalesce((SELECT min(r.at) FROM run r WHERE r.n > s.n AND r.c > 0), 'infinity'), s.author_id ` +
    `FROM runs s WHERE s.c = 0 AND s.prev_c > 0`
  );
}
