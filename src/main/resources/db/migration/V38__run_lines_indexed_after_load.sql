-- A run's lines are loaded into a table of their own with no index, and indexed and attached after (issue 14,
-- docs/performance.md "Period workflow").
--
-- Writing 1,000,000 lines into run_line's partition of the period cost about 7 s of processor time, most of it keeping
-- four indexes up to date line by line (the statements' index was written in ten passes over the refs, each splitting
-- the pages the one before filled). An index built once over a loaded table is one sort and one sequential write.
-- So each period's partition of run_line (V30) is itself LIST-partitioned by run: the run writer (RunCalculator) asks
-- run_lines_open for a new, unindexed table of its run, COPYs the lines straight into it (FREEZE: the table is new in
-- the transaction), and run_lines_close checks the lines' references, builds the indexes and attaches the table
-- to its period's partition; ATTACH adopts the indexes and takes SHARE UPDATE EXCLUSIVE on that partition, so reads go
-- on. All in the run's transaction: a failure anywhere leaves no table behind.
--
-- The application role gets no DDL right: the two functions run as the owner, and the role may insert into its
-- run's table only between the two calls (run_lines_close revokes it; the table is invisible to other sessions until
-- the transaction commits). Lines written through run_line itself (fixtures, bench seeds, the migrations) find their
-- run's table made by run_line_runs, a statement trigger, as V30's period trigger makes the periods'.

-- ------------------------------------------------------------------ a run's table, made and attached (as the owner)
-- The table of run p_run's lines in period p_period, unattached, with no index: its tenant, run and period are
-- defaults and checks, so that COPY names only the line's own columns and no line can claim another run.
CREATE FUNCTION run_line_table_made(p_tenant text, p_period bigint, p_run bigint) RETURNS text
    LANGUAGE plpgsql SET search_path = public, pg_temp AS
$$
DECLARE
    part text := format('run_line_p%s_r%s', p_period, p_run);
BEGIN
    EXECUTE format('CREATE TABLE %I (LIKE run_line INCLUDING DEFAULTS INCLUDING CONSTRAINTS, '
                   'CHECK (tenant_id = %L), CONSTRAINT run_line_period CHECK (period_id = %s), CHECK (run_id = %s))',
                   part, p_tenant, p_period, p_run);
    EXECUTE format('ALTER TABLE %I ALTER COLUMN tenant_id SET DEFAULT %L, ALTER COLUMN period_id SET DEFAULT %s, '
                   'ALTER COLUMN run_id SET DEFAULT %s', part, p_tenant, p_period, p_run);
    EXECUTE format('REVOKE ALL ON %I FROM PUBLIC, ${appRole}', part);
    RETURN part;
END $$;
REVOKE ALL ON FUNCTION run_line_table_made(text, bigint, bigint) FROM PUBLIC;

-- Its indexes (the partitioned indexes' definitions, so that ATTACH adopts them instead of building its own), its
-- row-level security as every partition's, then attached to its period's partition.
CREATE FUNCTION run_line_table_attached(p_period bigint, p_run bigint) RETURNS void
    LANGUAGE plpgsql SET search_path = public, pg_temp AS
$$
DECLARE
    part text := format('run_line_p%s_r%s', p_period, p_run);
BEGIN
    EXECUTE format('ALTER TABLE %I ADD PRIMARY KEY (id, period_id, run_id)', part);
    EXECUTE format('CREATE INDEX ON %I (run_id, filing_id, category_key)', part);
    EXECUTE format('CREATE INDEX ON %I (run_id, member_ref) WHERE matched', part);
    EXECUTE format('CREATE INDEX ON %I (run_id) WHERE NOT matched', part);
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', part);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', part);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant())', part);
    EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES IN (%s)', 'run_line_p' || p_period, part, p_run);
END $$;
REVOKE ALL ON FUNCTION run_line_table_attached(bigint, bigint) FROM PUBLIC;

-- ------------------------------------------------------------------ for the run writer (the application role)
-- A new table for the lines of run p_run of the entered tenant, which the role may then COPY into. Refused for a
-- run of another tenant, a run not being calculated, or one whose lines exist already.
CREATE FUNCTION run_lines_open(p_run bigint) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS
$$
DECLARE
    tenant text := app_tenant();
    period bigint;
    part text;
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
    EXECUTE format('GRANT INSERT ON %I TO ${appRole}', part);
    RETURN part;
END $$;
REVOKE ALL ON FUNCTION run_lines_open(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION run_lines_open(bigint) TO ${appRole};

-- The run's table closed to the role again, its lines checked (V13's check, which ATTACH does not fire: every filing
-- is of the run's tenant; the run, tenant and period are the table's checks), indexed and attached. Returns the
-- number of lines.
CREATE FUNCTION run_lines_close(p_run bigint) RETURNS bigint
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
    -- Statistics now, not when autovacuum comes by: the rest of the run (ref totals, figures, statements) reads these
    -- lines in this transaction, and a table never analysed is planned as a few thousand rows, sorted on disk.
    EXECUTE format('ANALYZE %I', part);
    RETURN lines;
END $$;
REVOKE ALL ON FUNCTION run_lines_close(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION run_lines_close(bigint) TO ${appRole};

-- ------------------------------------------------------------------ lines written through run_line
-- Before an INSERT into run_line (fixtures, seeds, these migrations: the app writes its runs through the two functions
-- above), every run visible in the tenant without a table of its own gets one, empty and attached with its indexes:
-- a run's lines then route to it. A statement trigger: once per INSERT, not per line.
CREATE FUNCTION run_line_runs() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS
$$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT d.tenant_id, d.period_id, d.id FROM distribution_run d
              WHERE d.tenant_id = coalesce(app_tenant(), d.tenant_id)
                AND to_regclass(format('public.%I', format('run_line_p%s_r%s', d.period_id, d.id))) IS NULL
                AND EXISTS (SELECT 1 FROM pg_partitioned_table p
                             WHERE p.partrelid = to_regclass(format('public.%I', 'run_line_p' || d.period_id)))
              ORDER BY d.id LOOP
        PERFORM run_line_table_made(r.tenant_id, r.period_id, r.id);
        PERFORM run_line_table_attached(r.period_id, r.id);
    END LOOP;
    RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION run_line_runs() FROM PUBLIC;

-- ------------------------------------------------------------------ a period's partition, partitioned by run
CREATE OR REPLACE FUNCTION period_partitions(p_period bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS
$$
DECLARE
    t text;
    part text;
BEGIN
    FOREACH t IN ARRAY ARRAY['filing_usage', 'run_line'] LOOP
        part := t || '_p' || p_period;
        CONTINUE WHEN to_regclass(format('public.%I', part)) IS NOT NULL;
        -- Made on its own, then attached: ATTACH takes SHARE UPDATE EXCLUSIVE on the table (reads and writes go on),
        -- where CREATE TABLE ... PARTITION OF would take ACCESS EXCLUSIVE. The check lets ATTACH skip its scan.
        -- run_line's holds a table per run (V31), made by run_lines_open or run_line_runs; each of those repeats the
        -- period's check under the same name, as ATTACH requires of a partition.
        EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS, %s CHECK (period_id = %s)) %s',
                       part, t, CASE t WHEN 'run_line' THEN 'CONSTRAINT run_line_period' ELSE '' END, p_period,
                       CASE t WHEN 'run_line' THEN 'PARTITION BY LIST (run_id)' ELSE '' END);
        EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES IN (%s)', t, part, p_period);
        EXECUTE format('REVOKE ALL ON %I FROM PUBLIC, ${appRole}', part);
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', part);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', part);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant())', part);
    END LOOP;
END $$;

-- ------------------------------------------------------------------ the lines there are, moved
-- The key takes the run: a partitioned table's unique key holds its partition keys (the id stays unique by its
-- sequence). Each period's partition aside, the new one made, each of its runs' lines copied into a table of the run,
-- indexed after, attached; the old one dropped. Inside each tenant: row-level security holds an owner that is not a
-- superuser too.
ALTER TABLE run_line DROP CONSTRAINT run_line_pkey;
DO $$
DECLARE
    p record;
    r record;
    part text;
    moved bigint;
BEGIN
    FOR p IN SELECT c.relname AS part, i.inhrelid FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
              WHERE i.inhparent = 'run_line'::regclass LOOP
        EXECUTE format('ALTER TABLE run_line DETACH PARTITION %I', p.part);
        EXECUTE format('ALTER TABLE %I RENAME TO %I', p.part, p.part || '_v30');
    END LOOP;
END $$;
ALTER TABLE run_line ADD PRIMARY KEY (id, period_id, run_id);
CREATE TRIGGER run_line_runs BEFORE INSERT ON run_line FOR EACH STATEMENT EXECUTE FUNCTION run_line_runs();
DO $$
DECLARE
    p record;
    r record;
    moved bigint;
BEGIN
    FOR p IN SELECT t.tenant_id, t.id FROM period t ORDER BY t.id LOOP
        PERFORM set_config('app.tenant_id', p.tenant_id, true);
        CONTINUE WHEN to_regclass(format('public.%I', 'run_line_p' || p.id || '_v30')) IS NULL;  -- archived
        PERFORM period_partitions(p.id);
        FOR r IN EXECUTE format('SELECT DISTINCT run_id FROM %I ORDER BY run_id', 'run_line_p' || p.id || '_v30') LOOP
            PERFORM run_line_table_made(p.tenant_id, p.id, r.run_id);
            EXECUTE format('INSERT INTO %I SELECT * FROM %I WHERE run_id = %s ORDER BY id',
                           format('run_line_p%s_r%s', p.id, r.run_id), 'run_line_p' || p.id || '_v30', r.run_id);
            PERFORM run_line_table_attached(p.id, r.run_id);
        END LOOP;
        EXECUTE format('SELECT (SELECT count(*) FROM %I) - (SELECT count(*) FROM %I)',
                       'run_line_p' || p.id || '_v30', 'run_line_p' || p.id) INTO moved;
        IF moved <> 0 THEN
            RAISE EXCEPTION 'V31: % run lines of period % were not moved', moved, p.id;
        END IF;
        EXECUTE format('DROP TABLE %I', 'run_line_p' || p.id || '_v30');
    END LOOP;
    PERFORM set_config('app.tenant_id', '', true);
END $$;
