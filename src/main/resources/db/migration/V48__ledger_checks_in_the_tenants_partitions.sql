-- The ledger's own checks (V47) look the ledger up in the writing tenant's partitions alone.
--
-- A trigger's query is planned once per session and cached; a query on account_entry joined to the new rows names no
-- tenant the planner can prune by, so its plan named, and each run locked, every partition of every tenant and period:
-- one posting among fifty tenants of eight periods locked some 2,300 relations (docs/performance.md, "Partitions";
-- the application's own reads were mended in TenantSql). Here the lookup is written for each tenant of the new rows (in
-- practice one) with the tenant as a literal and run by EXECUTE, which plans it for that tenant's partitions alone.
-- The checks themselves are V47's, unchanged.

CREATE OR REPLACE FUNCTION account_entry_references() RETURNS trigger LANGUAGE plpgsql AS
$$
DECLARE
    t text;
    repeated boolean;
BEGIN
    IF EXISTS (SELECT 1 FROM (SELECT DISTINCT tenant_id, member_ref FROM new_rows) n
                WHERE NOT EXISTS (SELECT 1 FROM member m WHERE m.tenant_id = n.tenant_id AND m.ref = n.member_ref)) THEN
        RAISE EXCEPTION 'account_entry names a member that does not exist in its tenant' USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM (SELECT DISTINCT tenant_id, period_id FROM new_rows WHERE period_id IS NOT NULL) n
                WHERE NOT EXISTS (SELECT 1 FROM period p WHERE p.id = n.period_id AND p.tenant_id = n.tenant_id)) THEN
        RAISE EXCEPTION 'account_entry names a period that does not exist in its tenant' USING ERRCODE = 'foreign_key_violation';
    END IF;
    -- a distribution's EARNED entries name their period as their cause, cannot meet another period's, and are not looked up
    FOR t IN SELECT DISTINCT tenant_id FROM new_rows
              WHERE period_key <> 0 AND NOT (cause = 'period' AND cause_id = period_key) LOOP
        EXECUTE format($q$
            SELECT EXISTS (SELECT 1 FROM new_rows n
                            WHERE n.tenant_id = %1$L AND n.period_key <> 0 AND NOT (n.cause = 'period' AND n.cause_id = n.period_key)
                              AND EXISTS (SELECT 1 FROM account_entry e
                                           WHERE e.tenant_id = %1$L AND e.cause = n.cause AND e.cause_id = n.cause_id
                                             AND e.member_ref = n.member_ref AND e.kind = n.kind
                                             AND e.period_key <> n.period_key))$q$, t) INTO repeated;
        IF repeated THEN
            RAISE EXCEPTION 'account_entry: this cause posted this kind of entry for this member already, in another period'
                USING ERRCODE = 'unique_violation';
        END IF;
    END LOOP;
    RETURN NULL;
END $$;

-- V47's check of an adjustment's and a dispute's entry, each tenant's rows against that tenant's partitions
CREATE OR REPLACE FUNCTION account_entry_referred() RETURNS trigger LANGUAGE plpgsql AS
$$
DECLARE
    t text;
    missing boolean;
BEGIN
    FOR t IN SELECT DISTINCT tenant_id FROM new_rows WHERE account_entry_id IS NOT NULL LOOP
        IF TG_OP = 'INSERT' THEN
            EXECUTE format($q$
                SELECT EXISTS (SELECT 1 FROM new_rows n WHERE n.tenant_id = %1$L AND n.account_entry_id IS NOT NULL
                                  AND NOT EXISTS (SELECT 1 FROM account_entry e
                                                   WHERE e.tenant_id = %1$L AND e.id = n.account_entry_id))$q$, t) INTO missing;
        ELSE
            -- an update is checked only where it names another entry: a dispute of an archived period keeps its entry's id
            EXECUTE format($q$
                SELECT EXISTS (SELECT 1 FROM new_rows n WHERE n.tenant_id = %1$L AND n.account_entry_id IS NOT NULL
                                  AND NOT EXISTS (SELECT 1 FROM old_rows o WHERE o.id = n.id AND o.account_entry_id = n.account_entry_id)
                                  AND NOT EXISTS (SELECT 1 FROM account_entry e
                                                   WHERE e.tenant_id = %1$L AND e.id = n.account_entry_id))$q$, t) INTO missing;
        END IF;
        IF missing THEN
            RAISE EXCEPTION '% names a ledger entry that does not exist in its tenant', TG_TABLE_NAME
                USING ERRCODE = 'foreign_key_violation';
        END IF;
    END LOOP;
    RETURN NULL;
END $$;
