-- The distribution run is computed by the Java engine (period/RunCalculator streams the usage through
-- distribution/), no longer in SQL: the SQL copy of half_even goes, and the run keeps each ref's total, so the
-- distribution page, the largest payouts and the statements read one row per ref instead of adding up the lines.

-- ------------------------------------------------------------------ each ref's total in a run
-- One row per ref with usage in the run: the sum of its run lines (a matched ref's is its statement total, an
-- unmatched ref's is held in suspense under it). Written by the calculation, in its transaction.
CREATE TABLE run_ref (
    run_id     bigint NOT NULL,
    tenant_id  text NOT NULL,
    member_ref text NOT NULL,
    matched    boolean NOT NULL,
    total      bigint NOT NULL CHECK (total >= 0),
    PRIMARY KEY (run_id, member_ref)
);
ALTER TABLE run_ref ENABLE ROW LEVEL SECURITY;
ALTER TABLE run_ref FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON run_ref USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

-- The run is checked once per statement over the inserted rows, as for run_line (V3): a foreign key's check per
-- row would cost more than the insert.
CREATE FUNCTION run_ref_references() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN
    IF EXISTS (SELECT 1 FROM (SELECT DISTINCT tenant_id, run_id FROM new_rows) n WHERE NOT EXISTS
                   (SELECT 1 FROM distribution_run r WHERE r.id = n.run_id AND r.tenant_id = n.tenant_id)) THEN
        RAISE EXCEPTION 'run_ref names a run that does not exist in its tenant' USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER run_ref_references AFTER INSERT ON run_ref
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION run_ref_references();
-- As a run's lines: never changed, deleted only with a discarded run's lines (V3's functions).
CREATE TRIGGER run_ref_immutable BEFORE UPDATE ON run_ref
    FOR EACH ROW EXECUTE FUNCTION published_immutable();
CREATE TRIGGER run_ref_deletable AFTER DELETE ON run_ref
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION run_lines_deletable();

GRANT SELECT, INSERT, DELETE ON run_ref TO ${appRole};

-- Runs calculated before this version: their refs' totals from their lines (a sum of stored amounts), inside each
-- tenant (row-level security holds the owner too).
DO $$
DECLARE t text;
BEGIN
    FOR t IN SELECT id FROM tenant LOOP
        PERFORM set_config('app.tenant_id', t, true);
        INSERT INTO run_ref (run_id, tenant_id, member_ref, matched, total)
        SELECT l.run_id, l.tenant_id, l.member_ref, l.matched, sum(l.amount)
          FROM run_line l JOIN distribution_run r ON r.tenant_id = l.tenant_id AND r.id = l.run_id
         WHERE l.tenant_id = t AND r.status <> 'DISCARDED' AND l.member_ref IS NOT NULL
         GROUP BY l.run_id, l.tenant_id, l.member_ref, l.matched;
    END LOOP;
    PERFORM set_config('app.tenant_id', '', true);
END $$;

-- ------------------------------------------------------------------ references checked once per statement
-- A run's lines name one run and a handful of filings: one pass over the inserted rows finds them all, where V3's
-- check passed over them twice (a million rows each time).
CREATE OR REPLACE FUNCTION run_line_references() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN
    IF EXISTS (SELECT 1 FROM (SELECT DISTINCT tenant_id, run_id, filing_id FROM new_rows) n
                WHERE NOT EXISTS (SELECT 1 FROM distribution_run r WHERE r.id = n.run_id AND r.tenant_id = n.tenant_id)
                   OR NOT EXISTS (SELECT 1 FROM filing f WHERE f.id = n.filing_id AND f.tenant_id = n.tenant_id)) THEN
        RAISE EXCEPTION 'run_line names a run or filing that does not exist in its tenant' USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;

-- A distribution publishes a statement per member at once (95,000 in bench/workflow.sh): three foreign keys checked
-- per row were 60% of that insert. The same references are checked once per statement, as for the lines (V3); periods
-- and runs are never deleted (V3, V11), so they cannot dangle later. (The period's own foreign key names the tenant.)
ALTER TABLE statement DROP CONSTRAINT statement_tenant_id_fkey,
                      DROP CONSTRAINT statement_tenant_id_period_id_fkey,
                      DROP CONSTRAINT statement_tenant_id_run_id_fkey;
CREATE FUNCTION statement_references() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN
    IF EXISTS (SELECT 1 FROM (SELECT DISTINCT tenant_id, period_id, run_id FROM new_rows) n
                WHERE NOT EXISTS (SELECT 1 FROM period p WHERE p.id = n.period_id AND p.tenant_id = n.tenant_id)
                   OR NOT EXISTS (SELECT 1 FROM distribution_run r WHERE r.id = n.run_id AND r.tenant_id = n.tenant_id)) THEN
        RAISE EXCEPTION 'statement names a period or run that does not exist in its tenant' USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER statement_references AFTER INSERT ON statement
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION statement_references();

-- ------------------------------------------------------------------ fewer indexes to write per run line
-- (run_id) is the first column of run_line_filing_category_idx (V4), which serves every read by run as well.
DROP INDEX run_line_run_idx;

-- ------------------------------------------------------------------ no economics in SQL
-- half_even was the run's fee rounding in SQL (V3); nothing uses it any more (no view, check, trigger or default).
DROP FUNCTION half_even(numeric);
