-- Text search support (docs/jql-semantics.md section 5: case-insensitive whole-word
-- regex matching). A pg_trgm GIN index lets Postgres answer `summary ~* pattern` from the
-- index instead of scanning every summary. Only the summary is indexed: it is short, so
-- the index is cheap to build and keep; description and comment bodies are large and are
-- searched in Stage 2 over candidate ids. pg_trgm ships with Postgres (contrib) and is a
-- trusted extension since 13, so the database owner may create it; where it is not
-- installed the migration still succeeds and searches fall back to scanning.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    EXECUTE 'CREATE INDEX issues_summary_trgm ON issues USING gin (summary gin_trgm_ops)';
  END IF;
END
$$;
