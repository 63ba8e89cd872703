-- The run's table of lines is checked as it is written and no longer read again in the run's transaction (issue 14,
-- docs/performance.md "Period workflow").
--
-- V38's run_lines_close read the whole table twice after the COPY: once to count its lines and to find the filings
-- they name (every one had to be of the run's tenant), and once to ANALYZE it, because the refs' totals were then
-- summed from the attached lines. Now:
-- - run_lines_open gives the run's table a check that each line names one of the period's accepted filings of the
--   tenant (stricter than before, and checked per line by the COPY itself);
-- - the app counts what its COPY wrote, and run_lines_close returns the count the index builds made, to compare;
-- - the refs' totals are added up by the app as it merges the lines into order of ref (RunLineMerge), and nothing else
--   in the run's transaction reads the lines, so the analysis is left to autovacuum, which comes by once the rows
--   are committed; the index builds set the table's size for the planner meanwhile;
-- - the lines now come in order of ref, no longer grouped by filing and category, so the index by (run, filing,
--   category) was sorted from scratch: 1.4 to 1.7 s per 1,000,000 lines against 0.8 s for an index by filing alone
--   (few distinct keys, deduplicated). Its readers (a line's trail: one category of one filing; a restatement: one
--   filing) name the run, which prunes to the run's own table, and the filing; the trail filters its category from
--   the filing's lines. Existing runs' tables get the new index when this migration runs (one build per table).
CREATE OR REPLACE FUNCTION run_lines_open(p_run bigint) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS
$$
DECLARE
    tenant text := app_tenant();
    period bigint;
    part text;
    filings bigint[];
BEGIN
    SELECT r.period_id INTO period FROM distribution_run r
     WHERE r.id = p_run AND r.tenant_id = tenant AND r.status = 'CURRENT' AND r.distributed_at IS NULL;
    IF period IS NULL THEN
        RAISE EXCEPTION 'run % is not a run being calculated in tenant %', p_run, tenant USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF to_regclass(format('public.%I', format('run_line_p%s_r%s', period, p_run))) IS NOT NULL THEN
        RAISE EXCEPTION 'the lines of run % are written already', p_run USING ERRCODE = 'unique_violation';
    END IF;
    part := run_line_table_made(tenant, period, p_run);
    -- Every line names one of the period's accepted filings of this tenant, checked as each line is written.
    SELECT coalesce(array_agg(f.id ORDER BY f.id), '{}') INTO filings FROM filing f
     WHERE f.tenant_id = tenant AND f.period_id = period AND f.status = 'ACCEPTED';
    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT run_line_filings CHECK (filing_id = ANY (%L::bigint[]))', part, filings);
    EXECUTE format('GRANT INSERT ON %I TO ${appRole}', part);
    RETURN part;
END $$;

CREATE OR REPLACE FUNCTION run_lines_close(p_run bigint) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET maintenance_work_mem = '128MB' AS
$$
DECLARE
    tenant text := app_tenant();
    period bigint;
    part text;
BEGIN
    SELECT r.period_id INTO period FROM distribution_run r WHERE r.id = p_run AND r.tenant_id = tenant AND r.status = 'CURRENT';
    part := format('run_line_p%s_r%s', period, p_run);
    IF period IS NULL OR to_regclass(format('public.%I', part)) IS NULL
       OR EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = to_regclass(format('public.%I', part))) THEN
        RAISE EXCEPTION 'run % has no open table of lines in tenant %', p_run, tenant;
    END IF;
    EXECUTE format('REVOKE ALL ON %I FROM ${appRole}', part);
    PERFORM run_line_table_attached(period, p_run);
    -- The lines the index builds counted: a table new in this transaction has no dead rows, so this is exact.
    RETURN (SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(format('public.%I', part)));
END $$;

-- ------------------------------------------------------------------ the index by filing
DROP INDEX run_line_filing_category_idx;
CREATE INDEX run_line_filing_idx ON run_line (filing_id);

CREATE OR REPLACE FUNCTION run_line_table_attached(p_period bigint, p_run bigint) RETURNS void
    LANGUAGE plpgsql SET search_path = public, pg_temp AS
$$
DECLARE
    part text := format('run_line_p%s_r%s', p_period, p_run);
BEGIN
    EXECUTE format('ALTER TABLE %I ADD PRIMARY KEY (id, period_id, run_id)', part);
    EXECUTE format('CREATE INDEX ON %I (filing_id)', part);
    EXECUTE format('CREATE INDEX ON %I (run_id, member_ref) WHERE matched', part);
    EXECUTE format('CREATE INDEX ON %I (run_id) WHERE NOT matched', part);
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', part);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', part);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant())', part);
    EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES IN (%s)', 'run_line_p' || p_period, part, p_run);
END $$;
