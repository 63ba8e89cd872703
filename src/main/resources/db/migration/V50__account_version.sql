-- Each tenant's account version: a number that moves, in the same transaction, with every change to what the account
-- beside a statement is read from (issue 14, docs/performance.md "Member statement page under load").
--
-- The statement page read its member's account from the ledger for every request: the account box's query reads every
-- ledger partition of the tenant (one per period) with the periods, payment runs and adjustments, and was most of the
-- page's database time. With the version read beside the statement's header (one primary-key probe in the query the page
-- runs anyway), a page's body kept for one version shows the account as it is for as long as the version stays:
-- statement/RenderedParts keys the body by it and no longer reads the account at all while the body is kept.
--
-- Moved by the database, not by the code that writes: a statement-level trigger on every table the account is read
-- from notes the transaction's tenant, and a deferred trigger moves the version when the transaction commits. So no
-- writer can forget it, and a rolled-back change moves nothing. At commit, not at the write: the version row is locked
-- from its update to the end of the transaction, and taken at commit it is the transaction's last lock (a write that
-- locked it mid-transaction and then waited for another row could deadlock with a writer holding that row). Two
-- transactions of one tenant each move it once, the second after the first commits: a snapshot that sees version n
-- sees the n-th change to the tenant's accounts and none after it (on a replica too: it replays commits in order).
--
-- Tables read by AccountSummary.forStatement: account_entry and account_archived_total (through account_line),
-- adjustment, payment_run, payment_run_member, period (states, distribution times, labels), tenant (minimum payout).
-- A table whose change the account shows and that is not listed here would show the account as it was until the next
-- change: AccountVersionTest holds the list against the account's query.

CREATE TABLE account_version (
    tenant_id text PRIMARY KEY REFERENCES tenant (id),
    version   bigint NOT NULL CHECK (version > 0)
);
ALTER TABLE account_version ENABLE ROW LEVEL SECURITY;
ALTER TABLE account_version FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON account_version USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT ON account_version TO ${appRole};

-- One row per transaction that changed an account, inserted at its first such change and removed at its commit: the
-- event the deferred trigger fires on (PostgreSQL defers row triggers only). It names no tenant: the tenants are in the
-- transaction's setting app.account_changed, so the row holds nothing of any tenant's.
CREATE TABLE account_change (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY
);

-- The statement-level trigger: the transaction's tenant noted, the commit's event queued once. '*' where a writer names
-- no tenant (a superuser outside the application, whose writes no policy limits): every tenant's version moves.
CREATE FUNCTION account_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS
$$
DECLARE
    t text := coalesce(app_tenant(), '*');
    noted text := coalesce(current_setting('app.account_changed', true), '');
BEGIN
    IF noted = '' THEN
        INSERT INTO account_change DEFAULT VALUES;
        PERFORM set_config('app.account_changed', t, true);
    ELSIF NOT t = ANY (string_to_array(noted, ',')) THEN
        PERFORM set_config('app.account_changed', noted || ',' || t, true);
    END IF;
    RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION account_changed() FROM PUBLIC;

-- The deferred trigger, at commit: each noted tenant's version moved (in tenant order, so two transactions of several
-- tenants never wait for each other crosswise), the note cleared (a later change in the same transaction, after SET
-- CONSTRAINTS ... IMMEDIATE, queues again) and the event's row removed. The owner's: inside each tenant, as the
-- policy asks; the transaction's own tenant setting is put back.
CREATE FUNCTION account_version_moved() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS
$$
DECLARE
    noted text[] := string_to_array(coalesce(current_setting('app.account_changed', true), ''), ',');
    was text := coalesce(current_setting('app.tenant_id', true), '');
    t text;
BEGIN
    PERFORM set_config('app.account_changed', '', true);
    FOR t IN SELECT id FROM tenant WHERE id = ANY (noted) OR '*' = ANY (noted) ORDER BY id LOOP
        PERFORM set_config('app.tenant_id', t, true);
        INSERT INTO account_version AS v (tenant_id, version) VALUES (t, 1)
            ON CONFLICT (tenant_id) DO UPDATE SET version = v.version + 1;
    END LOOP;
    PERFORM set_config('app.tenant_id', was, true);
    DELETE FROM account_change WHERE id = NEW.id;
    RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION account_version_moved() FROM PUBLIC;

CREATE CONSTRAINT TRIGGER account_version_moved AFTER INSERT ON account_change
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION account_version_moved();

-- Every table the account is read from. The ledger is only ever appended to (V15's trigger refuses the rest); on a
-- partitioned table a statement-level trigger fires for statements on the table itself, which is where every writer
-- writes (a partition is closed to the application, account_entry_partition_closed).
CREATE TRIGGER account_changed AFTER INSERT ON account_entry
    FOR EACH STATEMENT EXECUTE FUNCTION account_changed();
CREATE TRIGGER account_changed AFTER INSERT OR UPDATE OR DELETE ON account_archived_total
    FOR EACH STATEMENT EXECUTE FUNCTION account_changed();
CREATE TRIGGER account_changed AFTER INSERT OR UPDATE OR DELETE ON adjustment
    FOR EACH STATEMENT EXECUTE FUNCTION account_changed();
CREATE TRIGGER account_changed AFTER INSERT OR UPDATE OR DELETE ON payment_run
    FOR EACH STATEMENT EXECUTE FUNCTION account_changed();
CREATE TRIGGER account_changed AFTER INSERT OR UPDATE OR DELETE ON payment_run_member
    FOR EACH STATEMENT EXECUTE FUNCTION account_changed();
CREATE TRIGGER account_changed AFTER INSERT OR UPDATE OR DELETE ON period
    FOR EACH STATEMENT EXECUTE FUNCTION account_changed();
CREATE TRIGGER account_changed AFTER UPDATE ON tenant
    FOR EACH STATEMENT EXECUTE FUNCTION account_changed();
