-- Pre-computed reports (docs/reports.md): the durable tier of the report framework.
-- Intermediate per-job state lives in Redis; only Finalise writes here, in one transaction.
--
-- Choices:
-- * Polymorphic: every tool writes the same three tables. A report is a set of
--   (entity type, entity id, metric) → value rows, so a new tool or entity type needs no
--   migration (no table per entity type).
-- * `tenant` is kept in every key even though a tenant has its own database: a row is
--   self-describing when exported, and a shared-schema deployment needs no change.
-- * `report_heads` is the fence: one row per (tenant, tool, scope) naming the run whose
--   rows are stored. Finalise locks it, so a duplicate or older run never replaces the
--   rows of a newer one (run ids grow with request order).
-- * Values are float8: counts and epoch-millisecond instants are exact below 2^53.

CREATE TABLE report_runs (
  id bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
  tenant text NOT NULL,
  tool text NOT NULL,
  -- Canonical scope text: project:FOO, jql:<normalized JQL> or tenant.
  scope text NOT NULL,
  -- The projects the scope is limited to (NULL: any project): whose change events count.
  scope_projects integer[],
  params jsonb NOT NULL DEFAULT '{}',
  trigger text NOT NULL CHECK (trigger IN ('adhoc', 'scheduled')),
  state text NOT NULL DEFAULT 'queued'
    CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'expired', 'superseded')),
  -- The run's "now": windows such as "the last 90 days" end here.
  as_of timestamptz NOT NULL,
  max_runtime_ms integer NOT NULL CHECK (max_runtime_ms > 0),
  requested_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  -- Set by Initialise (started_at + max_runtime_ms); past it the run is stopped.
  deadline_at timestamptz,
  finished_at timestamptz,
  -- The keyset plan fixed by Initialise: batch i covers bounds[i] <= id < bounds[i+1]
  -- (1-based in SQL); a retried Initialise reuses it, so batches never overlap.
  batch_bounds bigint[],
  batches_total integer,
  batches_done integer NOT NULL DEFAULT 0,
  issues_total bigint,
  issues_scanned bigint NOT NULL DEFAULT 0,
  -- {count, retries, totalMs, p50Ms, p95Ms, maxMs} of the batches, written by Finalise.
  batch_stats jsonb,
  -- Activity counters when the run was requested (reads of the report, changes in scope):
  -- what the scheduler compares against to tell how much happened since.
  reads_mark bigint NOT NULL DEFAULT 0,
  changes_mark bigint NOT NULL DEFAULT 0,
  error text
);
-- Latest runs of one report; active runs (coalescing requests, the scheduler's budget).
CREATE INDEX report_runs_scope ON report_runs (tenant, tool, scope, id DESC);
CREATE INDEX report_runs_active ON report_runs (tenant, tool, scope) WHERE state IN ('queued', 'running');

CREATE TABLE report_heads (
  tenant text NOT NULL,
  tool text NOT NULL,
  scope text NOT NULL,
  run_id bigint NOT NULL REFERENCES report_runs (id),
  computed_at timestamptz NOT NULL,
  row_count integer NOT NULL,
  PRIMARY KEY (tenant, tool, scope)
);

CREATE TABLE report_values (
  tenant text NOT NULL,
  tool text NOT NULL,
  scope text NOT NULL,
  entity_type text NOT NULL,
  entity_id text NOT NULL,
  metric text NOT NULL,
  value double precision NOT NULL,
  -- Why, in words, for rows that carry a verdict ("no issue in project FOO ...").
  note text,
  computed_at timestamptz NOT NULL,
  run_id bigint NOT NULL REFERENCES report_runs (id),
  PRIMARY KEY (tenant, tool, scope, entity_type, entity_id, metric)
);
-- "Which reports mention entity X" (remediation: before deleting a field, see its rows).
CREATE INDEX report_values_entity ON report_values (tenant, entity_type, entity_id);
