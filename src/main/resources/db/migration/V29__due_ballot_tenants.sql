-- The ballot closer's pass asked every tenant in turn whether it had a due ballot (a transaction per tenant, every
-- 30 s, on every instance). This function answers the platform-wide question in one query and returns only the
-- tenants' ids: the closer then enters just those tenants, and the ballots themselves are still read and closed under
-- row-level security in the tenant's own transaction.
--
-- The function runs as the schema owner (the role running this migration). ballot has FORCE ROW LEVEL SECURITY, which
-- binds the owner too, so the owner gets a policy of its own for reading; the application role gets none.
DO $$
BEGIN
    EXECUTE format('CREATE POLICY find_due_across_tenants ON ballot FOR SELECT TO %I USING (true)', current_user);
END $$;

CREATE FUNCTION tenants_with_due_ballots(p_now timestamptz)
    RETURNS TABLE (tenant_id text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
$$
    SELECT DISTINCT b.tenant_id FROM ballot b WHERE b.state = 'OPEN' AND b.closes_at <= p_now ORDER BY b.tenant_id
$$;
REVOKE ALL ON FUNCTION tenants_with_due_ballots(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenants_with_due_ballots(timestamptz) TO ${appRole};

-- the platform-wide question looks for open ballots by closing time, whatever their tenant
CREATE INDEX ballot_open_by_closing ON ballot (closes_at) WHERE state = 'OPEN';
