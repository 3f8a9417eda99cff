-- Secondary indexes for the query shapes queues, boards and the JQL compiler use. All of
-- them can be rebuilt after a bulk load (db/bulk-indexes.ts drops and recreates the
-- non-constraint indexes of the issue tables around a seed).

-- Queues and boards are project-constrained: project + one more equality column, then
-- a sort. The unresolved partial index serves the most common queue shape
-- (`project = P AND status IN (...) AND resolution IS EMPTY ORDER BY ...`) from a tenth
-- of the rows.
CREATE INDEX issues_project_status ON issues (project_id, status_id);
CREATE INDEX issues_project_unresolved ON issues (project_id, status_id) WHERE resolution_id IS NULL;
CREATE INDEX issues_project_resolution ON issues (project_id, resolution_id);
CREATE INDEX issues_project_type ON issues (project_id, issue_type_id);
CREATE INDEX issues_project_assignee ON issues (project_id, assignee_id);
CREATE INDEX issues_project_created ON issues (project_id, created);
CREATE INDEX issues_project_updated ON issues (project_id, updated);

-- Cross-project shapes: "assigned to me", "reported by me", "recently created/updated".
CREATE INDEX issues_assignee_status ON issues (assignee_id, status_id);
CREATE INDEX issues_reporter ON issues (reporter_id);
CREATE INDEX issues_status ON issues (status_id);
CREATE INDEX issues_created ON issues (created);
CREATE INDEX issues_updated ON issues (updated);
CREATE INDEX issues_resolved ON issues (resolved) WHERE resolved IS NOT NULL;
CREATE INDEX issues_due ON issues (due) WHERE due IS NOT NULL;
CREATE INDEX issues_parent ON issues (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX issues_security_level ON issues (security_level_id) WHERE security_level_id IS NOT NULL;
CREATE INDEX issues_labels ON issues USING gin (labels);

-- Link tables by value: `component = 5`, `fixVersion = 7`, `sprint in openSprints()`,
-- `watcher = currentUser()` start from the value and collect issue ids.
CREATE INDEX issue_components_value ON issue_components (component_id, issue_id);
CREATE INDEX issue_fix_versions_value ON issue_fix_versions (version_id, issue_id);
CREATE INDEX issue_affected_versions_value ON issue_affected_versions (version_id, issue_id);
CREATE INDEX issue_sprints_value ON issue_sprints (sprint_id, issue_id);
CREATE INDEX issue_watchers_value ON issue_watchers (user_id, issue_id);
CREATE INDEX issue_voters_value ON issue_voters (user_id, issue_id);

-- Custom field lookups by (field, value), one partial index per storage column; the
-- option ids of multiselects are globally unique, so their GIN index needs no field.
CREATE INDEX custom_field_values_field ON custom_field_values (field_id, issue_id);
CREATE INDEX custom_field_values_option ON custom_field_values (field_id, option_id) WHERE option_id IS NOT NULL;
CREATE INDEX custom_field_values_options ON custom_field_values USING gin (option_ids) WHERE option_ids IS NOT NULL;
CREATE INDEX custom_field_values_number ON custom_field_values (field_id, number_value) WHERE number_value IS NOT NULL;
CREATE INDEX custom_field_values_date ON custom_field_values (field_id, date_value) WHERE date_value IS NOT NULL;
CREATE INDEX custom_field_values_datetime ON custom_field_values (field_id, datetime_value) WHERE datetime_value IS NOT NULL;
CREATE INDEX custom_field_values_user ON custom_field_values (field_id, user_id) WHERE user_id IS NOT NULL;
CREATE INDEX custom_field_values_labels ON custom_field_values USING gin (labels) WHERE labels IS NOT NULL;

-- Comments of an issue (Stage 2 comment clauses run per candidate issue).
CREATE INDEX comments_issue ON comments (issue_id, created);

-- History: the timeline of one issue's field (WAS, CHANGED per candidate) and, for
-- Stage 1 `status WAS X` / `CHANGED FROM X TO Y` over all issues, by field and value.
CREATE INDEX issue_changes_issue_field ON issue_changes (issue_id, field, at);
CREATE INDEX issue_changes_field_to ON issue_changes (field, to_value);
CREATE INDEX issue_changes_field_from ON issue_changes (field, from_value);
