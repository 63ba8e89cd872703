-- The ledger, account_entry, partitioned by tenant and period, and archived as an accountant closes old books: a
-- period's entries leave the database with its usage and lines, and a carried total per member takes their place, so
-- that no balance changes (issue 20; docs/reliability.md "Archiving a period", "The ledger").
--
-- By tenant first: every read of the ledger names its tenant as a value (a balance, an account, a payment run's
-- balances, the conservation check), so PostgreSQL plans the tenant's partitions alone. A first version keyed by
-- period alone was planned over every tenant's periods for each balance (710 ms at 510 periods) and taken out; the key
-- is now RANGE (tenant_id, period_key): each tenant has one partition for the entries of no period and one per period.
--
-- V30 left the ledger whole: a balance is the sum of all a member's entries, and a PAID entry names no period, so
-- detaching a period's EARNED entries alone would have changed balances already paid. Now the detach and the carried
-- totals are one transaction (account_entries_detached below): the entries' sum per member moves into
-- account_archived_total, the sums per cause into account_archived_cause (which the conservation check reads), and every
-- reader of balances reads account_line, the entries and the carried totals together. Restore attaches the entries
-- again and removes the totals, after checking the restored entries add up to them exactly.
--
-- The partition key, period_key, is a column of its own, NOT NULL (a partitioned table's keys hold it):
--   - EARNED and ADJUSTED entries are kept with the period they name (economics.md: they count at its distribution);
--   - every other entry (PAID, RETURNED, RELEASED, and an ADJUSTED waiting for no period) is kept in period_key 0,
--     the tenant's account_entry_t_<tenant>, which is never archived. A payment or a return names no period; a release names the period its
--     suspense was held in, but is posted whenever a claim or a release is confirmed, possibly after that period was
--     archived, and counts at its posting time: keeping it with the period would refuse it then (no partition).
-- period_id keeps its meaning (NULL: no period); a check ties period_key to it and the kind, so a writer that names a
-- period of an EARNED or ADJUSTED entry names its key too, and a wrong one is refused, never filed elsewhere.
-- A partition of its own rather than a DEFAULT partition, for V30's reasons: PostgreSQL refuses DETACH ... CONCURRENTLY
-- on a table with a default partition, and attaching a new period's partition would scan and lock the default, which
-- would hold every payment.

-- ------------------------------------------------------------------ the carried totals
-- One row per member and archived period: what the period's entries added to the member's balance, how many there
-- were, how much of it was EARNED, the last entry's id and time (where the member's account shows the line). Written by
-- the owner (the archive), read by the application.
CREATE TABLE account_archived_total (
    tenant_id  text NOT NULL REFERENCES tenant (id),
    period_id  bigint NOT NULL,
    member_ref text NOT NULL,
    total      bigint NOT NULL,
    earned     bigint NOT NULL,
    entries    integer NOT NULL CHECK (entries > 0),
    last_id    bigint NOT NULL,
    first_at   timestamptz NOT NULL,
    last_at    timestamptz NOT NULL CHECK (last_at >= first_at),
    PRIMARY KEY (tenant_id, member_ref, period_id),
    FOREIGN KEY (tenant_id, period_id) REFERENCES period (tenant_id, id),
    FOREIGN KEY (tenant_id, member_ref) REFERENCES member (tenant_id, ref)
);
CREATE INDEX account_archived_total_period ON account_archived_total (tenant_id, period_id);
-- The same entries summed per kind and cause: the conservation check holds each period's EARNED entries to its run,
-- and each restatement's or dispute's ADJUSTED entries to what it changed on the CMO's side.
CREATE TABLE account_archived_cause (
    tenant_id text NOT NULL REFERENCES tenant (id),
    period_id bigint NOT NULL,
    kind      text NOT NULL CHECK (kind IN ('EARNED', 'ADJUSTED')),
    cause     text NOT NULL,
    cause_id  bigint NOT NULL,
    total     bigint NOT NULL,
    entries   integer NOT NULL CHECK (entries > 0),
    PRIMARY KEY (tenant_id, period_id, kind, cause, cause_id),
    FOREIGN KEY (tenant_id, period_id) REFERENCES period (tenant_id, id)
);
ALTER TABLE account_archived_total ENABLE ROW LEVEL SECURITY;
ALTER TABLE account_archived_total FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON account_archived_total USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
ALTER TABLE account_archived_cause ENABLE ROW LEVEL SECURITY;
ALTER TABLE account_archived_cause FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON account_archived_cause USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT ON account_archived_total, account_archived_cause TO ${appRole};

-- ------------------------------------------------------------------ the ledger's partition of a period
-- A period's partition is account_entry_p<period> (period ids are unique across tenants); a tenant's partition for the
-- entries of no period is account_entry_t_<tenant id, its hyphens as underscores> (a tenant id has no underscore).
CREATE FUNCTION account_entry_partition_name(p_tenant text, p_key bigint) RETURNS text
    LANGUAGE sql IMMUTABLE AS
$$ SELECT CASE WHEN p_key = 0 THEN 'account_entry_t_' || replace(p_tenant, '-', '_') ELSE 'account_entry_p' || p_key END $$;

CREATE FUNCTION account_entry_partition(p_tenant text, p_key bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS
$$
DECLARE
    part text := account_entry_partition_name(p_tenant, p_key);
BEGIN
    IF to_regclass(format('public.%I', part)) IS NOT NULL THEN
        RETURN;
    END IF;
    -- as V30's: made on its own, then attached (SHARE UPDATE EXCLUSIVE on the ledger, which reads and writes pass)
    EXECUTE format('CREATE TABLE %I (LIKE account_entry INCLUDING DEFAULTS INCLUDING CONSTRAINTS, '
                   'CONSTRAINT account_entry_period_key_is CHECK (tenant_id = %L AND period_key = %s))', part, p_tenant, p_key);
    EXECUTE format('ALTER TABLE account_entry ATTACH PARTITION %I FOR VALUES FROM (%L, %s) TO (%L, %s)',
                   part, p_tenant, p_key, p_tenant, p_key + 1);
    PERFORM account_entry_partition_closed(part);
END $$;
REVOKE ALL ON FUNCTION account_entry_partition(text, bigint) FROM PUBLIC;

-- a new tenant's partition for the entries of no period, made with it
CREATE FUNCTION account_entry_tenant_made() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS
$$ BEGIN
    PERFORM account_entry_partition(NEW.id, 0);
    RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION account_entry_tenant_made() FROM PUBLIC;

-- A ledger partition as every one must be, made or restored: closed to the application (it reaches the entries through
-- account_entry), its policy forced, and truncation refused (the ledger's own trigger is not inherited by TRUNCATE of a
-- partition; UPDATE and DELETE are, by the row trigger ATTACH clones).
CREATE FUNCTION account_entry_partition_closed(p_part text) RETURNS void
    LANGUAGE plpgsql SET search_path = public, pg_temp AS
$$
DECLARE
    rel regclass := to_regclass(format('public.%I', p_part));
BEGIN
    EXECUTE format('REVOKE ALL ON %s FROM PUBLIC, ${appRole}', rel);
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', rel);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', rel);
    IF NOT EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = rel AND polname = 'tenant_isolation') THEN
        EXECUTE format('CREATE POLICY tenant_isolation ON %s USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant())', rel);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = rel AND tgname = 'account_entry_no_truncate') THEN
        EXECUTE format('CREATE TRIGGER account_entry_no_truncate BEFORE TRUNCATE ON %s '
                       'FOR EACH STATEMENT EXECUTE FUNCTION account_entry_immutable()', rel);
    END IF;
END $$;
REVOKE ALL ON FUNCTION account_entry_partition_closed(text) FROM PUBLIC;

-- V38's period_partitions, and the period's ledger partition with them
CREATE OR REPLACE FUNCTION period_partitions(p_period bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS
$$
DECLARE
    t text;
    part text;
    period_tenant text;
BEGIN
    FOREACH t IN ARRAY ARRAY['filing_usage', 'run_line'] LOOP
        part := t || '_p' || p_period;
        CONTINUE WHEN to_regclass(format('public.%I', part)) IS NOT NULL;
        EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS, %s CHECK (period_id = %s)) %s',
                       part, t, CASE t WHEN 'run_line' THEN 'CONSTRAINT run_line_period' ELSE '' END, p_period,
                       CASE t WHEN 'run_line' THEN 'PARTITION BY LIST (run_id)' ELSE '' END);
        EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES IN (%s)', t, part, p_period);
        EXECUTE format('REVOKE ALL ON %I FROM PUBLIC, ${appRole}', part);
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', part);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', part);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant())', part);
    END LOOP;
    -- the period's tenant, as its row is seen in the tenant entered (the trigger's insert is the tenant's own)
    SELECT tenant_id INTO period_tenant FROM period WHERE id = p_period;
    IF period_tenant IS NULL THEN
        RAISE EXCEPTION 'period_partitions: period % is not seen: enter its tenant first (app.tenant_id)', p_period;
    END IF;
    PERFORM account_entry_partition(period_tenant, p_period);
END $$;

-- ------------------------------------------------------------------ what referred to an entry by its id
-- A partitioned table's unique key holds its partition key, so account_entry(id) alone can no longer be referenced by a
-- foreign key (and one would forbid the detach). The adjustment's and the approved dispute's entry are checked per
-- statement instead, as V24 checks the ledger's own references: the entry must exist in the row's tenant when the row
-- names it. Entries are never deleted (V15's trigger), so a reference cannot dangle later, except by archiving, after
-- which the entry is in the archive and its amount in the carried totals.
DO $$
DECLARE
    c record;
BEGIN
    FOR c IN SELECT conrelid::regclass AS tbl, conname FROM pg_constraint
              WHERE contype = 'f' AND confrelid = 'account_entry'::regclass LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', c.tbl, c.conname);
    END LOOP;
END $$;
CREATE FUNCTION account_entry_referred() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN
    IF TG_OP = 'INSERT' THEN
        IF EXISTS (SELECT 1 FROM new_rows n WHERE n.account_entry_id IS NOT NULL AND NOT EXISTS
                       (SELECT 1 FROM account_entry e WHERE e.id = n.account_entry_id AND e.tenant_id = n.tenant_id)) THEN
            RAISE EXCEPTION '% names a ledger entry that does not exist in its tenant', TG_TABLE_NAME
                USING ERRCODE = 'foreign_key_violation';
        END IF;
    -- an update is checked only where it names another entry: a dispute of an archived period keeps its entry's id
    ELSIF EXISTS (SELECT 1 FROM new_rows n WHERE n.account_entry_id IS NOT NULL
                     AND NOT EXISTS (SELECT 1 FROM old_rows o WHERE o.id = n.id AND o.account_entry_id = n.account_entry_id)
                     AND NOT EXISTS (SELECT 1 FROM account_entry e WHERE e.id = n.account_entry_id AND e.tenant_id = n.tenant_id)) THEN
        RAISE EXCEPTION '% names a ledger entry that does not exist in its tenant', TG_TABLE_NAME
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER adjustment_entry AFTER INSERT ON adjustment
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION account_entry_referred();
CREATE TRIGGER dispute_entry_inserted AFTER INSERT ON dispute
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION account_entry_referred();
CREATE TRIGGER dispute_entry_updated AFTER UPDATE ON dispute
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION account_entry_referred();

-- ------------------------------------------------------------------ the ledger as it was, aside
ALTER TABLE account_entry RENAME TO account_entry_v46;
ALTER INDEX account_entry_pkey RENAME TO account_entry_v46_pkey;
ALTER INDEX account_entry_once RENAME TO account_entry_v46_once;
ALTER INDEX account_entry_member RENAME TO account_entry_v46_member;
ALTER INDEX account_entry_adjusted_cause RENAME TO account_entry_v46_adjusted_cause;
ALTER SEQUENCE account_entry_id_seq OWNED BY NONE;

-- ------------------------------------------------------------------ the partitioned ledger
CREATE TABLE account_entry (
    id          bigint NOT NULL DEFAULT nextval('account_entry_id_seq'),
    tenant_id   text NOT NULL,
    member_ref  text NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('EARNED', 'ADJUSTED', 'RELEASED', 'PAID', 'RETURNED')),
    amount      bigint NOT NULL CHECK (amount <> 0 AND CASE kind WHEN 'PAID' THEN amount < 0
                                                                 WHEN 'ADJUSTED' THEN true
                                                                 ELSE amount > 0 END),
    period_id   bigint,
    cause       text NOT NULL CHECK (length(cause) BETWEEN 1 AND 40),
    cause_id    bigint NOT NULL,
    reason      text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    at          timestamptz NOT NULL DEFAULT now(),
    period_key  bigint NOT NULL DEFAULT 0,
    CONSTRAINT account_entry_period_key CHECK (period_key = CASE WHEN kind IN ('EARNED', 'ADJUSTED')
                                                                 THEN coalesce(period_id, 0) ELSE 0 END)
) PARTITION BY RANGE (tenant_id, period_key);
ALTER SEQUENCE account_entry_id_seq OWNED BY account_entry.id;

-- a partition for the entries of no period and for every period there is (an archived period's too: V30's archive
-- left its entries in the ledger); the period trigger makes the later ones through period_partitions
-- (inside each tenant: period's row-level security is forced, and holds an owner that is not a superuser too)
DO $$
DECLARE
    t text;
BEGIN
    FOR t IN SELECT id FROM tenant ORDER BY id LOOP
        PERFORM set_config('app.tenant_id', t, true);
        PERFORM account_entry_partition(t, 0);
        PERFORM account_entry_partition(t, id) FROM period WHERE tenant_id = t ORDER BY id;
        IF EXISTS (SELECT 1 FROM period p WHERE p.tenant_id = t AND to_regclass('public.account_entry_p' || p.id) IS NULL) THEN
            RAISE EXCEPTION 'V47: a period of tenant % was left without its partition of the ledger', t;
        END IF;
    END LOOP;
    PERFORM set_config('app.tenant_id', '', true);
END $$;
CREATE TRIGGER account_entry_tenant AFTER INSERT ON tenant FOR EACH ROW EXECUTE FUNCTION account_entry_tenant_made();

-- the entries, each with its key; inside each tenant, as V30 moved the lines
DO $$
DECLARE
    t text;
    moved bigint;
BEGIN
    FOR t IN SELECT id FROM tenant LOOP
        PERFORM set_config('app.tenant_id', t, true);
        INSERT INTO account_entry (id, tenant_id, member_ref, kind, amount, period_id, cause, cause_id, reason, at, period_key)
        SELECT id, tenant_id, member_ref, kind, amount, period_id, cause, cause_id, reason, at,
               CASE WHEN kind IN ('EARNED', 'ADJUSTED') THEN coalesce(period_id, 0) ELSE 0 END
          FROM account_entry_v46 WHERE tenant_id = t ORDER BY id;
        GET DIAGNOSTICS moved = ROW_COUNT;
        IF moved <> (SELECT count(*) FROM account_entry_v46 WHERE tenant_id = t) THEN
            RAISE EXCEPTION 'V47: entries of tenant % were not all moved', t;
        END IF;
    END LOOP;
    -- every entry names a tenant there is (V15's foreign key), so the tenants' counts above are every entry's; a count
    -- of the whole table here would see only what the owner's row-level security lets it (none, for an owner that is
    -- not a superuser), while the new table's security is not on yet
    PERFORM set_config('app.tenant_id', '', true);
END $$;
DROP TABLE account_entry_v46;

-- ------------------------------------------------------------------ keys, indexes, checks, security
-- V15's once-per-cause key holds the period key, as PostgreSQL requires: it is unique within a period's partition, and
-- account_entry_references below refuses the same cause, member and kind again in another period.
ALTER TABLE account_entry ADD PRIMARY KEY (id, tenant_id, period_key);
CREATE UNIQUE INDEX account_entry_once ON account_entry (tenant_id, cause, cause_id, member_ref, kind, period_key);
CREATE INDEX account_entry_member ON account_entry (tenant_id, member_ref, at, id);
CREATE INDEX account_entry_adjusted_cause ON account_entry (tenant_id, cause, cause_id) WHERE kind = 'ADJUSTED';

CREATE TRIGGER account_entry_no_update BEFORE UPDATE OR DELETE ON account_entry
    FOR EACH ROW EXECUTE FUNCTION account_entry_immutable();
CREATE TRIGGER account_entry_no_truncate BEFORE TRUNCATE ON account_entry
    FOR EACH STATEMENT EXECUTE FUNCTION account_entry_immutable();

-- V24's references, and the once-per-cause key across periods. A distribution's EARNED entries name their period as
-- their cause (cause 'period', cause_id = the period): they cannot meet another period's, and are not looked up.
CREATE OR REPLACE FUNCTION account_entry_references() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN
    IF EXISTS (SELECT 1 FROM (SELECT DISTINCT tenant_id, member_ref FROM new_rows) n
                WHERE NOT EXISTS (SELECT 1 FROM member m WHERE m.tenant_id = n.tenant_id AND m.ref = n.member_ref)) THEN
        RAISE EXCEPTION 'account_entry names a member that does not exist in its tenant' USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM (SELECT DISTINCT tenant_id, period_id FROM new_rows WHERE period_id IS NOT NULL) n
                WHERE NOT EXISTS (SELECT 1 FROM period p WHERE p.id = n.period_id AND p.tenant_id = n.tenant_id)) THEN
        RAISE EXCEPTION 'account_entry names a period that does not exist in its tenant' USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM new_rows n
                WHERE n.period_key <> 0 AND NOT (n.cause = 'period' AND n.cause_id = n.period_key)
                  AND EXISTS (SELECT 1 FROM account_entry e
                               WHERE e.tenant_id = n.tenant_id AND e.cause = n.cause AND e.cause_id = n.cause_id
                                 AND e.member_ref = n.member_ref AND e.kind = n.kind AND e.period_key <> n.period_key)) THEN
        RAISE EXCEPTION 'account_entry: this cause posted this kind of entry for this member already, in another period'
            USING ERRCODE = 'unique_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER account_entry_references AFTER INSERT ON account_entry
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION account_entry_references();

ALTER TABLE account_entry ENABLE ROW LEVEL SECURITY;
ALTER TABLE account_entry FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON account_entry USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT, INSERT ON account_entry TO ${appRole};

-- ------------------------------------------------------------------ the account as its readers see it
-- Every entry, and one line per member and archived period carrying that period's entries as one total (kind
-- ARCHIVED, at the time and id of the last of them, so that every later line's running balance is as before). Every
-- reader of a balance reads this view: a balance is the same whether or not a period was archived.
CREATE VIEW account_line WITH (security_invoker = true) AS
SELECT e.id, e.tenant_id, e.member_ref, e.kind, e.amount, e.period_id, e.cause, e.cause_id, e.reason, e.at,
       CASE WHEN e.kind = 'EARNED' THEN e.amount ELSE 0 END AS earned, 1 AS entries
  FROM account_entry e
UNION ALL
SELECT a.last_id, a.tenant_id, a.member_ref, 'ARCHIVED', a.total, a.period_id, 'archive', a.period_id,
       'Archived: the ' || CASE a.entries WHEN 1 THEN 'entry' ELSE a.entries || ' entries' END || ' of ' || p.label
           || ', kept as one total', a.last_at, a.earned, a.entries
  FROM account_archived_total a JOIN period p ON p.tenant_id = a.tenant_id AND p.id = a.period_id;
GRANT SELECT ON account_line TO ${appRole};

-- ------------------------------------------------------------------ archive: the ledger's partition out, totals in
-- ops/archive-period.sh's first step for the ledger, in one transaction: the period's partition is detached (a plain
-- DETACH: ACCESS EXCLUSIVE on the ledger for the moment it takes, which the script bounds with a lock timeout; a
-- CONCURRENTLY detach commits halfway, and balances would read short until the totals were written) and its entries
-- are carried per member and per cause. The owner's alone. Returns the number of entries carried.
CREATE FUNCTION account_entries_detached(p_tenant text, p_period bigint) RETURNS bigint
    LANGUAGE plpgsql SET search_path = public, pg_temp AS
$$
DECLARE
    part text := 'account_entry_p' || p_period;
    period_state text;
    carried bigint;
BEGIN
    PERFORM set_config('app.tenant_id', p_tenant, true);
    SELECT state INTO period_state FROM period WHERE tenant_id = p_tenant AND id = p_period FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'account_entries_detached: no period % in tenant %', p_period, p_tenant;
    END IF;
    IF period_state <> 'DISTRIBUTED' THEN
        RAISE EXCEPTION 'account_entries_detached: period % is %: only a distributed period is archived', p_period, period_state;
    END IF;
    IF to_regclass(format('public.%I', part)) IS NULL
       OR NOT EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = to_regclass(format('public.%I', part))) THEN
        RAISE EXCEPTION 'account_entries_detached: % is not attached', part;
    END IF;
    EXECUTE format('ALTER TABLE account_entry DETACH PARTITION %I', part);
    EXECUTE format('INSERT INTO account_archived_total (tenant_id, period_id, member_ref, total, earned, entries, last_id, first_at, last_at) '
                   'SELECT tenant_id, %s, member_ref, sum(amount), coalesce(sum(amount) FILTER (WHERE kind = ''EARNED''), 0), '
                   '       count(*), max(id), min(at), max(at) FROM %I GROUP BY tenant_id, member_ref', p_period, part);
    EXECUTE format('INSERT INTO account_archived_cause (tenant_id, period_id, kind, cause, cause_id, total, entries) '
                   'SELECT tenant_id, %s, kind, cause, cause_id, sum(amount), count(*) FROM %I '
                   'GROUP BY tenant_id, kind, cause, cause_id', p_period, part);
    EXECUTE format('SELECT count(*) FROM %I', part) INTO carried;
    -- a period's entries are its tenant's alone (a period belongs to one tenant); anything else is refused whole
    IF EXISTS (SELECT 1 FROM account_archived_total WHERE period_id = p_period AND tenant_id <> p_tenant) THEN
        RAISE EXCEPTION 'account_entries_detached: % holds entries of another tenant than %', part, p_tenant;
    END IF;
    RETURN carried;
END $$;
REVOKE ALL ON FUNCTION account_entries_detached(text, bigint) FROM PUBLIC;

-- Its inverse: the restored (or never dropped) partition attached again, closed to the application, and the carried
-- totals removed, once the entries are found to add up to them exactly, per member and per cause. Used by restore, and
-- by hand to keep a period whose archive stopped after the detach. Returns the number of entries attached.
CREATE FUNCTION account_entries_attached(p_tenant text, p_period bigint) RETURNS bigint
    LANGUAGE plpgsql SET search_path = public, pg_temp AS
$$
DECLARE
    part text := 'account_entry_p' || p_period;
    differs boolean;
    attached bigint;
BEGIN
    PERFORM set_config('app.tenant_id', p_tenant, true);
    IF to_regclass(format('public.%I', part)) IS NULL THEN
        RAISE EXCEPTION 'account_entries_attached: % is not there: restore it from the archive first', part;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = to_regclass(format('public.%I', part))) THEN
        RAISE EXCEPTION 'account_entries_attached: % is attached already', part;
    END IF;
    EXECUTE format('SELECT EXISTS (SELECT member_ref, sum(amount), count(*) FROM %I WHERE tenant_id = %L GROUP BY member_ref '
                   '                 EXCEPT SELECT member_ref, total, entries FROM account_archived_total WHERE tenant_id = %L AND period_id = %s)'
                   '    OR EXISTS (SELECT member_ref, total, entries FROM account_archived_total WHERE tenant_id = %L AND period_id = %s '
                   '                 EXCEPT SELECT member_ref, sum(amount), count(*) FROM %I WHERE tenant_id = %L GROUP BY member_ref)'
                   '    OR EXISTS (SELECT 1 FROM %I WHERE tenant_id <> %L)',
                   part, p_tenant, p_tenant, p_period, p_tenant, p_period, part, p_tenant, part, p_tenant) INTO differs;
    IF differs THEN
        RAISE EXCEPTION 'account_entries_attached: the entries of % do not add up to the totals carried for period %; nothing attached',
            part, p_period;
    END IF;
    EXECUTE format('ALTER TABLE account_entry ATTACH PARTITION %I FOR VALUES FROM (%L, %s) TO (%L, %s)',
                   part, p_tenant, p_period, p_tenant, p_period + 1);
    PERFORM account_entry_partition_closed(part);
    DELETE FROM account_archived_total WHERE tenant_id = p_tenant AND period_id = p_period;
    DELETE FROM account_archived_cause WHERE tenant_id = p_tenant AND period_id = p_period;
    EXECUTE format('SELECT count(*) FROM %I', part) INTO attached;
    RETURN attached;
END $$;
REVOKE ALL ON FUNCTION account_entries_attached(text, bigint) FROM PUBLIC;

-- ------------------------------------------------------------------ V37's drop and attach, with the ledger
-- The drop now also requires the ledger's partition detached with its totals carried, drops it with the others and
-- says how many entries went; the attach brings it back through account_entries_attached. A period archived before
-- V47 kept its entries in the ledger: nothing of the ledger is attached for it.
DROP FUNCTION archive_period_drop(text, bigint, text, text);
CREATE FUNCTION archive_period_drop(p_tenant text, p_period bigint, p_archive_file text, p_actor text)
    RETURNS TABLE (usage_rows bigint, line_rows bigint, ledger_entries bigint)
    LANGUAGE plpgsql SET search_path = public, pg_temp AS
$$
DECLARE
    period_label text;
    period_state text;
    t text;
BEGIN
    PERFORM set_config('app.tenant_id', p_tenant, true);
    IF coalesce(p_actor, '') = '' THEN
        RAISE EXCEPTION 'archive_period_drop: name who archives (the audit log records it)';
    END IF;
    SELECT label, state INTO period_label, period_state FROM period WHERE tenant_id = p_tenant AND id = p_period FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'archive_period_drop: no period % in tenant %', p_period, p_tenant;
    END IF;
    IF period_state <> 'DISTRIBUTED' THEN
        RAISE EXCEPTION 'archive_period_drop: period % is %: only a distributed period is archived', period_label, period_state;
    END IF;
    IF EXISTS (SELECT 1 FROM archived_period a WHERE a.tenant_id = p_tenant AND a.period_id = p_period) THEN
        RAISE EXCEPTION 'archive_period_drop: period % is archived already', period_label;
    END IF;
    FOREACH t IN ARRAY ARRAY['filing_usage_p' || p_period, 'run_line_p' || p_period, 'account_entry_p' || p_period] LOOP
        IF to_regclass(format('public.%I', t)) IS NULL THEN
            RAISE EXCEPTION 'archive_period_drop: % does not exist', t;
        END IF;
        IF EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = to_regclass(format('public.%I', t))) THEN
            RAISE EXCEPTION 'archive_period_drop: % is still attached: detach and dump it first (ops/archive-period.sh)', t;
        END IF;
    END LOOP;
    EXECUTE format('SELECT count(*) FROM %I', 'filing_usage_p' || p_period) INTO usage_rows;
    EXECUTE format('SELECT count(*) FROM %I', 'run_line_p' || p_period) INTO line_rows;
    EXECUTE format('SELECT count(*) FROM %I', 'account_entry_p' || p_period) INTO ledger_entries;
    -- the entries about to go are carried, every one: detached by account_entries_detached, not by hand
    IF ledger_entries <> coalesce((SELECT sum(a.entries) FROM account_archived_total a
                                    WHERE a.tenant_id = p_tenant AND a.period_id = p_period), 0) THEN
        RAISE EXCEPTION 'archive_period_drop: the % ledger entries of % are not carried in account_archived_total: detach them with account_entries_detached',
            ledger_entries, period_label;
    END IF;
    INSERT INTO archived_period (tenant_id, period_id, archive_file, usage_rows, line_rows)
    VALUES (p_tenant, p_period, p_archive_file, usage_rows, line_rows);
    EXECUTE format('DROP TABLE %I, %I, %I', 'filing_usage_p' || p_period, 'run_line_p' || p_period, 'account_entry_p' || p_period);
    PERFORM audit_append(p_tenant, p_actor, 'period.archive', 'period', p_period::text, NULL,
                         jsonb_build_object('period', period_label, 'archiveFile', p_archive_file, 'usageRows', usage_rows,
                                            'lineRows', line_rows, 'ledgerEntries', ledger_entries));
    RETURN NEXT;
END $$;
REVOKE ALL ON FUNCTION archive_period_drop(text, bigint, text, text) FROM PUBLIC;

DROP FUNCTION archive_period_attach(text, bigint, text);
CREATE FUNCTION archive_period_attach(p_tenant text, p_period bigint, p_actor text)
    RETURNS TABLE (usage_rows bigint, line_rows bigint, ledger_entries bigint)
    LANGUAGE plpgsql SET search_path = public, pg_temp AS
$$
DECLARE
    period_label text;
    archived archived_period;
    t text;
    part text;
    rel regclass;
BEGIN
    PERFORM set_config('app.tenant_id', p_tenant, true);
    IF coalesce(p_actor, '') = '' THEN
        RAISE EXCEPTION 'archive_period_attach: name who restores (the audit log records it)';
    END IF;
    SELECT label INTO period_label FROM period WHERE tenant_id = p_tenant AND id = p_period FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'archive_period_attach: no period % in tenant %', p_period, p_tenant;
    END IF;
    SELECT * INTO archived FROM archived_period a WHERE a.tenant_id = p_tenant AND a.period_id = p_period;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'archive_period_attach: period % is not archived', period_label;
    END IF;
    FOREACH t IN ARRAY ARRAY['filing_usage', 'run_line'] LOOP
        part := t || '_p' || p_period;
        IF to_regclass(format('public.%I', part)) IS NULL THEN
            RAISE EXCEPTION 'archive_period_attach: % is not there: restore it from % first', part, archived.archive_file;
        END IF;
        EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES IN (%s)', t, part, p_period);
        FOR rel IN SELECT relid FROM pg_partition_tree(to_regclass(format('public.%I', part))) LOOP
            EXECUTE format('REVOKE ALL ON %s FROM PUBLIC, ${appRole}', rel);
            EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', rel);
            EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', rel);
            IF NOT EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = rel AND polname = 'tenant_isolation') THEN
                EXECUTE format('CREATE POLICY tenant_isolation ON %s USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant())', rel);
            END IF;
        END LOOP;
    END LOOP;
    EXECUTE format('SELECT count(*) FROM %I', 'filing_usage_p' || p_period) INTO usage_rows;
    EXECUTE format('SELECT count(*) FROM %I', 'run_line_p' || p_period) INTO line_rows;
    -- the ledger's entries, if the archive took them (an archive made before V47 left them in the ledger)
    IF EXISTS (SELECT 1 FROM account_archived_total a WHERE a.tenant_id = p_tenant AND a.period_id = p_period)
       OR NOT EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = to_regclass(format('public.%I', 'account_entry_p' || p_period))) THEN
        IF to_regclass(format('public.%I', 'account_entry_p' || p_period)) IS NULL THEN
            RAISE EXCEPTION 'archive_period_attach: account_entry_p% is not there: restore it from % first', p_period, archived.archive_file;
        END IF;
        ledger_entries := account_entries_attached(p_tenant, p_period);
    ELSE
        ledger_entries := 0;
    END IF;
    DELETE FROM archived_period a WHERE a.tenant_id = p_tenant AND a.period_id = p_period;
    PERFORM audit_append(p_tenant, p_actor, 'period.restore', 'period', p_period::text,
                         jsonb_build_object('period', period_label, 'archiveFile', archived.archive_file,
                                            'archivedAt', archived.archived_at, 'usageRows', archived.usage_rows,
                                            'lineRows', archived.line_rows),
                         jsonb_build_object('period', period_label, 'usageRows', usage_rows, 'lineRows', line_rows,
                                            'ledgerEntries', ledger_entries));
    RETURN NEXT;
END $$;
REVOKE ALL ON FUNCTION archive_period_attach(text, bigint, text) FROM PUBLIC;
