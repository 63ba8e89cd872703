-- The period workflow: the distribution run computed in the database, statements published once.

-- half_even(x) of economics.md on an exact numeric: PostgreSQL's round() rounds ties away from zero.
CREATE FUNCTION half_even(x numeric) RETURNS bigint LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS
$$ SELECT (CASE WHEN x - floor(x) > 0.5 THEN floor(x) + 1
                WHEN x - floor(x) < 0.5 THEN floor(x)
                ELSE floor(x) + abs(mod(floor(x), 2)) END)::bigint $$;

-- A run keeps its totals after a discard (the audit log names them); its lines go.
ALTER TABLE distribution_run
    ADD COLUMN filings        integer NOT NULL DEFAULT 0 CHECK (filings >= 0),
    ADD COLUMN lines          bigint NOT NULL DEFAULT 0 CHECK (lines >= 0),
    ADD COLUMN discarded_by   text,
    ADD COLUMN discarded_at   timestamptz,
    ADD COLUMN distributed_at timestamptz;

-- Step 3 per accepted filing and administered category, as the run computed it: the members' lines in
-- run_line split exactly this net.
CREATE TABLE run_category (
    run_id       bigint NOT NULL,
    tenant_id    text NOT NULL,
    filing_id    bigint NOT NULL,
    category_key text NOT NULL,
    rule         text NOT NULL CHECK (rule IN ('PRO_RATA_UNITS', 'EQUAL_SHARES')),
    amount       bigint NOT NULL CHECK (amount >= 0),
    fee          bigint NOT NULL CHECK (fee >= 0),
    net          bigint NOT NULL CHECK (net >= 0),
    units        bigint NOT NULL CHECK (units >= 0),
    refs         bigint NOT NULL CHECK (refs >= 0),
    CHECK (amount = fee + net),
    PRIMARY KEY (run_id, filing_id, category_key),
    FOREIGN KEY (tenant_id, run_id) REFERENCES distribution_run (tenant_id, id),
    FOREIGN KEY (tenant_id, filing_id) REFERENCES filing (tenant_id, id)
);
ALTER TABLE run_category ENABLE ROW LEVEL SECURITY;
ALTER TABLE run_category FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON run_category USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

-- A run line is addressed by (run, filing, category, ref), never by a number of its own: no sequence call and
-- no primary-key index per line, and the run's index is on the run alone.
ALTER TABLE run_line DROP COLUMN id;
DROP INDEX run_line_run_idx;
CREATE INDEX run_line_run_idx ON run_line (run_id);
-- Suspense (unmatched refs and categories without usage) is read without scanning the paid lines.
CREATE INDEX run_line_suspense_idx ON run_line (run_id) WHERE NOT matched;

-- ------------------------------------------------------------------ what members have seen stays
-- Published statements are never rewritten (a correction is an adjustment in a later period), nor is
-- the run they came from. Enforced here for every role, owner included, not only in Java.
CREATE FUNCTION published_immutable() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION '% is published and cannot be changed: % refused', TG_TABLE_NAME, TG_OP
       USING ERRCODE = 'insufficient_privilege'; END $$;
CREATE TRIGGER statement_immutable BEFORE UPDATE OR DELETE ON statement
    FOR EACH ROW EXECUTE FUNCTION published_immutable();
CREATE TRIGGER statement_no_truncate BEFORE TRUNCATE ON statement
    FOR EACH STATEMENT EXECUTE FUNCTION published_immutable();
CREATE TRIGGER statement_line_immutable BEFORE UPDATE OR DELETE ON statement_line
    FOR EACH ROW EXECUTE FUNCTION published_immutable();
CREATE TRIGGER statement_line_no_truncate BEFORE TRUNCATE ON statement_line
    FOR EACH STATEMENT EXECUTE FUNCTION published_immutable();
CREATE TRIGGER run_line_immutable BEFORE UPDATE ON run_line
    FOR EACH ROW EXECUTE FUNCTION published_immutable();
CREATE TRIGGER run_category_immutable BEFORE UPDATE ON run_category
    FOR EACH ROW EXECUTE FUNCTION published_immutable();

-- A distributed run is final; any other run may move on (CURRENT -> DISCARDED or DISTRIBUTED). No run is
-- deleted: a discarded one keeps its totals for the record.
CREATE FUNCTION distributed_run_final() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN
    IF OLD.status = 'DISTRIBUTED' OR TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'distribution run % is distributed and cannot be changed: % refused', OLD.id, TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER distribution_run_final BEFORE UPDATE OR DELETE ON distribution_run
    FOR EACH ROW EXECUTE FUNCTION distributed_run_final();

-- Only a discarded run's lines may be deleted (checked once per statement: discards delete millions).
CREATE FUNCTION run_lines_deletable() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN
    IF EXISTS (SELECT 1 FROM old_rows o JOIN distribution_run r ON r.id = o.run_id WHERE r.status <> 'DISCARDED') THEN
        RAISE EXCEPTION 'only the lines of a discarded run can be deleted (%)', TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER run_line_deletable AFTER DELETE ON run_line
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION run_lines_deletable();
CREATE TRIGGER run_category_deletable AFTER DELETE ON run_category
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION run_lines_deletable();

-- ------------------------------------------------------------------ bulk lines: references checked per statement
-- run_line and statement_line take a million rows in one INSERT ... SELECT; a foreign key checks each row
-- with a query of its own (36 s for a million lines here). The same references are checked once per
-- statement instead, as one anti-join over the inserted rows; runs are never deleted (below), so the
-- references cannot dangle later.
ALTER TABLE run_line DROP CONSTRAINT run_line_tenant_id_run_id_fkey;
ALTER TABLE run_line DROP CONSTRAINT run_line_tenant_id_filing_id_fkey;
ALTER TABLE statement_line DROP CONSTRAINT statement_line_tenant_id_statement_id_fkey;
ALTER TABLE statement_line DROP CONSTRAINT statement_line_tenant_id_filing_id_fkey;

CREATE FUNCTION run_line_references() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN
    IF EXISTS (SELECT 1 FROM new_rows n WHERE NOT EXISTS
                   (SELECT 1 FROM distribution_run r WHERE r.id = n.run_id AND r.tenant_id = n.tenant_id))
       OR EXISTS (SELECT 1 FROM (SELECT DISTINCT tenant_id, filing_id FROM new_rows) n WHERE NOT EXISTS
                   (SELECT 1 FROM filing f WHERE f.id = n.filing_id AND f.tenant_id = n.tenant_id)) THEN
        RAISE EXCEPTION 'run_line names a run or filing that does not exist in its tenant' USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER run_line_references AFTER INSERT ON run_line
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION run_line_references();

CREATE FUNCTION statement_line_references() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN
    IF EXISTS (SELECT 1 FROM (SELECT DISTINCT tenant_id, statement_id FROM new_rows) n WHERE NOT EXISTS
                   (SELECT 1 FROM statement s WHERE s.id = n.statement_id AND s.tenant_id = n.tenant_id))
       OR EXISTS (SELECT 1 FROM (SELECT DISTINCT tenant_id, filing_id FROM new_rows) n WHERE NOT EXISTS
                   (SELECT 1 FROM filing f WHERE f.id = n.filing_id AND f.tenant_id = n.tenant_id)) THEN
        RAISE EXCEPTION 'statement_line names a statement or filing that does not exist in its tenant' USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER statement_line_references AFTER INSERT ON statement_line
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION statement_line_references();

REVOKE UPDATE, DELETE, TRUNCATE ON statement, statement_line FROM ${appRole};
REVOKE UPDATE, TRUNCATE ON run_line, run_category FROM ${appRole};
