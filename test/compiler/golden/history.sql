-- direct: status WAS Open
SELECT i.id::text AS id, i.key, count(*) OVER ()::int AS total FROM issues i
  WHERE EXISTS (SELECT 1 FROM (SELECT ch.to_value AS value, ch.at AS start_at, coalesce(lead(ch.at) OVER (ORDER BY ch.at, ch.id), 'infinity') AS end_at, ch.author_id AS author FROM issue_changes ch
      WHERE ch.issue_id = i.id
      AND ch.field = 'status'
      UNION ALL SELECT f.from_value, i.created, f.at, i.creator_id FROM (SELECT ch.from_value, ch.at FROM issue_changes ch
        WHERE ch.issue_id = i.id
        AND ch.field = 'status'
        ORDER BY ch.at, ch.id
        LIMIT 1) f
      UNION ALL SELECT i.status_id::text, i.created, 'infinity'::timestamptz, i.creator_id
      WHERE NOT EXISTS (SELECT 1 FROM issue_changes ch
        WHERE ch.issue_id = i.id
        AND ch.field = 'status')) tl
    WHERE tl.start_at < tl.end_at
    AND tl.value = ANY($1::text[]))
  AND coalesce((i.project_id = ANY($3::int[])
      OR (i.project_id = ANY($4::int[])
        AND i.reporter_id = $2::text)
      OR (i.project_id = ANY($5::int[])
        AND i.assignee_id = $2::text))
    AND (i.security_level_id IS NULL
      OR i.security_level_id = ANY($6::int[])
      OR EXISTS (SELECT 1 FROM unnest($7::int[], $8::int[]) AS pl(level_id, project_id)
        WHERE pl.level_id = i.security_level_id
        AND pl.project_id = i.project_id)
      OR (i.security_level_id = ANY($9::int[])
        AND i.reporter_id = $2::text)
      OR (i.security_level_id = ANY($10::int[])
        AND i.assignee_id = $2::text)), false)
  ORDER BY i.created DESC, i.id DESC
  LIMIT $11::int OFFSET $12::int;
-- $1 = ["1"]
-- $2 = "alice"
-- $3 = [1,2]
-- $4 = [3]
-- $5 = []
-- $6 = [1]
-- $7 = []
-- $8 = []
-- $9 = []
-- $10 = []
-- $11 = 50
-- $12 = 0

-- direct: status WAS IN (Open, Done) BEFORE 2024-06-10 AFTER 2024-06-01
SELECT i.id::text AS id, i.key, count(*) OVER ()::int AS total FROM issues i
  WHERE EXISTS (SELECT 1 FROM (SELECT ch.to_value AS value, ch.at AS start_at, coalesce(lead(ch.at) OVER (ORDER BY ch.at, ch.id), 'infinity') AS end_at, ch.author_id AS author FROM issue_changes ch
      WHERE ch.issue_id = i.id
      AND ch.field = 'status'
      UNION ALL SELECT f.from_value, i.created, f.at, i.creator_id FROM (SELECT ch.from_value, ch.at FROM issue_changes ch
        WHERE ch.issue_id = i.id
        AND ch.field = 'status'
        ORDER BY ch.at, ch.id
        LIMIT 1) f
      UNION ALL SELECT i.status_id::text, i.created, 'infinity'::timestamptz, i.creator_id
      WHERE NOT EXISTS (SELECT 1 FROM issue_changes ch
        WHERE ch.issue_id = i.id
        AND ch.field = 'status')) tl
    WHERE tl.start_at < tl.end_at
    AND tl.value = ANY($1::text[])
    AND tl.end_at > $2::timestamptz
    AND tl.start_at < $3::timestamptz)
  AND coalesce((i.project_id = ANY($5::int[])
      OR (i.project_id = ANY($6::int[])
        AND i.reporter_id = $4::text)
      OR (i.project_id = ANY($7::int[])
        AND i.assignee_id = $4::text))
    AND (i.security_level_id IS NULL
      OR i.security_level_id = ANY($8::int[])
      OR EXISTS (SELECT 1 FROM unnest($9::int[], $10::int[]) AS pl(level_id, project_id)
        WHERE pl.level_id = i.security_level_id
        AND pl.project_id = i.project_id)
      OR (i.security_level_id = ANY($11::int[])
        AND i.reporter_id = $4::text)
      OR (i.security_level_id = ANY($12::int[])
        AND i.assignee_id = $4::text)), false)
  ORDER BY i.created DESC, i.id DESC
  LIMIT $13::int OFFSET $14::int;
-- $1 = ["1","3"]
-- $2 = "2024-05-31T22:00:00.000Z"
-- $3 = "2024-06-09T22:00:00.000Z"
-- $4 = "alice"
-- $5 = [1,2]
-- $6 = [3]
-- $7 = []
-- $8 = [1]
-- $9 = []
-- $10 = []
-- $11 = []
-- $12 = []
-- $13 = 50
-- $14 = 0

-- direct: assignee WAS NOT bob ON 2024-06-05
SELECT i.id::text AS id, i.key, count(*) OVER ()::int AS total FROM issues i
  WHERE NOT EXISTS (SELECT 1 FROM (SELECT ch.to_value AS value, ch.at AS start_at, coalesce(lead(ch.at) OVER (ORDER BY ch.at, ch.id), 'infinity') AS end_at, ch.author_id AS author FROM issue_changes ch
      WHERE ch.issue_id = i.id
      AND ch.field = 'assignee'
      UNION ALL SELECT f.from_value, i.created, f.at, i.creator_id FROM (SELECT ch.from_value, ch.at FROM issue_changes ch
        WHERE ch.issue_id = i.id
        AND ch.field = 'assignee'
        ORDER BY ch.at, ch.id
        LIMIT 1) f
      UNION ALL SELECT i.assignee_id, i.created, 'infinity'::timestamptz, i.creator_id
      WHERE NOT EXISTS (SELECT 1 FROM issue_changes ch
        WHERE ch.issue_id = i.id
        AND ch.field = 'assignee')) tl
    WHERE tl.start_at < tl.end_at
    AND tl.value = ANY($1::text[])
    AND (tl.start_at < $2::timestamptz
      AND tl.end_at > $3::timestamptz))
  AND coalesce((i.project_id = ANY($5::int[])
      OR (i.project_id = ANY($6::int[])
        AND i.reporter_id = $4::text)
      OR (i.project_id = ANY($7::int[])
        AND i.assignee_id = $4::text))
    AND (i.security_level_id IS NULL
      OR i.security_level_id = ANY($8::int[])
      OR EXISTS (SELECT 1 FROM unnest($9::int[], $10::int[]) AS pl(level_id, project_id)
        WHERE pl.level_id = i.security_level_id
        AND pl.project_id = i.project_id)
      OR (i.security_level_id = ANY($11::int[])
        AND i.reporter_id = $4::text)
      OR (i.security_level_id = ANY($12::int[])
        AND i.assignee_id = $4::text)), false)
  ORDER BY i.created DESC, i.id DESC
  LIMIT $13::int OFFSET $14::int;
-- $1 = ["bob"]
-- $2 = "2024-06-05T22:00:00.000Z"
-- $3 = "2024-06-04T22:00:00.000Z"
-- $4 = "alice"
-- $5 = [1,2]
-- $6 = [3]
-- $7 = []
-- $8 = [1]
-- $9 = []
-- $10 = []
-- $11 = []
-- $12 = []
-- $13 = 50
-- $14 = 0

-- direct: resolution WAS EMPTY DURING ("2024-06-01", "2024-06-30") BY bob
SELECT i.id::text AS id, i.key, count(*) OVER ()::int AS total FROM issues i
  WHERE EXISTS (SELECT 1 FROM (SELECT ch.to_value AS value, ch.at AS start_at, coalesce(lead(ch.at) OVER (ORDER BY ch.at, ch.id), 'infinity') AS end_at, ch.author_id AS author FROM issue_changes ch
      WHERE ch.issue_id = i.id
      AND ch.field = 'resolution'
      UNION ALL SELECT f.from_value, i.created, f.at, i.creator_id FROM (SELECT ch.from_value, ch.at FROM issue_changes ch
        WHERE ch.issue_id = i.id
        AND ch.field = 'resolution'
        ORDER BY ch.at, ch.id
        LIMIT 1) f
      UNION ALL SELECT i.resolution_id::text, i.created, 'infinity'::timestamptz, i.creator_id
      WHERE NOT EXISTS (SELECT 1 FROM issue_changes ch
        WHERE ch.issue_id = i.id
        AND ch.field = 'resolution')) tl
    WHERE tl.start_at < tl.end_at
    AND (tl.value = ANY($1::text[])
      OR tl.value IS NULL)
    AND tl.author = ANY($2::text[])
    AND ($3::timestamptz <= $4::timestamptz
      AND tl.start_at <= $4::timestamptz
      AND tl.end_at > $3::timestamptz))
  AND coalesce((i.project_id = ANY($6::int[])
      OR (i.project_id = ANY($7::int[])
        AND i.reporter_id = $5::text)
      OR (i.project_id = ANY($8::int[])
        AND i.assignee_id = $5::text))
    AND (i.security_level_id IS NULL
      OR i.security_level_id = ANY($9::int[])
      OR EXISTS (SELECT 1 FROM unnest($10::int[], $11::int[]) AS pl(level_id, project_id)
        WHERE pl.level_id = i.security_level_id
        AND pl.project_id = i.project_id)
      OR (i.security_level_id = ANY($12::int[])
        AND i.reporter_id = $5::text)
      OR (i.security_level_id = ANY($13::int[])
        AND i.assignee_id = $5::text)), false)
  ORDER BY i.created DESC, i.id DESC
  LIMIT $14::int OFFSET $15::int;
-- $1 = []
-- $2 = ["bob"]
-- $3 = "2024-05-31T22:00:00.000Z"
-- $4 = "2024-06-29T22:00:00.000Z"
-- $5 = "alice"
-- $6 = [1,2]
-- $7 = [3]
-- $8 = []
-- $9 = [1]
-- $10 = []
-- $11 = []
-- $12 = []
-- $13 = []
-- $14 = 50
-- $15 = 0

-- direct: fixVersion WAS 2.0
SELECT i.id::text AS id, i.key, count(*) OVER ()::int AS total FROM issues i
  WHERE EXISTS (SELECT 1 FROM (WITH it AS (SELECT ch.from_value, ch.to_value, ch.author_id, ch.at, row_number() OVER (ORDER BY ch.at, ch.id) AS n FROM issue_changes ch
        WHERE ch.issue_id = i.id
        AND ch.field = 'fixVersion'), ev0 AS (SELECT it.n, 0 AS sub, it.from_value AS value, false AS adds, it.at, it.author_id FROM it
        WHERE it.from_value IS NOT NULL
        UNION ALL SELECT it.n, 1, it.to_value, true, it.at, it.author_id FROM it
        WHERE it.to_value IS NOT NULL), ev AS (SELECT ev0.*, lag(ev0.adds) OVER w AS prev, min(CASE WHEN NOT ev0.adds THEN ev0.at END) OVER (w ROWS BETWEEN 1 FOLLOWING
          AND UNBOUNDED FOLLOWING) AS next_removal FROM ev0 WINDOW w AS (PARTITION BY ev0.value
          ORDER BY ev0.n, ev0.sub)), cur AS (SELECT fv.version_id::text AS value FROM issue_fix_versions fv
        WHERE fv.issue_id = i.id
        AND NOT EXISTS (SELECT 1 FROM ev
          WHERE ev.value = fv.version_id::text)), init AS (SELECT (SELECT count(*) FROM ev
          WHERE ev.prev IS NULL
          AND NOT ev.adds) + (SELECT count(*) FROM cur) AS c), step AS (SELECT ev.n, sum(CASE WHEN ev.adds
          AND ev.prev IS NOT TRUE THEN 1 WHEN NOT ev.adds
          AND ev.prev IS NOT FALSE THEN -1 ELSE 0 END) AS d FROM ev GROUP BY ev.n), run AS (SELECT it.n, it.at, it.author_id, init.c AS c0, init.c + sum(coalesce(step.d, 0)) OVER (ORDER BY it.n) AS c FROM it CROSS JOIN init
        LEFT JOIN step ON step.n = it.n), runs AS (SELECT run.*, lag(run.c, 1, run.c0) OVER (ORDER BY run.n) AS prev_c FROM run) SELECT ev.value, i.created AS start_at, ev.at AS end_at, i.creator_id AS author FROM ev
      WHERE ev.prev IS NULL
      AND NOT ev.adds
      UNION ALL SELECT cur.value, i.created, 'infinity'::timestamptz, i.creator_id FROM cur
      UNION ALL SELECT ev.value, ev.at, coalesce(ev.next_removal, 'infinity'), ev.author_id FROM ev
      WHERE ev.adds
      AND ev.prev IS NOT TRUE
      UNION ALL SELECT NULL, i.created, coalesce((SELECT min(r.at) FROM run r
          WHERE r.c > 0), 'infinity'), i.creator_id FROM init
      WHERE init.c = 0
      UNION ALL SELECT NULL, s.at, coalesce((SELECT min(r.at) FROM run r
          WHERE r.n > s.n
          AND r.c > 0), 'infinity'), s.author_id FROM runs s
      WHERE s.c = 0
      AND s.prev_c > 0) tl
    WHERE tl.start_at < tl.end_at
    AND tl.value = ANY($1::text[]))
  AND coalesce((i.project_id = ANY($3::int[])
      OR (i.project_id = ANY($4::int[])
        AND i.reporter_id = $2::text)
      OR (i.project_id = ANY($5::int[])
        AND i.assignee_id = $2::text))
    AND (i.security_level_id IS NULL
      OR i.security_level_id = ANY($6::int[])
      OR EXISTS (SELECT 1 FROM unnest($7::int[], $8::int[]) AS pl(level_id, project_id)
        WHERE pl.level_id = i.security_level_id
        AND pl.project_id = i.project_id)
      OR (i.security_level_id = ANY($9::int[])
        AND i.reporter_id = $2::text)
      OR (i.security_level_id = ANY($10::int[])
        AND i.assignee_id = $2::text)), false)
  ORDER BY i.created DESC, i.id DESC
  LIMIT $11::int OFFSET $12::int;
-- $1 = ["2","6"]
-- $2 = "alice"
-- $3 = [1,2]
-- $4 = [3]
-- $5 = []
-- $6 = [1]
-- $7 = []
-- $8 = []
-- $9 = []
-- $10 = []
-- $11 = 50
-- $12 = 0

-- direct: fixVersion WAS EMPTY
SELECT i.id::text AS id, i.key, count(*) OVER ()::int AS total FROM issues i
  WHERE EXISTS (SELECT 1 FROM (WITH it AS (SELECT ch.from_value, ch.to_value, ch.author_id, ch.at, row_number() OVER (ORDER BY ch.at, ch.id) AS n FROM issue_changes ch
        WHERE ch.issue_id = i.id
        AND ch.field = 'fixVersion'), ev0 AS (SELECT it.n, 0 AS sub, it.from_value AS value, false AS adds, it.at, it.author_id FROM it
        WHERE it.from_value IS NOT NULL
        UNION ALL SELECT it.n, 1, it.to_value, true, it.at, it.author_id FROM it
        WHERE it.to_value IS NOT NULL), ev AS (SELECT ev0.*, lag(ev0.adds) OVER w AS prev, min(CASE WHEN NOT ev0.adds THEN ev0.at END) OVER (w ROWS BETWEEN 1 FOLLOWING
          AND UNBOUNDED FOLLOWING) AS next_removal FROM ev0 WINDOW w AS (PARTITION BY ev0.value
          ORDER BY ev0.n, ev0.sub)), cur AS (SELECT fv.version_id::text AS value FROM issue_fix_versions fv
        WHERE fv.issue_id = i.id
        AND NOT EXISTS (SELECT 1 FROM ev
          WHERE ev.value = fv.version_id::text)), init AS (SELECT (SELECT count(*) FROM ev
          WHERE ev.prev IS NULL
          AND NOT ev.adds) + (SELECT count(*) FROM cur) AS c), step AS (SELECT ev.n, sum(CASE WHEN ev.adds
          AND ev.prev IS NOT TRUE THEN 1 WHEN NOT ev.adds
          AND ev.prev IS NOT FALSE THEN -1 ELSE 0 END) AS d FROM ev GROUP BY ev.n), run AS (SELECT it.n, it.at, it.author_id, init.c AS c0, init.c + sum(coalesce(step.d, 0)) OVER (ORDER BY it.n) AS c FROM it CROSS JOIN init
        LEFT JOIN step ON step.n = it.n), runs AS (SELECT run.*, lag(run.c, 1, run.c0) OVER (ORDER BY run.n) AS prev_c FROM run) SELECT ev.value, i.created AS start_at, ev.at AS end_at, i.creator_id AS author FROM ev
      WHERE ev.prev IS NULL
      AND NOT ev.adds
      UNION ALL SELECT cur.value, i.created, 'infinity'::timestamptz, i.creator_id FROM cur
      UNION ALL SELECT ev.value, ev.at, coalesce(ev.next_removal, 'infinity'), ev.author_id FROM ev
      WHERE ev.adds
      AND ev.prev IS NOT TRUE
      UNION ALL SELECT NULL, i.created, coalesce((SELECT min(r.at) FROM run r
          WHERE r.c > 0), 'infinity'), i.creator_id FROM init
      WHERE init.c = 0
      UNION ALL SELECT NULL, s.at, coalesce((SELECT min(r.at) FROM run r
          WHERE r.n > s.n
          AND r.c > 0), 'infinity'), s.author_id FROM runs s
      WHERE s.c = 0
      AND s.prev_c > 0) tl
    WHERE tl.start_at < tl.end_at
    AND (tl.value = ANY($1::text[])
      OR tl.value IS NULL))
  AND coalesce((i.project_id = ANY($3::int[])
      OR (i.project_id = ANY($4::int[])
        AND i.reporter_id = $2::text)
      OR (i.project_id = ANY($5::int[])
        AND i.assignee_id = $2::text))
    AND (i.security_level_id IS NULL
      OR i.security_level_id = ANY($6::int[])
      OR EXISTS (SELECT 1 FROM unnest($7::int[], $8::int[]) AS pl(level_id, project_id)
        WHERE pl.level_id = i.security_level_id
        AND pl.project_id = i.project_id)
      OR (i.security_level_id = ANY($9::int[])
        AND i.reporter_id = $2::text)
      OR (i.security_level_id = ANY($10::int[])
        AND i.assignee_id = $2::text)), false)
  ORDER BY i.created DESC, i.id DESC
  LIMIT $11::int OFFSET $12::int;
-- $1 = []
-- $2 = "alice"
-- $3 = [1,2]
-- $4 = [3]
-- $5 = []
-- $6 = [1]
-- $7 = []
-- $8 = []
-- $9 = []
-- $10 = []
-- $11 = 50
-- $12 = 0

-- direct: status CHANGED
SELECT i.id::text AS id, i.key, count(*) OVER ()::int AS total FROM issues i
  WHERE EXISTS (SELECT 1 FROM issue_changes ch
    WHERE ch.issue_id = i.id
    AND ch.field = 'status')
  AND coalesce((i.project_id = ANY($2::int[])
      OR (i.project_id = ANY($3::int[])
        AND i.reporter_id = $1::text)
      OR (i.project_id = ANY($4::int[])
        AND i.assignee_id = $1::text))
    AND (i.security_level_id IS NULL
      OR i.security_level_id = ANY($5::int[])
      OR EXISTS (SELECT 1 FROM unnest($6::int[], $7::int[]) AS pl(level_id, project_id)
        WHERE pl.level_id = i.security_level_id
        AND pl.project_id = i.project_id)
      OR (i.security_level_id = ANY($8::int[])
        AND i.reporter_id = $1::text)
      OR (i.security_level_id = ANY($9::int[])
        AND i.assignee_id = $1::text)), false)
  ORDER BY i.created DESC, i.id DESC
  LIMIT $10::int OFFSET $11::int;
-- $1 = "alice"
-- $2 = [1,2]
-- $3 = [3]
-- $4 = []
-- $5 = [1]
-- $6 = []
-- $7 = []
-- $8 = []
-- $9 = []
-- $10 = 50
-- $11 = 0

-- direct: status CHANGED FROM Open TO 2 BY alice AFTER 2024-06-01
SELECT i.id::text AS id, i.key, count(*) OVER ()::int AS total FROM issues i
  WHERE EXISTS (SELECT 1 FROM issue_changes ch
    WHERE ch.issue_id = i.id
    AND ch.field = 'status'
    AND ch.at > $1::timestamptz
    AND ch.author_id = ANY($2::text[])
    AND ch.from_value = ANY($3::text[])
    AND ch.to_value = ANY($4::text[]))
  AND coalesce((i.project_id = ANY($6::int[])
      OR (i.project_id = ANY($7::int[])
        AND i.reporter_id = $5::text)
      OR (i.project_id = ANY($8::int[])
        AND i.assignee_id = $5::text))
    AND (i.security_level_id IS NULL
      OR i.security_level_id = ANY($9::int[])
      OR EXISTS (SELECT 1 FROM unnest($10::int[], $11::int[]) AS pl(level_id, project_id)
        WHERE pl.level_id = i.security_level_id
        AND pl.project_id = i.project_id)
      OR (i.security_level_id = ANY($12::int[])
        AND i.reporter_id = $5::text)
      OR (i.security_level_id = ANY($13::int[])
        AND i.assignee_id = $5::text)), false)
  ORDER BY i.created DESC, i.id DESC
  LIMIT $14::int OFFSET $15::int;
-- $1 = "2024-05-31T22:00:00.000Z"
-- $2 = ["alice"]
-- $3 = ["1"]
-- $4 = ["2"]
-- $5 = "alice"
-- $6 = [1,2]
-- $7 = [3]
-- $8 = []
-- $9 = [1]
-- $10 = []
-- $11 = []
-- $12 = []
-- $13 = []
-- $14 = 50
-- $15 = 0

-- direct: NOT priority CHANGED DURING (2024-06-01, 2024-06-03)
SELECT i.id::text AS id, i.key, count(*) OVER ()::int AS total FROM issues i
  WHERE NOT EXISTS (SELECT 1 FROM issue_changes ch
    WHERE ch.issue_id = i.id
    AND ch.field = 'priority'
    AND ($1::timestamptz <= ch.at
      AND ch.at <= $2::timestamptz))
  AND coalesce((i.project_id = ANY($4::int[])
      OR (i.project_id = ANY($5::int[])
        AND i.reporter_id = $3::text)
      OR (i.project_id = ANY($6::int[])
        AND i.assignee_id = $3::text))
    AND (i.security_level_id IS NULL
      OR i.security_level_id = ANY($7::int[])
      OR EXISTS (SELECT 1 FROM unnest($8::int[], $9::int[]) AS pl(level_id, project_id)
        WHERE pl.level_id = i.security_level_id
        AND pl.project_id = i.project_id)
      OR (i.security_level_id = ANY($10::int[])
        AND i.reporter_id = $3::text)
      OR (i.security_level_id = ANY($11::int[])
        AND i.assignee_id = $3::text)), false)
  ORDER BY i.created DESC, i.id DESC
  LIMIT $12::int OFFSET $13::int;
-- $1 = "2024-05-31T22:00:00.000Z"
-- $2 = "2024-06-02T22:00:00.000Z"
-- $3 = "alice"
-- $4 = [1,2]
-- $5 = [3]
-- $6 = []
-- $7 = [1]
-- $8 = []
-- $9 = []
-- $10 = []
-- $11 = []
-- $12 = 50
-- $13 = 0

-- direct: fixVersion CHANGED TO 3.0
SELECT i.id::text AS id, i.key, count(*) OVER ()::int AS total FROM issues i
  WHERE EXISTS (SELECT 1 FROM issue_changes ch
    WHERE ch.issue_id = i.id
    AND ch.field = 'fixVersion'
    AND ch.to_value = ANY($1::text[]))
  AND coalesce((i.project_id = ANY($3::int[])
      OR (i.project_id = ANY($4::int[])
        AND i.reporter_id = $2::text)
      OR (i.project_id = ANY($5::int[])
        AND i.assignee_id = $2::text))
    AND (i.security_level_id IS NULL
      OR i.security_level_id = ANY($6::int[])
      OR EXISTS (SELECT 1 FROM unnest($7::int[], $8::int[]) AS pl(level_id, project_id)
        WHERE pl.level_id = i.security_level_id
        AND pl.project_id = i.project_id)
      OR (i.security_level_id = ANY($9::int[])
        AND i.reporter_id = $2::text)
      OR (i.security_level_id = ANY($10::int[])
        AND i.assignee_id = $2::text)), false)
  ORDER BY i.created DESC, i.id DESC
  LIMIT $11::int OFFSET $12::int;
-- $1 = ["3"]
-- $2 = "alice"
-- $3 = [1,2]
-- $4 = [3]
-- $5 = []
-- $6 = [1]
-- $7 = []
-- $8 = []
-- $9 = []
-- $10 = []
-- $11 = 50
-- $12 = 0
