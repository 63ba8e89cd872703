-- A run's lines are no longer analysed in the run's transaction (issue 14, docs/performance.md "Period workflow").
--
-- V38's run_lines_close ended with ANALYZE of the run's table, because the refs' totals were then summed from the
-- attached lines in the same transaction, and a table never analysed is planned as a few thousand rows. The run now
-- adds up each ref's total as it merges its lines into order of ref (RunLineMerge), and nothing else in the run's
-- transaction reads the lines, so the analysis (about 0.2 s per 1,000,000 lines) is left to autovacuum, which comes by
-- once the inserted rows are committed. The index builds set the table's size for the planner meanwhile.
CREATE OR REPLACE FUNCTION run_lines_close(p_run bigint) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET maintenance_work_mem = '128MB' AS
$$
DECLARE
    tenant text := app_tenant();
    period bigint;
    part text;
    lines bigint;
    foreign_filing boolean;
BEGIN
    SELECT r.period_id INTO period FROM distribution_run r WHERE r.id = p_run AND r.tenant_id = tenant AND r.status = 'CURRENT';
    part := format('run_line_p%s_r%s', period, p_run);
    IF period IS NULL OR to_regclass(format('public.%I', part)) IS NULL
       OR EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = to_regclass(format('public.%I', part))) THEN
        RAISE EXCEPTION 'run % has no open table of lines in tenant %', p_run, tenant;
    END IF;
    EXECUTE format('REVOKE ALL ON %I FROM ${appRole}', part);
    EXECUTE format('SELECT count(*), EXISTS (SELECT 1 FROM (SELECT DISTINCT filing_id FROM %I) n WHERE NOT EXISTS '
                   '(SELECT 1 FROM filing f WHERE f.id = n.filing_id AND f.tenant_id = %L)) FROM %I', part, tenant, part)
        INTO lines, foreign_filing;
    IF foreign_filing THEN
        RAISE EXCEPTION 'run_line names a run or filing that does not exist in its tenant and period' USING ERRCODE = 'foreign_key_violation';
    END IF;
    PERFORM run_line_table_attached(period, p_run);
    RETURN lines;
END $$;
