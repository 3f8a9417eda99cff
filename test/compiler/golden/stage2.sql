-- stage 2: 
SELECT i.id::text AS id, i.key, count(*) OVER ()::int AS total FROM issues i
  WHERE i.id = ANY($1::bigint[])
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
-- $1 = ["1","2","3"]
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

-- stage 2: ORDER BY priority
SELECT i.id::text AS id, i.key, count(*) OVER ()::int AS total FROM issues i
  LEFT JOIN unnest($11::int[], $12::int[]) AS s0(key, rank) ON s0.key = i.priority_id
  WHERE i.id = ANY($1::bigint[])
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
  ORDER BY s0.rank DESC NULLS FIRST, i.id DESC
  LIMIT $13::int OFFSET $14::int;
-- $1 = ["1","2","3"]
-- $2 = "alice"
-- $3 = [1,2]
-- $4 = [3]
-- $5 = []
-- $6 = [1]
-- $7 = []
-- $8 = []
-- $9 = []
-- $10 = []
-- $11 = [1,2,3,4]
-- $12 = [-1,-2,-3,-4]
-- $13 = 50
-- $14 = 0

-- stage 2: ORDER BY key ASC
SELECT i.id::text AS id, i.key, count(*) OVER ()::int AS total FROM issues i
  LEFT JOIN unnest($11::int[], $12::int[]) AS s0(key, rank) ON s0.key = i.project_id
  WHERE i.id = ANY($1::bigint[])
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
  ORDER BY s0.rank ASC NULLS LAST, i.number ASC NULLS LAST, i.id DESC
  LIMIT $13::int OFFSET $14::int;
-- $1 = ["1","2","3"]
-- $2 = "alice"
-- $3 = [1,2]
-- $4 = [3]
-- $5 = []
-- $6 = [1]
-- $7 = []
-- $8 = []
-- $9 = []
-- $10 = []
-- $11 = [1,3,2]
-- $12 = [0,1,2]
-- $13 = 50
-- $14 = 0

-- stage 2: ORDER BY fixVersion DESC, summary
SELECT i.id::text AS id, i.key, count(*) OVER ()::int AS total FROM issues i
  WHERE i.id = ANY($1::bigint[])
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
  ORDER BY (SELECT max(s0r.rank) FROM issue_fix_versions s0 JOIN unnest($11::int[], $12::int[]) AS s0r(key, rank) ON s0r.key = s0.version_id
    WHERE s0.issue_id = i.id) DESC NULLS FIRST, NULLIF(i.summary, '') COLLATE "C" ASC NULLS LAST, i.id DESC
  LIMIT $13::int OFFSET $14::int;
-- $1 = ["1","2","3"]
-- $2 = "alice"
-- $3 = [1,2]
-- $4 = [3]
-- $5 = []
-- $6 = [1]
-- $7 = []
-- $8 = []
-- $9 = []
-- $10 = []
-- $11 = [4,1,2,3,5,6]
-- $12 = [0,1,2,3,4,5]
-- $13 = 50
-- $14 = 0

-- stage 2: ORDER BY statusCategory, labels DESC, component
SELECT i.id::text AS id, i.key, count(*) OVER ()::int AS total FROM issues i
  LEFT JOIN unnest($11::int[], $12::int[]) AS s0(key, rank) ON s0.key = i.status_id
  WHERE i.id = ANY($1::bigint[])
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
  ORDER BY s0.rank ASC NULLS LAST, (SELECT max(s1.value COLLATE "C") FROM unnest(i.labels) s1(value)) DESC NULLS FIRST, (SELECT min(s2.component_id) FROM issue_components s2
    WHERE s2.issue_id = i.id) ASC NULLS LAST, i.id DESC
  LIMIT $13::int OFFSET $14::int;
-- $1 = ["1","2","3"]
-- $2 = "alice"
-- $3 = [1,2]
-- $4 = [3]
-- $5 = []
-- $6 = [1]
-- $7 = []
-- $8 = []
-- $9 = []
-- $10 = []
-- $11 = [1,2,3,4]
-- $12 = [1,2,3,1]
-- $13 = 50
-- $14 = 0

-- stage 2: ORDER BY Team, Platforms DESC, Notes, Tags
SELECT i.id::text AS id, i.key, count(*) OVER ()::int AS total FROM issues i
  LEFT JOIN custom_field_values s0 ON s0.issue_id = i.id
  AND s0.field_id = 108
  LEFT JOIN custom_field_values s1 ON s1.issue_id = i.id
  AND s1.field_id = 101
  LEFT JOIN custom_field_values s2 ON s2.issue_id = i.id
  AND s2.field_id = 106
  LEFT JOIN custom_field_values s3 ON s3.issue_id = i.id
  AND s3.field_id = 107
  WHERE i.id = ANY($1::bigint[])
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
  ORDER BY s0.option_id ASC NULLS LAST, (SELECT max(s1x.value) FROM unnest(s1.option_ids) s1x(value)) DESC NULLS FIRST, NULLIF(s2.text_value, '') COLLATE "C" ASC NULLS LAST, (SELECT min(s3x.value COLLATE "C") FROM unnest(s3.labels) s3x(value)) ASC NULLS LAST, i.id DESC
  LIMIT $11::int OFFSET $12::int;
-- $1 = ["1","2","3"]
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

-- stage 2: ORDER BY project, category, projectType DESC, watchers
SELECT i.id::text AS id, i.key, count(*) OVER ()::int AS total FROM issues i
  LEFT JOIN unnest($11::int[], $12::int[]) AS s0(key, rank) ON s0.key = i.project_id
  LEFT JOIN unnest($13::int[], $14::int[]) AS s1(key, rank) ON s1.key = i.project_id
  LEFT JOIN unnest($15::int[], $16::text[]) AS s2(key, rank) ON s2.key = i.project_id
  WHERE i.id = ANY($1::bigint[])
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
  ORDER BY s0.rank ASC NULLS LAST, s1.rank ASC NULLS LAST, s2.rank COLLATE "C" DESC NULLS FIRST, (SELECT count(*) FROM issue_watchers wc
    WHERE wc.issue_id = i.id) DESC NULLS FIRST, i.id DESC
  LIMIT $17::int OFFSET $18::int;
-- $1 = ["1","2","3"]
-- $2 = "alice"
-- $3 = [1,2]
-- $4 = [3]
-- $5 = []
-- $6 = [1]
-- $7 = []
-- $8 = []
-- $9 = []
-- $10 = []
-- $11 = [1,3,2]
-- $12 = [0,1,2]
-- $13 = [1,2]
-- $14 = [1,1]
-- $15 = [1,2,3]
-- $16 = ["software","business","service_desk"]
-- $17 = 50
-- $18 = 0

-- stage 2: status = Open ORDER BY workRatio DESC, due ASC, created
SELECT i.id::text AS id, i.key, count(*) OVER ()::int AS total FROM issues i
  WHERE i.id = ANY($1::bigint[])
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
  ORDER BY (CASE WHEN i.original_estimate > 0 THEN coalesce(i.time_spent, 0)::bigint * 100 / i.original_estimate END) DESC NULLS FIRST, i.due ASC NULLS LAST, i.created DESC NULLS FIRST, i.id DESC
  LIMIT $11::int OFFSET $12::int;
-- $1 = ["1","2","3"]
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

-- count: assignee = currentUser()
SELECT count(*)::int AS total FROM issues i
  WHERE i.id = ANY($1::bigint[])
  AND i.assignee_id = ANY($2::text[])
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
        AND i.assignee_id = $3::text)), false);
-- $1 = ["1","5"]
-- $2 = ["alice"]
-- $3 = "alice"
-- $4 = [1,2]
-- $5 = [3]
-- $6 = []
-- $7 = [1]
-- $8 = []
-- $9 = []
-- $10 = []
-- $11 = []

-- contains: assignee = currentUser()
SELECT EXISTS (SELECT 1 FROM issues i
    WHERE i.id = $1::bigint
    AND i.assignee_id = ANY($2::text[])
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
          AND i.assignee_id = $3::text)), false)) AS contains;
-- $1 = "1"
-- $2 = ["alice"]
-- $3 = "alice"
-- $4 = [1,2]
-- $5 = [3]
-- $6 = []
-- $7 = [1]
-- $8 = []
-- $9 = []
-- $10 = []
-- $11 = []
