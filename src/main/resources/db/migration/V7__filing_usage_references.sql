-- A filing's usage can be hundreds of thousands of rows (5,000,000 lines over 200,000 refs in bench/intake.sh).
-- The foreign key to filing checked each inserted row with a query of its own: 1.0 s of the 2.5 s that storing
-- 200,000 rows took. As for run_line and statement_line (V3), the reference is checked once per statement,
-- as one anti-join over the inserted rows. Filings and their usage are never changed or deleted (below), so
-- the reference cannot dangle later.
ALTER TABLE filing_usage DROP CONSTRAINT filing_usage_tenant_id_filing_id_fkey;

CREATE FUNCTION filing_usage_references() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN
    IF EXISTS (SELECT 1 FROM (SELECT DISTINCT tenant_id, filing_id FROM new_rows) n WHERE NOT EXISTS
                   (SELECT 1 FROM filing f WHERE f.id = n.filing_id AND f.tenant_id = n.tenant_id)) THEN
        RAISE EXCEPTION 'filing_usage names a filing that does not exist in its tenant' USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER filing_usage_references AFTER INSERT ON filing_usage
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION filing_usage_references();

REVOKE UPDATE, DELETE, TRUNCATE ON filing_usage FROM ${appRole};
REVOKE DELETE, TRUNCATE ON filing FROM ${appRole};
