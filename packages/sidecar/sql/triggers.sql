-- subq's event triggers: the database publishes subq's events itself (docs/sidecar.md
-- "Events"), so applications need not. Installed by `subq db install-triggers`
-- (src/capture/triggers.ts) in one transaction; running it again replaces everything, so
-- installing is idempotent and upgrades drop what an older version created.
--
-- Design:
-- * Statement-level AFTER triggers with transition tables: one trigger call per statement,
--   whatever its row count, and set-based SQL over the changed rows. A 10k-row UPDATE costs
--   one query and ~30 notifications, not 10k of each. The functions of the tables about
--   issues are generated per table with static SQL, so PL/pgSQL caches their plans.
-- * One channel per tenant database, `subq_events`. A notification is compact JSON that fits
--   NOTIFY's 8000-byte limit: {"v":1,"tx":"<pg_current_xact_id()>", one of
--     "issues": [{"op":"c|u|d","ids":"1,2","c":[{"field":"status","from":3,"to":5}],
--                 "b":{"project":"1","issuetype":"2","status":"3","sprint":["7"]},"a":{...}}],
--     "config": [{"type":"group_membership_changed","id":"group_members insert 1"}],
--     "resync": "<why every subscription must be treated as changed>"}.
--   Issues with equal changes and indexed values share one item (`ids`), split into as many
--   items and notifications as the limit needs. `b`/`a` are the indexed values before and
--   after (absent for created/deleted); a deleted issue's sprints are reported by the
--   issue_sprints rows its deletion cascades to (the listener merges a transaction's events).
-- * Only what matching needs: changed fields by JQL name, with from/to for short values of
--   statements up to 100 rows (bigger statements, and long values, send field names only);
--   never the text of summaries, descriptions or comments. An issue whose only changes are
--   in columns not mapped below (a column added later) is sent with the field "*".
-- * A statement of more than 50 000 rows, TRUNCATE, or an item that cannot fit sends
--   "resync": the listener then treats every subscription of the tenant as changed.
-- * Tables: `issues`; the link tables Stage 1 reads (components, fix/affected versions,
--   sprints, watchers, voters, custom field values); comments and the change history, which
--   only Stage 2 reads (comment ~, WAS, CHANGED) but whose changes must still move versions;
--   and every configuration table the catalog is loaded from.

DROP SCHEMA IF EXISTS subq_triggers CASCADE;
CREATE SCHEMA subq_triggers;
COMMENT ON SCHEMA subq_triggers IS 'subq event triggers (subq db install-triggers); drop with subq db install-triggers --uninstall';

CREATE FUNCTION subq_triggers.channel() RETURNS text LANGUAGE sql IMMUTABLE
AS $$ SELECT 'subq_events' $$;

-- Statements touching more rows than this send a resync instead of issue ids.
CREATE FUNCTION subq_triggers.max_rows() RETURNS bigint LANGUAGE sql IMMUTABLE
AS $$ SELECT 50000::bigint $$;

CREATE FUNCTION subq_triggers.resync(reason text) RETURNS void LANGUAGE sql
AS $$
  SELECT pg_notify(subq_triggers.channel(),
    jsonb_build_object('v', 1, 'tx', pg_current_xact_id()::text, 'resync', left(reason, 200))::text)
$$;

-- Packs JSON items into as few notifications as fit: {"v":1,"tx":"..","<kind>":[items]}.
CREATE FUNCTION subq_triggers.publish(kind text, items text[]) RETURNS void LANGUAGE plpgsql
AS $$
DECLARE
  head constant text := '{"v":1,"tx":"' || pg_current_xact_id() || '","' || kind || '":[';
  room constant int := 7999 - octet_length(head) - 2;
  batch text := '';
  item text;
BEGIN
  IF items IS NULL THEN
    RETURN;
  END IF;
  FOREACH item IN ARRAY items LOOP
    IF octet_length(item) > room THEN
      PERFORM subq_triggers.resync(kind || ': an event does not fit in one notification');
    ELSIF batch = '' THEN
      batch := item;
    ELSIF octet_length(batch) + 1 + octet_length(item) > room THEN
      PERFORM pg_notify(subq_triggers.channel(), head || batch || ']}');
      batch := item;
    ELSE
      batch := batch || ',' || item;
    END IF;
  END LOOP;
  IF batch <> '' THEN
    PERFORM pg_notify(subq_triggers.channel(), head || batch || ']}');
  END IF;
END
$$;

-- The JSON of an issue item without its ids; issues with equal heads share one item.
CREATE FUNCTION subq_triggers.head(op text, c jsonb, b jsonb, a jsonb) RETURNS text LANGUAGE sql STABLE
AS $$
  SELECT (jsonb_build_object('op', op)
    || CASE WHEN c IS NULL THEN '{}' ELSE jsonb_build_object('c', c) END
    || CASE WHEN b IS NULL THEN '{}' ELSE jsonb_build_object('b', b) END
    || CASE WHEN a IS NULL THEN '{}' ELSE jsonb_build_object('a', a) END)::text
$$;

-- Groups issues by head, splits each group's id list so that every item fits, publishes.
-- PL/pgSQL rather than SQL: its plans are cached, which matters for one-row statements.
CREATE FUNCTION subq_triggers.publish_issues(heads text[], ids bigint[]) RETURNS void LANGUAGE plpgsql
AS $$
BEGIN
  IF cardinality(ids) = 1 THEN -- the common case: no grouping
    PERFORM subq_triggers.publish('issues', ARRAY[left(heads[1], -1) || ', "ids": "' || ids[1] || '"}']);
    RETURN;
  END IF;
  PERFORM subq_triggers.publish('issues', array_agg(left(head, -1) || ', "ids": "' || list || '"}'))
  FROM (
    SELECT head, string_agg(id::text, ',' ORDER BY id) AS list
    FROM (
      SELECT head, id,
        sum(length(id::text) + 1) OVER (PARTITION BY head ORDER BY id) / greatest(7800 - octet_length(head), 64) AS chunk
      FROM unnest(heads, ids) AS x (head, id)
    ) chunked
    GROUP BY head, chunk
  ) items;
END
$$;

CREATE FUNCTION subq_triggers.indexed(project integer, issuetype integer, status integer, sprint text[])
RETURNS jsonb LANGUAGE sql STABLE
AS $$
  SELECT jsonb_build_object('project', project::text, 'issuetype', issuetype::text, 'status', status::text)
    || CASE WHEN sprint IS NULL THEN '{}' ELSE jsonb_build_object('sprint', sprint) END
$$;

-- A changed field: {"field", "from", "to"}, or {"field"} in bulk (then equal changes group).
-- Inlined by the planner as long as it stays one expression (and STABLE, like jsonb_build_object).
CREATE FUNCTION subq_triggers.diff(detail boolean, field text, old anyelement, new anyelement)
RETURNS jsonb LANGUAGE sql STABLE
AS $$
  SELECT CASE WHEN old IS DISTINCT FROM new THEN CASE WHEN detail
    THEN jsonb_build_object('field', field, 'from', to_jsonb(old), 'to', to_jsonb(new))
    ELSE jsonb_build_object('field', field) END END
$$;

-- A changed long value: the field name only, never the text.
CREATE FUNCTION subq_triggers.touched(field text, changed boolean) RETURNS jsonb LANGUAGE sql STABLE
AS $$ SELECT CASE WHEN changed THEN jsonb_build_object('field', field) END $$;

-- Changes whose values are long (many watchers, many labels) keep their field names only.
CREATE FUNCTION subq_triggers.shorten(c jsonb) RETURNS jsonb LANGUAGE sql STABLE
AS $$
  SELECT CASE WHEN octet_length(c::text) <= 1000 THEN c
    ELSE (SELECT jsonb_agg(e - 'from' - 'to') FROM jsonb_array_elements(c) e) END
$$;

-- Statements up to this many rows send values (from/to); bigger ones field names only.
CREATE FUNCTION subq_triggers.detail_rows() RETURNS bigint LANGUAGE sql IMMUTABLE
AS $$ SELECT 100::bigint $$;

CREATE FUNCTION subq_triggers.too_many(name text, n bigint) RETURNS boolean LANGUAGE plpgsql
AS $$
BEGIN
  IF n <= subq_triggers.max_rows() THEN
    RETURN false;
  END IF;
  PERFORM subq_triggers.resync(format('%s: one statement changed %s rows', name, n));
  RETURN true;
END
$$;

-- issues: created (after), deleted (before; sprints come from the cascade), updated.
CREATE FUNCTION subq_triggers.issues_changed() RETURNS trigger LANGUAGE plpgsql
AS $$
DECLARE
  n bigint;
  detail boolean;
  heads text[];
  ids bigint[];
BEGIN
  IF TG_OP = 'DELETE' THEN
    SELECT count(*) INTO n FROM subq_old;
  ELSE
    SELECT count(*) INTO n FROM subq_new;
  END IF;
  IF n = 0 OR subq_triggers.too_many(TG_TABLE_NAME, n) THEN
    RETURN NULL;
  END IF;
  detail := n <= subq_triggers.detail_rows();
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(subq_triggers.head('c', NULL, NULL,
             subq_triggers.indexed(i.project_id, i.issue_type_id, i.status_id, s.ids))), array_agg(i.id)
      INTO heads, ids
      FROM subq_new i
      CROSS JOIN LATERAL (SELECT coalesce(array_agg(sprint_id::text ORDER BY sprint_id), '{}') AS ids
                            FROM issue_sprints WHERE issue_id = i.id) s;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(subq_triggers.head('d', NULL,
             subq_triggers.indexed(i.project_id, i.issue_type_id, i.status_id, NULL), NULL)), array_agg(i.id)
      INTO heads, ids
      FROM subq_old i;
  ELSE
    SELECT array_agg(subq_triggers.head(op, CASE
               WHEN c = '[]' THEN '[{"field": "*"}]' -- only columns this file does not map changed
               WHEN detail THEN subq_triggers.shorten(c) ELSE c END, b, a)),
           array_agg(id)
      INTO heads, ids
      FROM (
        SELECT CASE WHEN o.id IS NULL THEN 'c' WHEN n.id IS NULL THEN 'd' ELSE 'u' END AS op,
          coalesce(n.id, o.id) AS id,
          CASE WHEN o.id IS NOT NULL AND n.id IS NOT NULL THEN to_jsonb(array_remove(ARRAY[
            subq_triggers.diff(detail, 'issuekey', o.key, n.key),
            subq_triggers.diff(detail, 'project', o.project_id, n.project_id),
            subq_triggers.diff(detail, 'issuetype', o.issue_type_id, n.issue_type_id),
            subq_triggers.diff(detail, 'status', o.status_id, n.status_id),
            subq_triggers.diff(detail, 'priority', o.priority_id, n.priority_id),
            subq_triggers.diff(detail, 'resolution', o.resolution_id, n.resolution_id),
            subq_triggers.diff(detail, 'assignee', o.assignee_id, n.assignee_id),
            subq_triggers.diff(detail, 'reporter', o.reporter_id, n.reporter_id),
            subq_triggers.diff(detail, 'creator', o.creator_id, n.creator_id),
            subq_triggers.diff(detail, 'parent', o.parent_id::text, n.parent_id::text),
            subq_triggers.touched('summary', o.summary IS DISTINCT FROM n.summary),
            subq_triggers.touched('description', o.description IS DISTINCT FROM n.description),
            subq_triggers.touched('environment', o.environment IS DISTINCT FROM n.environment),
            subq_triggers.diff(detail, 'labels', o.labels, n.labels),
            subq_triggers.diff(detail, 'created', o.created, n.created),
            subq_triggers.diff(detail, 'updated', o.updated, n.updated),
            subq_triggers.diff(detail, 'resolved', o.resolved, n.resolved),
            subq_triggers.diff(detail, 'statusCategoryChangedDate', o.status_category_changed, n.status_category_changed),
            subq_triggers.diff(detail, 'due', o.due, n.due),
            subq_triggers.diff(detail, 'originalEstimate', o.original_estimate, n.original_estimate),
            subq_triggers.diff(detail, 'remainingEstimate', o.remaining_estimate, n.remaining_estimate),
            subq_triggers.diff(detail, 'timeSpent', o.time_spent, n.time_spent),
            subq_triggers.diff(detail, 'level', o.security_level_id, n.security_level_id),
            subq_triggers.diff(detail, 'votes', o.votes, n.votes),
            subq_triggers.diff(detail, 'attachments', o.attachment_count, n.attachment_count)
          ], NULL)) END AS c,
          CASE WHEN o.id IS NOT NULL
            THEN subq_triggers.indexed(o.project_id, o.issue_type_id, o.status_id, s.ids) END AS b,
          CASE WHEN n.id IS NOT NULL
            THEN subq_triggers.indexed(n.project_id, n.issue_type_id, n.status_id, s.ids) END AS a,
          ROW(o.*) IS DISTINCT FROM ROW(n.*) AS changed
        FROM subq_old o
        FULL JOIN subq_new n ON n.id = o.id
        CROSS JOIN LATERAL (SELECT coalesce(array_agg(sprint_id::text ORDER BY sprint_id), '{}') AS ids
                              FROM issue_sprints WHERE issue_id = coalesce(n.id, o.id)) s
        OFFSET 0 -- computes each change once (pulled up, the filter would compute it again)
      ) q
      WHERE op <> 'u' OR changed;
  END IF;
  PERFORM subq_triggers.publish_issues(heads, ids);
  RETURN NULL;
END
$$;

-- The rows a statement added (+1) and removed (-1); an UPDATE's unchanged rows cancel out.
CREATE FUNCTION subq_triggers.moves(op text) RETURNS text LANGUAGE sql IMMUTABLE
AS $$
  SELECT CASE op
    WHEN 'INSERT' THEN 'SELECT n.*, 1 AS subq_d FROM subq_new n'
    WHEN 'DELETE' THEN 'SELECT o.*, -1 AS subq_d FROM subq_old o'
    ELSE 'SELECT n.*, 1 AS subq_d FROM (SELECT * FROM subq_new EXCEPT ALL SELECT * FROM subq_old) n
          UNION ALL SELECT o.*, -1 FROM (SELECT * FROM subq_old EXCEPT ALL SELECT * FROM subq_new) o'
  END
$$;

-- Issues whose rows in another table changed: their current indexed values (the sprints
-- before and after when the sprint links changed) and the changes.
CREATE TYPE subq_triggers.touch AS (id bigint, c jsonb, sprint_before text[], sprint_after text[]);

CREATE FUNCTION subq_triggers.publish_touched(touches subq_triggers.touch[]) RETURNS void LANGUAGE plpgsql
AS $$
DECLARE
  heads text[];
  ids bigint[];
BEGIN
  SELECT array_agg(subq_triggers.head('u', t.c,
      CASE WHEN i.id IS NULL THEN jsonb_build_object('sprint', t.sprint_before)
        ELSE subq_triggers.indexed(i.project_id, i.issue_type_id, i.status_id, coalesce(t.sprint_before, s.ids)) END,
      CASE WHEN i.id IS NULL THEN jsonb_build_object('sprint', '{}'::text[])
        ELSE subq_triggers.indexed(i.project_id, i.issue_type_id, i.status_id, coalesce(t.sprint_after, s.ids)) END)),
    array_agg(t.id)
  INTO heads, ids
  FROM unnest(touches) t
  LEFT JOIN issues i ON i.id = t.id
  CROSS JOIN LATERAL (SELECT coalesce(array_agg(sprint_id::text ORDER BY sprint_id), '{}') AS ids
                        FROM issue_sprints WHERE issue_id = t.id AND t.sprint_after IS NULL) s
  -- A deleted issue's links go with it: only its sprints are worth telling (see the header).
  WHERE i.id IS NOT NULL OR t.sprint_before IS NOT NULL;
  PERFORM subq_triggers.publish_issues(heads, ids);
END
$$;

-- Tables about issues get a trigger function of their own, generated here with static SQL:
-- PL/pgSQL caches the plans of static statements, while dynamic SQL would be planned for
-- every statement (a one-row INSERT into comments cost ~1 ms more that way). `query` is
-- one statement filling `touches` from the moved rows `m` (%1$s: the moves subquery).
CREATE FUNCTION subq_triggers.generate(fn text, query text) RETURNS void LANGUAGE plpgsql
AS $$
DECLARE
  -- Per operation: count the rows that changed, then collect the touched issues.
  -- Transition tables are visible in the trigger function only, not in functions it calls.
  per_op constant text := $t$
      SELECT count(*) INTO n FROM (%1$s) m;
      IF n = 0 OR subq_triggers.too_many(TG_TABLE_NAME, n) THEN
        RETURN NULL;
      END IF;
      detail := n <= subq_triggers.detail_rows();
      $t$ || query;
BEGIN
  EXECUTE format($f$
    CREATE FUNCTION subq_triggers.%I() RETURNS trigger LANGUAGE plpgsql AS $body$
    DECLARE
      n bigint;
      detail boolean;
      touches subq_triggers.touch[];
    BEGIN
      IF TG_OP = 'INSERT' THEN %s
      ELSIF TG_OP = 'DELETE' THEN %s
      ELSE %s
      END IF;
      PERFORM subq_triggers.publish_touched(touches);
      RETURN NULL;
    END
    $body$ $f$, fn,
    format(per_op, subq_triggers.moves('INSERT')),
    format(per_op, subq_triggers.moves('DELETE')),
    format(per_op, subq_triggers.moves('UPDATE')));
END
$$;

-- Link tables (issue_id, value): the field's values before and after, per issue; `derived`:
-- JQL fields computed from it (watchers from watcher), sent by name; `sprint`: the link is
-- the indexed sprint field, whose before/after go into the indexed values too.
CREATE FUNCTION subq_triggers.links_function(tbl regclass, field text, col text, sprint boolean, derived text[])
RETURNS text LANGUAGE plpgsql
AS $$
DECLARE
  fn constant text := (SELECT relname FROM pg_class WHERE oid = tbl) || '_changed';
BEGIN
  PERFORM subq_triggers.generate(fn, format($q$
      SELECT array_agg(ROW(issue_id,
          CASE WHEN detail
            THEN subq_triggers.shorten(jsonb_build_array(
              jsonb_build_object('field', %3$L::text, 'from', to_jsonb(before), 'to', to_jsonb(after))))
            ELSE jsonb_build_array(jsonb_build_object('field', %3$L::text)) END || %4$L::jsonb,
          %5$s)::subq_triggers.touch)
        INTO touches
        FROM (
          SELECT issue_id, after,
            ARRAY(SELECT v FROM (SELECT v FROM unnest(after) v WHERE v <> ALL (coalesce(added, '{}'))
                                 UNION SELECT unnest(removed)) u (v) ORDER BY length(v), v) AS before
          FROM (
            SELECT moved.*, ARRAY(SELECT l.%2$I::text FROM %1$s l WHERE l.issue_id = moved.issue_id
                                  ORDER BY length(l.%2$I::text), l.%2$I::text) AS after
            FROM (SELECT m.issue_id, array_agg(m.%2$I::text) FILTER (WHERE m.subq_d = 1) AS added,
                         array_agg(m.%2$I::text) FILTER (WHERE m.subq_d = -1) AS removed
                    FROM (%%1$s) m GROUP BY m.issue_id) moved
          ) sets
          OFFSET 0 -- computes each issue's sets once (they are used twice)
        ) changes;
    $q$, tbl, col, field,
    coalesce((SELECT jsonb_agg(jsonb_build_object('field', f)) FROM unnest(derived) f), '[]'),
    CASE WHEN sprint THEN 'before, after' ELSE 'NULL, NULL' END));
  RETURN fn;
END
$$;

-- Tables of rows about an issue (comments, history, custom field values): field names
-- only. `field_sql`: an expression over a row `m` giving the JQL field it changes.
CREATE FUNCTION subq_triggers.rows_function(tbl regclass, field_sql text) RETURNS text LANGUAGE plpgsql
AS $$
DECLARE
  fn constant text := (SELECT relname FROM pg_class WHERE oid = tbl) || '_changed';
BEGIN
  PERFORM subq_triggers.generate(fn, format($q$
      SELECT array_agg(ROW(issue_id, c, NULL, NULL)::subq_triggers.touch)
        INTO touches
        FROM (SELECT m.issue_id, jsonb_agg(DISTINCT jsonb_build_object('field', %s)) AS c
                FROM (%%1$s) m GROUP BY m.issue_id) t;
    $q$, field_sql));
  RETURN fn;
END
$$;

-- Configuration tables: one event per statement and type. TG_ARGV[0]: the type;
-- TG_ARGV[1]: for UPDATE, an SQL expression over the old (o) and new (n) row giving a more
-- specific type (a release, a sprint start), or NULL for the default.
CREATE FUNCTION subq_triggers.config_changed() RETURNS trigger LANGUAGE plpgsql
AS $$
DECLARE
  n bigint;
  types text[] := ARRAY[TG_ARGV[0]];
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    n := 1;
  ELSE
    EXECUTE 'SELECT count(*) FROM (' || subq_triggers.moves(TG_OP) || ') m' INTO n;
  END IF;
  IF n = 0 THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' AND TG_NARGS > 1 THEN
    EXECUTE format('SELECT array_agg(DISTINCT coalesce(%s, $1)) FROM subq_old o JOIN subq_new n USING (id)
                     WHERE ROW(o.*) IS DISTINCT FROM ROW(n.*)', TG_ARGV[1])
      INTO types USING TG_ARGV[0];
  END IF;
  types := coalesce(types, ARRAY[TG_ARGV[0]]);
  PERFORM subq_triggers.publish('config', array_agg(jsonb_build_object('type', t,
      'id', format('%s %s %s', TG_TABLE_NAME, lower(TG_OP), n))::text))
    FROM unnest(types) t;
  RETURN NULL;
END
$$;

CREATE FUNCTION subq_triggers.truncated() RETURNS trigger LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM subq_triggers.resync(TG_TABLE_NAME || ' truncated');
  RETURN NULL;
END
$$;

-- AFTER INSERT / UPDATE / DELETE (each with its transition tables) and TRUNCATE on one table.
CREATE FUNCTION subq_triggers.attach(tbl regclass, fn text, args text[] DEFAULT '{}') RETURNS void LANGUAGE plpgsql
AS $$
DECLARE
  arglist constant text := coalesce((SELECT string_agg(quote_literal(a), ', ') FROM unnest(args) a), '');
  truncate_fn constant text := CASE WHEN fn = 'config_changed' THEN fn ELSE 'truncated' END;
BEGIN
  EXECUTE format('CREATE TRIGGER subq_insert AFTER INSERT ON %s REFERENCING NEW TABLE AS subq_new
    FOR EACH STATEMENT EXECUTE FUNCTION subq_triggers.%I(%s)', tbl, fn, arglist);
  EXECUTE format('CREATE TRIGGER subq_update AFTER UPDATE ON %s REFERENCING OLD TABLE AS subq_old NEW TABLE AS subq_new
    FOR EACH STATEMENT EXECUTE FUNCTION subq_triggers.%I(%s)', tbl, fn, arglist);
  EXECUTE format('CREATE TRIGGER subq_delete AFTER DELETE ON %s REFERENCING OLD TABLE AS subq_old
    FOR EACH STATEMENT EXECUTE FUNCTION subq_triggers.%I(%s)', tbl, fn, arglist);
  EXECUTE format('CREATE TRIGGER subq_truncate AFTER TRUNCATE ON %s
    FOR EACH STATEMENT EXECUTE FUNCTION subq_triggers.%I(%s)', tbl, truncate_fn,
    CASE WHEN fn = 'config_changed' THEN arglist ELSE '' END);
END
$$;

SELECT subq_triggers.attach('issues', 'issues_changed');

-- Stage 1 reads these link tables (component = X, fixVersion = Y, sprint = Z, watcher = U).
SELECT subq_triggers.attach(tbl, subq_triggers.links_function(tbl, field, col, field = 'sprint', derived))
FROM (VALUES
  ('issue_components'::regclass, 'component', 'component_id', '{}'::text[]),
  ('issue_fix_versions', 'fixVersion', 'version_id', '{}'),
  ('issue_affected_versions', 'affectedVersion', 'version_id', '{}'),
  ('issue_sprints', 'sprint', 'sprint_id', '{}'),
  ('issue_watchers', 'watcher', 'user_id', '{watchers}'),
  ('issue_voters', 'voter', 'user_id', '{}')
) AS t (tbl, field, col, derived);

-- Custom field values are Stage 1; comments (comment ~) and the history (WAS, CHANGED)
-- only Stage 2, but their changes must still move the versions pollers compare.
SELECT subq_triggers.attach(tbl, subq_triggers.rows_function(tbl, field_sql))
FROM (VALUES
  ('custom_field_values'::regclass, $$'cf[' || m.field_id || ']'$$),
  ('comments', $$'comment'$$),
  ('issue_changes', 'm.field')
) AS t (tbl, field_sql);

-- Everything the catalog is loaded from (db/catalog-loader.ts) and the tenant's calendar.
SELECT subq_triggers.attach(tbl, 'config_changed', args) FROM (VALUES
  ('tenant_settings'::regclass, '{catalog_changed}'::text[]),
  ('users', '{user_changed}'),
  ('groups', '{group_membership_changed}'),
  ('group_members', '{group_membership_changed}'),
  ('project_categories', '{project_changed}'),
  ('projects', '{project_changed}'),
  ('project_roles', '{role_membership_changed}'),
  ('project_role_members', '{role_membership_changed}'),
  ('permission_schemes', '{permission_scheme_changed}'),
  ('permission_grants', '{permission_scheme_changed}'),
  ('issue_security_schemes', '{security_level_changed}'),
  ('issue_security_levels', '{security_level_changed}'),
  ('issue_security_level_holders', '{security_level_changed}'),
  ('status_categories', '{status_changed}'),
  ('statuses', '{status_changed}'),
  ('issue_types', '{issuetype_changed}'),
  ('priorities', '{priority_changed}'),
  ('resolutions', '{resolution_changed}'),
  ('components', '{component_changed}'),
  ('versions', ARRAY['version_changed', 'CASE WHEN n.released AND NOT o.released THEN ''version_released'' END']),
  ('sprints', ARRAY['sprint_changed', 'CASE WHEN o.state IS DISTINCT FROM n.state THEN CASE n.state '
                    'WHEN ''active'' THEN ''sprint_started'' WHEN ''closed'' THEN ''sprint_closed'' END END']),
  ('custom_fields', '{custom_field_changed}'),
  ('custom_field_options', '{custom_field_changed}')
) AS t (tbl, args);

-- Trigger functions run in the writer's session: pin their search_path to the schema of
-- the tables they were installed for, so another search_path cannot redirect them. And plan
-- their statements once: custom plans (the default for the first calls with parameters)
-- re-plan every statement, which made a one-row INSERT into comments ~1 ms slower; the
-- generic plans are index lookups, hash or merge joins, fine at any row count.
DO $$
DECLARE
  tables_schema constant text := (SELECT relnamespace::regnamespace::text FROM pg_class WHERE oid = 'issues'::regclass);
  f regprocedure;
BEGIN
  FOR f IN SELECT p.oid::regprocedure FROM pg_proc p
           WHERE p.pronamespace = 'subq_triggers'::regnamespace
             AND (p.prorettype = 'trigger'::regtype OR p.proname IN ('publish_touched', 'publish_issues'))
  LOOP
    EXECUTE format('ALTER FUNCTION %s SET search_path = %s, pg_temp', f, tables_schema);
    EXECUTE format('ALTER FUNCTION %s SET plan_cache_mode = force_generic_plan', f);
  END LOOP;
END
$$;
