-- direct: assignee = currentUser()
SELECT i.id::text AS id, i.key, count(*) OVER ()::int AS total FROM issues i
  WHERE i.assignee_id = ANY($1::text[])
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
-- $1 = ["alice"]
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

-- direct: reporter in membersOf(developers) AND watcher != currentUser()
SELECT i.id::text AS id, i.key, count(*) OVER ()::int AS total FROM issues i
  WHERE (i.reporter_id = ANY($1::text[])
    AND (EXISTS (SELECT 1 FROM issue_watchers lu
        WHERE lu.issue_id = i.id)
      AND NOT (EXISTS (SELECT 1 FROM issue_watchers lu
          WHERE lu.issue_id = i.id
          AND lu.user_id = ANY($2::text[])))))
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
-- $1 = ["alice","bob"]
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
-- $12 = 50
-- $13 = 0

-- direct: created > -1w AND updated <= startOfDay()
SELECT i.id::text AS id, i.key, count(*) OVER ()::int AS total FROM issues i
  WHERE (i.created > $1::timestamptz
    AND i.updated <= $2::timestamptz)
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
-- $1 = "2024-06-08T12:00:00.000Z"
-- $2 = "2024-06-14T22:00:00.000Z"
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

-- direct: due <= endOfWeek(1) AND due >= startOfMonth(-1)
SELECT i.id::text AS id, i.key, count(*) OVER ()::int AS total FROM issues i
  WHERE (i.due < $1::date
    AND i.due >= $2::date)
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
-- $1 = "2024-06-24"
-- $2 = "2024-05-01"
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

-- direct: sprint in openSprints() AND fixVersion in unreleasedVersions(PUB)
SELECT i.id::text AS id, i.key, count(*) OVER ()::int AS total FROM issues i
  WHERE (EXISTS (SELECT 1 FROM issue_fix_versions lf
      WHERE lf.issue_id = i.id
      AND lf.version_id = ANY($1::int[]))
    AND EXISTS (SELECT 1 FROM issue_sprints ls
      WHERE ls.issue_id = i.id
      AND ls.sprint_id = ANY($2::int[])))
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
-- $1 = [3]
-- $2 = [2,4]
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

-- direct: fixVersion = latestReleasedVersion(PUB) OR fixVersion = earliestUnreleasedVersion(SEC)
SELECT i.id::text AS id, i.key, count(*) OVER ()::int AS total FROM issues i
  WHERE EXISTS (SELECT 1 FROM issue_fix_versions lf
    WHERE lf.issue_id = i.id
    AND lf.version_id = ANY($1::int[]))
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
-- $1 = [5,2]
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

-- direct: component in componentsLeadByUser() OR project in projectsLeadByUser(bob)
SELECT i.id::text AS id, i.key, count(*) OVER ()::int AS total FROM issues i
  WHERE (EXISTS (SELECT 1 FROM issue_components lc
      WHERE lc.issue_id = i.id
      AND lc.component_id = ANY($1::int[]))
    OR i.project_id = ANY($2::int[]))
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
-- $1 = [1]
-- $2 = [2]
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

-- direct: project in projectsWhereUserHasPermission("Browse Projects") AND project in projectsWhereUserHasRole(Users)
SELECT i.id::text AS id, i.key, count(*) OVER ()::int AS total FROM issues i
  WHERE (i.project_id = ANY($1::int[])
    AND i.project_id = ANY($2::int[]))
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
-- $1 = [1,2]
-- $2 = []
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

-- direct: issuekey in watchedIssues() OR issuekey in votedIssues()
SELECT i.id::text AS id, i.key, count(*) OVER ()::int AS total FROM issues i
  WHERE (i.id = ANY($3::bigint[])
    OR i.key = ANY($4::text[])
    OR i.id IN (SELECT ux.issue_id FROM issue_voters ux
      WHERE ux.user_id = $1::text)
    OR i.id IN (SELECT ux.issue_id FROM issue_watchers ux
      WHERE ux.user_id = $2::text))
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
-- $1 = "alice"
-- $2 = "alice"
-- $3 = []
-- $4 = []
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

-- direct: comment ~ csrf
SELECT i.id::text AS id, i.key, count(*) OVER ()::int AS total FROM issues i
  WHERE EXISTS (SELECT 1 FROM comments c
    WHERE c.issue_id = i.id
    AND ((c.visibility_group IS NULL
        AND c.visibility_role_id IS NULL)
      OR c.visibility_group = ANY($2::text[])
      OR EXISTS (SELECT 1 FROM unnest($3::int[], $4::int[]) AS rh(project_id, role_id)
        WHERE rh.project_id = i.project_id
        AND rh.role_id = c.visibility_role_id))
    AND c.body ~* ALL($1::text[]))
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
-- $1 = ["(?:^|[\\u0000-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007F])csrf(?:[\\u0000-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007F]|$)"]
-- $2 = ["admins","developers"]
-- $3 = [2]
-- $4 = [10]
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

-- direct: comment !~ firefox AND comment IS NOT EMPTY
SELECT i.id::text AS id, i.key, count(*) OVER ()::int AS total FROM issues i
  WHERE ((EXISTS (SELECT 1 FROM comments c
        WHERE c.issue_id = i.id
        AND ((c.visibility_group IS NULL
            AND c.visibility_role_id IS NULL)
          OR c.visibility_group = ANY($5::text[])
          OR EXISTS (SELECT 1 FROM unnest($6::int[], $7::int[]) AS rh(project_id, role_id)
            WHERE rh.project_id = i.project_id
            AND rh.role_id = c.visibility_role_id))
        AND c.body <> '')
      AND NOT (EXISTS (SELECT 1 FROM comments c
          WHERE c.issue_id = i.id
          AND ((c.visibility_group IS NULL
              AND c.visibility_role_id IS NULL)
            OR c.visibility_group = ANY($2::text[])
            OR EXISTS (SELECT 1 FROM unnest($3::int[], $4::int[]) AS rh(project_id, role_id)
              WHERE rh.project_id = i.project_id
              AND rh.role_id = c.visibility_role_id))
          AND c.body ~* ALL($1::text[]))))
    AND EXISTS (SELECT 1 FROM comments c
      WHERE c.issue_id = i.id
      AND ((c.visibility_group IS NULL
          AND c.visibility_role_id IS NULL)
        OR c.visibility_group = ANY($8::text[])
        OR EXISTS (SELECT 1 FROM unnest($9::int[], $10::int[]) AS rh(project_id, role_id)
          WHERE rh.project_id = i.project_id
          AND rh.role_id = c.visibility_role_id))
      AND c.body <> ''))
  AND coalesce((i.project_id = ANY($12::int[])
      OR (i.project_id = ANY($13::int[])
        AND i.reporter_id = $11::text)
      OR (i.project_id = ANY($14::int[])
        AND i.assignee_id = $11::text))
    AND (i.security_level_id IS NULL
      OR i.security_level_id = ANY($15::int[])
      OR EXISTS (SELECT 1 FROM unnest($16::int[], $17::int[]) AS pl(level_id, project_id)
        WHERE pl.level_id = i.security_level_id
        AND pl.project_id = i.project_id)
      OR (i.security_level_id = ANY($18::int[])
        AND i.reporter_id = $11::text)
      OR (i.security_level_id = ANY($19::int[])
        AND i.assignee_id = $11::text)), false)
  ORDER BY i.created DESC, i.id DESC
  LIMIT $20::int OFFSET $21::int;
-- $1 = ["(?:^|[\\u0000-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007F])firefox(?:[\\u0000-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007F]|$)"]
-- $2 = ["admins","developers"]
-- $3 = [2]
-- $4 = [10]
-- $5 = ["admins","developers"]
-- $6 = [2]
-- $7 = [10]
-- $8 = ["admins","developers"]
-- $9 = [2]
-- $10 = [10]
-- $11 = "alice"
-- $12 = [1,2]
-- $13 = [3]
-- $14 = []
-- $15 = [1]
-- $16 = []
-- $17 = []
-- $18 = []
-- $19 = []
-- $20 = 50
-- $21 = 0

-- direct: text ~ "login button"
SELECT i.id::text AS id, i.key, count(*) OVER ()::int AS total FROM issues i
  WHERE (i.summary ~* ALL($1::text[])
    OR coalesce(i.description, '') ~* ALL($1::text[])
    OR coalesce(i.environment, '') ~* ALL($1::text[])
    OR EXISTS (SELECT 1 FROM custom_field_values ct
      WHERE ct.issue_id = i.id
      AND ct.field_type = 'text'
      AND ct.text_value ~* ALL($1::text[]))
    OR EXISTS (SELECT 1 FROM comments c
      WHERE c.issue_id = i.id
      AND ((c.visibility_group IS NULL
          AND c.visibility_role_id IS NULL)
        OR c.visibility_group = ANY($2::text[])
        OR EXISTS (SELECT 1 FROM unnest($3::int[], $4::int[]) AS rh(project_id, role_id)
          WHERE rh.project_id = i.project_id
          AND rh.role_id = c.visibility_role_id))
      AND c.body ~* ALL($1::text[])))
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
-- $1 = ["(?:^|[\\u0000-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007F])login(?:[\\u0000-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007F]|$)","(?:^|[\\u0000-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007F])button(?:[\\u0000-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007F]|$)"]
-- $2 = ["admins","developers"]
-- $3 = [2]
-- $4 = [10]
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

-- direct: status CHANGED BY currentUser() AFTER -30d
SELECT i.id::text AS id, i.key, count(*) OVER ()::int AS total FROM issues i
  WHERE EXISTS (SELECT 1 FROM issue_changes ch
    WHERE ch.issue_id = i.id
    AND ch.field = 'status'
    AND ch.at > $1::timestamptz
    AND ch.author_id = ANY($2::text[]))
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
-- $1 = "2024-05-16T12:00:00.000Z"
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
-- $12 = 50
-- $13 = 0
