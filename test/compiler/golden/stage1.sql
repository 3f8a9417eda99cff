-- stage 1: project = PUB
SELECT i.id::text AS id FROM issues i
  WHERE i.project_id = ANY($1::int[]);
-- $1 = [1]

-- stage 1: project in (PUB, SEC) AND status != Done
SELECT i.id::text AS id FROM issues i
  WHERE (i.project_id = ANY($1::int[])
    AND NOT (i.status_id = ANY($2::int[])));
-- $1 = [1,2]
-- $2 = [3]

-- stage 1: issuetype in standardIssueTypes() AND statusCategory = done
SELECT i.id::text AS id FROM issues i
  WHERE (i.issue_type_id = ANY($1::int[])
    AND i.status_id = ANY($2::int[]));
-- $1 = [1,2,4]
-- $2 = [3]

-- stage 1: priority > Medium OR priority IS EMPTY
SELECT i.id::text AS id FROM issues i
  WHERE (i.priority_id = ANY($1::int[])
    OR i.priority_id IS NULL);
-- $1 = [1,2]

-- stage 1: resolution = Unresolved AND assignee IS NOT EMPTY
SELECT i.id::text AS id FROM issues i
  WHERE (i.assignee_id IS NOT NULL
    AND i.resolution_id IS NULL);

-- stage 1: resolution in (Fixed, Unresolved)
SELECT i.id::text AS id FROM issues i
  WHERE (i.resolution_id = ANY($1::int[])
    OR i.resolution_id IS NULL);
-- $1 = [1]

-- stage 1: labels in (frontend, backend) AND labels != Regression
SELECT i.id::text AS id FROM issues i
  WHERE ((cardinality(i.labels) > 0
      AND NOT (i.labels && $1::text[]))
    AND i.labels && $2::text[]);
-- $1 = ["Regression"]
-- $2 = ["backend","frontend"]

-- stage 1: component = UI
SELECT i.id::text AS id FROM issues i
  WHERE EXISTS (SELECT 1 FROM issue_components lc
    WHERE lc.issue_id = i.id
    AND lc.component_id = ANY($1::int[]));
-- $1 = [1,3]

-- stage 1: fixVersion <= 2.0 AND affectedVersion IS EMPTY
SELECT i.id::text AS id FROM issues i
  WHERE (NOT EXISTS (SELECT 1 FROM issue_affected_versions la
      WHERE la.issue_id = i.id)
    AND (EXISTS (SELECT 1 FROM issue_fix_versions lf
        WHERE lf.issue_id = i.id
        AND lf.version_id = ANY($1::int[]))
      OR EXISTS (SELECT 1 FROM issue_fix_versions lf
        WHERE lf.issue_id = i.id
        AND lf.version_id = ANY($2::int[]))));
-- $1 = [1,2,4]
-- $2 = [5,6]

-- stage 1: sprint IS NOT EMPTY
SELECT i.id::text AS id FROM issues i
  WHERE EXISTS (SELECT 1 FROM issue_sprints ls
    WHERE ls.issue_id = i.id);

-- stage 1: issuekey in (PUB-1, 5) OR key < SEC-2
SELECT i.id::text AS id FROM issues i
  WHERE ((EXISTS (SELECT 1 FROM unnest($1::int[], $2::float8[]) AS ko(project_id, number)
        WHERE ko.project_id = i.project_id
        AND i.number < ko.number)
      OR EXISTS (SELECT 1 FROM issues io
        WHERE (io.id = ANY($3::bigint[]))
        AND io.project_id = i.project_id
        AND i.number < io.number))
    OR (i.id = ANY($4::bigint[])
      OR i.key = ANY($5::text[])));
-- $1 = [2]
-- $2 = [2]
-- $3 = []
-- $4 = [5]
-- $5 = ["PUB-1"]

-- stage 1: parent = PUB-1
SELECT i.id::text AS id FROM issues i
  WHERE (i.parent_id = ANY($1::bigint[])
    OR i.parent_id IN (SELECT ip.id FROM issues ip
      WHERE ip.key = ANY($2::text[])));
-- $1 = []
-- $2 = ["PUB-1"]

-- stage 1: reporter in (alice, "bob@example.com")
SELECT i.id::text AS id FROM issues i
  WHERE i.reporter_id = ANY($1::text[]);
-- $1 = ["alice","bob"]

-- stage 1: watcher = carol AND voter IS EMPTY
SELECT i.id::text AS id FROM issues i
  WHERE (NOT EXISTS (SELECT 1 FROM issue_voters lu
      WHERE lu.issue_id = i.id)
    AND EXISTS (SELECT 1 FROM issue_watchers lu
      WHERE lu.issue_id = i.id
      AND lu.user_id = ANY($1::text[])));
-- $1 = ["carol"]

-- stage 1: watchers > 1 AND votes <= 5
SELECT i.id::text AS id FROM issues i
  WHERE (i.votes <= $1::float8
    AND (SELECT count(*) FROM issue_watchers wc
      WHERE wc.issue_id = i.id) > $2::float8);
-- $1 = 5
-- $2 = 1

-- stage 1: created >= 2024-06-01 AND updated < "2024/06/10 12:00"
SELECT i.id::text AS id FROM issues i
  WHERE (i.created >= $1::timestamptz
    AND i.updated < $2::timestamptz);
-- $1 = "2024-05-31T22:00:00.000Z"
-- $2 = "2024-06-10T10:00:00.000Z"

-- stage 1: resolved IS EMPTY
SELECT i.id::text AS id FROM issues i
  WHERE i.resolved IS NULL;

-- stage 1: due = 2024-06-15
SELECT i.id::text AS id FROM issues i
  WHERE i.due = ANY($1::date[]);
-- $1 = ["2024-06-15"]

-- stage 1: due < "2024-06-15 10:00"
SELECT i.id::text AS id FROM issues i
  WHERE i.due < $1::date;
-- $1 = "2024-06-16"

-- stage 1: originalEstimate >= "1w 2d" AND timeSpent < 90
SELECT i.id::text AS id FROM issues i
  WHERE (i.original_estimate >= $1::float8
    AND i.time_spent < $2::float8);
-- $1 = 201600
-- $2 = 5400

-- stage 1: workRatio > 50
SELECT i.id::text AS id FROM issues i
  WHERE (CASE WHEN i.original_estimate > 0 THEN coalesce(i.time_spent, 0)::bigint * 100 / i.original_estimate END) > $1::float8;
-- $1 = 50

-- stage 1: attachments IS NOT EMPTY
SELECT i.id::text AS id FROM issues i
  WHERE i.attachment_count > 0;

-- stage 1: summary ~ 'login*' AND description !~ "quick win"
SELECT i.id::text AS id FROM issues i
  WHERE ((coalesce(i.description, '') <> ''
      AND NOT (coalesce(i.description, '') ~* ALL($1::text[])))
    AND (i.summary ~* $3::text
      AND i.summary ~* ALL($2::text[])));
-- $1 = ["(?:^|[\\u0000-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007F])quick(?:[\\u0000-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007F]|$)","(?:^|[\\u0000-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007F])win(?:[\\u0000-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007F]|$)"]
-- $2 = ["(?:^|[\\u0000-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007F])login"]
-- $3 = "(?:^|[\\u0000-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007F])login"

-- stage 1: environment IS EMPTY
SELECT i.id::text AS id FROM issues i
  WHERE NOT (coalesce(i.environment, '') <> '');

-- stage 1: category = Products AND projectType != business
SELECT i.id::text AS id FROM issues i
  WHERE (i.project_id = ANY($1::int[])
    AND (i.project_id = ANY($3::int[])
      AND NOT (i.project_id = ANY($2::int[]))));
-- $1 = [1,2]
-- $2 = [2]
-- $3 = [1,2,3]

-- stage 1: level IS EMPTY
SELECT i.id::text AS id FROM issues i
  WHERE i.security_level_id IS NULL;

-- stage 1: Severity = Critical AND Platforms in (Linux, Mac)
SELECT i.id::text AS id FROM issues i
  WHERE (EXISTS (SELECT 1 FROM custom_field_values cv
      WHERE cv.issue_id = i.id
      AND cv.field_id = 100
      AND cv.option_id = ANY($1::int[]))
    AND EXISTS (SELECT 1 FROM custom_field_values cv
      WHERE cv.issue_id = i.id
      AND cv.field_id = 101
      AND cv.option_ids && $2::int[]));
-- $1 = [1001]
-- $2 = [1011,1012]

-- stage 1: "Story Points" >= 3 AND "Release Date" < 2024-07-01
SELECT i.id::text AS id FROM issues i
  WHERE (EXISTS (SELECT 1 FROM custom_field_values cv
      WHERE cv.issue_id = i.id
      AND cv.field_id = 102
      AND cv.number_value >= $1::float8)
    AND EXISTS (SELECT 1 FROM custom_field_values cv
      WHERE cv.issue_id = i.id
      AND cv.field_id = 103
      AND cv.date_value < $2::date));
-- $1 = 3
-- $2 = "2024-07-01"

-- stage 1: "Deployed At" > 2024-06-10 AND Reviewer = carol
SELECT i.id::text AS id FROM issues i
  WHERE (EXISTS (SELECT 1 FROM custom_field_values cv
      WHERE cv.issue_id = i.id
      AND cv.field_id = 104
      AND cv.datetime_value > $1::timestamptz)
    AND EXISTS (SELECT 1 FROM custom_field_values cv
      WHERE cv.issue_id = i.id
      AND cv.field_id = 105
      AND cv.user_id = ANY($2::text[])));
-- $1 = "2024-06-09T22:00:00.000Z"
-- $2 = ["carol"]

-- stage 1: Notes ~ qa AND Tags = ux
SELECT i.id::text AS id FROM issues i
  WHERE (EXISTS (SELECT 1 FROM custom_field_values cv
      WHERE cv.issue_id = i.id
      AND cv.field_id = 106
      AND cv.text_value ~* ALL($1::text[]))
    AND EXISTS (SELECT 1 FROM custom_field_values cv
      WHERE cv.issue_id = i.id
      AND cv.field_id = 107
      AND cv.labels && $2::text[]));
-- $1 = ["(?:^|[\\u0000-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007F])qa(?:[\\u0000-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007F]|$)"]
-- $2 = ["ux"]

-- stage 1: "Team[Select List (single choice)]" = Red OR Team IS EMPTY
SELECT i.id::text AS id FROM issues i
  WHERE ((EXISTS (SELECT 1 FROM custom_field_values cv
        WHERE cv.issue_id = i.id
        AND cv.field_id = 108
        AND cv.option_id = ANY($1::int[]))
      OR NOT EXISTS (SELECT 1 FROM custom_field_values cv
        WHERE cv.issue_id = i.id
        AND cv.field_id = 108))
    OR NOT EXISTS (SELECT 1 FROM custom_field_values cv
      WHERE cv.issue_id = i.id
      AND cv.field_id = 109));
-- $1 = [1081]
