-- The distribution's bulk writes (issue 14, docs/performance.md "Period workflow").

-- ------------------------------------------------------------------ account_entry: references checked per statement
-- A distribution posts one EARNED entry per statement in one INSERT ... SELECT (95,000 in bench/workflow.sh), and a
-- payment run's approval one PAID entry per member paid; three foreign keys (tenant, period, member) checked each row
-- with a query of its own, about half of those inserts. The same references are checked once per statement over the
-- inserted rows, as for run_line and statement_line (V3) and statement (V13). The rows referred to are never deleted:
-- the application may not delete tenants, periods or members (V11, AppRolePrivilegesTest), so the references cannot
-- dangle later. The period must now be one of the entry's own tenant (the foreign key only asked that it exist).
ALTER TABLE account_entry DROP CONSTRAINT account_entry_tenant_id_fkey,
                          DROP CONSTRAINT account_entry_period_id_fkey,
                          DROP CONSTRAINT account_entry_tenant_id_member_ref_fkey;
CREATE FUNCTION account_entry_references() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN
    IF EXISTS (SELECT 1 FROM (SELECT DISTINCT tenant_id, member_ref FROM new_rows) n
                WHERE NOT EXISTS (SELECT 1 FROM member m WHERE m.tenant_id = n.tenant_id AND m.ref = n.member_ref)) THEN
        RAISE EXCEPTION 'account_entry names a member that does not exist in its tenant' USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM (SELECT DISTINCT tenant_id, period_id FROM new_rows WHERE period_id IS NOT NULL) n
                WHERE NOT EXISTS (SELECT 1 FROM period p WHERE p.id = n.period_id AND p.tenant_id = n.tenant_id)) THEN
        RAISE EXCEPTION 'account_entry names a period that does not exist in its tenant' USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;
-- (A member exists only in an existing tenant: member's own foreign key to tenant stands.)
CREATE TRIGGER account_entry_references AFTER INSERT ON account_entry
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION account_entry_references();

-- ------------------------------------------------------------------ statement_line: one index fewer to write
-- No read looks statement lines up by filing (the statement pages read by statement, the exports by statement and
-- period, a filing's published figures come from published_filing and run_line); the index cost every line written.
DROP INDEX statement_line_filing_idx;
