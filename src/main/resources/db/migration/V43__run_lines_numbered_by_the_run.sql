-- A run's lines cost fewer index builds (docs/performance.md, "ninth session"):
-- - their ids come from the run: it reserves a block of the sequence at once (run_line_ids) and numbers its lines in
--   the order it writes them, instead of COPY calling nextval for each of a million lines; the ids stay unique
--   across runs because every allocation, the column's default included, takes the same lock;
-- - the id is found through a BRIN index (the lines of a run are written in the order of their ids, so each range of
--   pages holds a narrow range of ids): one pass over the table to build, against a sort for the primary key
--   (id, period_id, run_id), which only served to find a disputed line by its id;
-- - no index by filing: its readers were a line's trail, which now reads what the engine stored in run_category (the
--   category's refs and the units left after rounding down, below), and a restatement, which reads one filing's
--   lines of the run's own table once.
-- - run_category.leftover: the minor units of a category's net left after every ref's share was rounded down (they
--   went one each to the largest remainders), as the engine's allocation counted them. The trail used to work it out
--   again in SQL over the category's lines; runs calculated before this migration get it from their lines once, here,
--   by the formula the trail used; a run whose lines are archived keeps it empty (its trail is not shown).

-- ------------------------------------------------------------------ ids in blocks
CREATE FUNCTION run_line_ids(p_count bigint) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS
$$
DECLARE
    first bigint;
BEGIN
    IF p_count IS NULL OR p_count < 1 THEN
        RAISE EXCEPTION 'run_line_ids: a block of at least one id, not %', p_count USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- nextval then setval is two steps: another allocation between them would take an id of this block. Every
    -- allocation goes through here (the column's default too) and takes this lock for the two steps only; a lock of
    -- the transaction would hold a run's block allocation until its commit and queue every other tenant's run.
    PERFORM pg_advisory_lock(hashtext('run_line_ids'));
    BEGIN
        first := nextval('run_line_id_seq');
        IF p_count > 1 THEN
            PERFORM setval('run_line_id_seq', first + p_count - 1);
        END IF;
    EXCEPTION WHEN OTHERS THEN
        PERFORM pg_advisory_unlock(hashtext('run_line_ids'));
        RAISE;
    END;
    PERFORM pg_advisory_unlock(hashtext('run_line_ids'));
    RETURN first;
END $$;
REVOKE ALL ON FUNCTION run_line_ids(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION run_line_ids(bigint) TO ${appRole};

ALTER TABLE run_line ALTER COLUMN id SET DEFAULT run_line_ids(1);
DO $$
DECLARE
    rel regclass;
BEGIN
    FOR rel IN SELECT relid FROM pg_partition_tree('run_line') WHERE relid <> 'run_line'::regclass LOOP
        EXECUTE format('ALTER TABLE %s ALTER COLUMN id SET DEFAULT run_line_ids(1)', rel);
    END LOOP;
END $$;

-- ------------------------------------------------------------------ the indexes
ALTER TABLE run_line DROP CONSTRAINT run_line_pkey;
DROP INDEX run_line_filing_idx;
CREATE INDEX run_line_id_idx ON run_line USING brin (id);

CREATE OR REPLACE FUNCTION run_line_table_attached(p_period bigint, p_run bigint) RETURNS void
    LANGUAGE plpgsql SET search_path = public, pg_temp AS
$$
DECLARE
    part text := format('run_line_p%s_r%s', p_period, p_run);
BEGIN
    EXECUTE format('CREATE INDEX ON %I USING brin (id)', part);
    EXECUTE format('CREATE INDEX ON %I (run_id, member_ref) WHERE matched', part);
    EXECUTE format('CREATE INDEX ON %I (run_id) WHERE NOT matched', part);
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', part);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', part);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant())', part);
    EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES IN (%s)', 'run_line_p' || p_period, part, p_run);
END $$;
REVOKE ALL ON FUNCTION run_line_table_attached(bigint, bigint) FROM PUBLIC;

-- ------------------------------------------------------------------ the rounding, from the engine
ALTER TABLE run_category ADD COLUMN leftover bigint CHECK (leftover >= 0 AND leftover <= net);
-- a published run's categories are not changed by anyone but this migration, which adds what they always meant
ALTER TABLE run_category DISABLE TRIGGER run_category_immutable;
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT DISTINCT tenant_id FROM run_category LOOP
        PERFORM set_config('app.tenant_id', t.tenant_id, true);
        UPDATE run_category c SET leftover = c.net - CASE
                   WHEN c.rule = 'EQUAL_SHARES' THEN s.refs * (c.net / s.refs)
                   ELSE s.floors END
          FROM (SELECT l.run_id, l.filing_id, l.category_key, count(*) AS refs,
                       sum(div(rc.net::numeric * l.units, nullif(l.category_units, 0))) AS floors
                  FROM run_line l
                  JOIN run_category rc ON rc.tenant_id = l.tenant_id AND rc.run_id = l.run_id
                                      AND rc.filing_id = l.filing_id AND rc.category_key = l.category_key
                 WHERE l.tenant_id = t.tenant_id AND l.member_ref IS NOT NULL
                 GROUP BY l.run_id, l.filing_id, l.category_key) s
         WHERE c.tenant_id = t.tenant_id AND c.run_id = s.run_id AND c.filing_id = s.filing_id
           AND c.category_key = s.category_key;
        -- a category without usage: nothing was rounded (its whole net went to suspense)
        UPDATE run_category c SET leftover = 0
         WHERE c.tenant_id = t.tenant_id AND c.leftover IS NULL AND c.refs = 0;
    END LOOP;
    PERFORM set_config('app.tenant_id', '', true);
END $$;
ALTER TABLE run_category ENABLE TRIGGER run_category_immutable;
