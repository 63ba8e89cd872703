-- The tables that grow with usage, one partition per period (issue 20, docs/reliability.md "Archiving a period").
--
-- filing_usage (a filing's usage per category and ref) and run_line (a run's lines, the statements' lines through the
-- statement_line view of V25) hold a period's hundreds of millions of rows. Each is now LIST-partitioned by period_id,
-- one partition per period, so that a distributed and paid period can be detached, dumped and dropped as a whole
-- (ops/archive-period.sh) while the other periods' pages read the same small indexes as before. Each table takes the
-- period of its parent row (filing_usage: its filing's; run_line: its run's), and the key includes it, as PostgreSQL
-- requires of a partitioned table's unique keys.
--
-- account_entry is not partitioned: a member's balance is the sum of all their entries (economics.md, "After the
-- period"), and a payment's PAID entry names no period, so detaching a period's EARNED entries would change balances
-- that were paid; the ledger also grows with members and periods, not with usage (one entry per member and period).
--
-- Partitions are made by a trigger on period (period_partitions below, as the owner): every way a period comes to
-- exist (the app's open, a fixture, a bench seed, a restore) gets them in the same transaction as the period row, with
-- no code of its own. There is no DEFAULT partition: PostgreSQL refuses DETACH ... CONCURRENTLY on a table with one,
-- and every new partition would then take an ACCESS EXCLUSIVE lock on the default, which every unpruned read of the
-- table holds a lock on (a long calculation would hold up opening a period, and every statement page behind it).
-- A row of a period without a partition is refused (no partition of relation found for row), never parked.
--
-- Row-level security stays on the partitioned tables (the policy applies to every query through them); the partitions
-- are the owner's alone: the application role has no privilege on them (they are created after V11's default
-- privileges were revoked, and period_partitions revokes them again), and they carry the same forced policy in case
-- one is ever granted.

-- ------------------------------------------------------------------ the partitions of a period
CREATE FUNCTION period_partitions(p_period bigint) RETURNS void
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
        EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS, CHECK (period_id = %s))',
                       part, t, p_period);
        EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES IN (%s)', t, part, p_period);
        EXECUTE format('REVOKE ALL ON %I FROM PUBLIC, ${appRole}', part);
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', part);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', part);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant())', part);
    END LOOP;
END $$;
REVOKE ALL ON FUNCTION period_partitions(bigint) FROM PUBLIC;

CREATE FUNCTION period_partitions_made() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS
$$ BEGIN
    PERFORM period_partitions(NEW.id);
    RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION period_partitions_made() FROM PUBLIC;

-- ------------------------------------------------------------------ the tables as they were, aside
DROP VIEW statement_line;
ALTER TABLE filing_usage RENAME TO filing_usage_v29;
ALTER INDEX filing_usage_pkey RENAME TO filing_usage_v29_pkey;
ALTER TABLE run_line RENAME TO run_line_v29;
ALTER INDEX run_line_pkey RENAME TO run_line_v29_pkey;
ALTER INDEX run_line_filing_category_idx RENAME TO run_line_v29_filing_category_idx;
ALTER INDEX run_line_statement_idx RENAME TO run_line_v29_statement_idx;
ALTER INDEX run_line_suspense_idx RENAME TO run_line_v29_suspense_idx;
ALTER SEQUENCE run_line_id_seq OWNED BY NONE;

-- ------------------------------------------------------------------ the partitioned tables
CREATE TABLE filing_usage (
    filing_id    bigint NOT NULL,
    tenant_id    text NOT NULL,
    category_key text NOT NULL,
    member_ref   text NOT NULL,
    units        bigint NOT NULL CHECK (units > 0),
    period_id    bigint NOT NULL
) PARTITION BY LIST (period_id);

CREATE TABLE run_line (
    run_id         bigint NOT NULL,
    tenant_id      text NOT NULL,
    filing_id      bigint NOT NULL,
    category_key   text NOT NULL,
    member_ref     text,
    matched        boolean NOT NULL,
    units          bigint NOT NULL CHECK (units >= 0),
    category_units bigint NOT NULL CHECK (category_units >= 0),
    amount         bigint NOT NULL CHECK (amount >= 0),
    id             bigint NOT NULL DEFAULT nextval('run_line_id_seq'),
    period_id      bigint NOT NULL
) PARTITION BY LIST (period_id);
ALTER SEQUENCE run_line_id_seq OWNED BY run_line.id;

-- a partition for every period there is; the trigger makes the later ones
DO $$ BEGIN PERFORM period_partitions(id) FROM period ORDER BY id; END $$;
CREATE TRIGGER period_partitions AFTER INSERT ON period FOR EACH ROW EXECUTE FUNCTION period_partitions_made();

-- ------------------------------------------------------------------ the rows, with their period
-- Inside each tenant, as V13 and V25 did: row-level security holds an owner that is not a superuser too.
DO $$
DECLARE
    t text;
    moved bigint;
BEGIN
    FOR t IN SELECT id FROM tenant LOOP
        PERFORM set_config('app.tenant_id', t, true);
        INSERT INTO filing_usage (filing_id, tenant_id, category_key, member_ref, units, period_id)
        SELECT u.filing_id, u.tenant_id, u.category_key, u.member_ref, u.units, f.period_id
          FROM filing_usage_v29 u JOIN filing f ON f.tenant_id = u.tenant_id AND f.id = u.filing_id
         WHERE u.tenant_id = t
         ORDER BY f.period_id, u.filing_id, u.category_key, u.member_ref;
        GET DIAGNOSTICS moved = ROW_COUNT;
        -- every row found its period: none is left behind
        IF moved <> (SELECT count(*) FROM filing_usage_v29 WHERE tenant_id = t) THEN
            RAISE EXCEPTION 'V30: usage of tenant % names filings that do not exist', t;
        END IF;
        INSERT INTO run_line (run_id, tenant_id, filing_id, category_key, member_ref, matched, units, category_units, amount,
                              id, period_id)
        SELECT l.run_id, l.tenant_id, l.filing_id, l.category_key, l.member_ref, l.matched, l.units, l.category_units,
               l.amount, l.id, r.period_id
          FROM run_line_v29 l JOIN distribution_run r ON r.tenant_id = l.tenant_id AND r.id = l.run_id
         WHERE l.tenant_id = t
         ORDER BY r.period_id, l.id;
        GET DIAGNOSTICS moved = ROW_COUNT;
        IF moved <> (SELECT count(*) FROM run_line_v29 WHERE tenant_id = t) THEN
            RAISE EXCEPTION 'V30: run lines of tenant % name runs that do not exist', t;
        END IF;
    END LOOP;
    PERFORM set_config('app.tenant_id', '', true);
END $$;
DROP TABLE filing_usage_v29;
DROP TABLE run_line_v29;

-- ------------------------------------------------------------------ keys, indexes (on every partition), checks, security
-- The period is last in each key: reads go by filing or run, and within a partition the period is the same value.
ALTER TABLE filing_usage ADD PRIMARY KEY (filing_id, category_key, member_ref, period_id);
ALTER TABLE run_line ADD PRIMARY KEY (id, period_id);
CREATE INDEX run_line_filing_category_idx ON run_line (run_id, filing_id, category_key);
CREATE INDEX run_line_statement_idx ON run_line (run_id, member_ref) WHERE matched;
CREATE INDEX run_line_suspense_idx ON run_line (run_id) WHERE NOT matched;

-- V7's and V13's checks once per statement (the filing, the run and the filing must be of the row's own tenant), and
-- now the period too: a row's period is its parent's.
CREATE OR REPLACE FUNCTION filing_usage_references() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN
    IF EXISTS (SELECT 1 FROM (SELECT DISTINCT tenant_id, filing_id, period_id FROM new_rows) n WHERE NOT EXISTS
                   (SELECT 1 FROM filing f WHERE f.id = n.filing_id AND f.tenant_id = n.tenant_id AND f.period_id = n.period_id)) THEN
        RAISE EXCEPTION 'filing_usage names a filing that does not exist in its tenant and period' USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER filing_usage_references AFTER INSERT ON filing_usage
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION filing_usage_references();

CREATE OR REPLACE FUNCTION run_line_references() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN
    IF EXISTS (SELECT 1 FROM (SELECT DISTINCT tenant_id, run_id, filing_id, period_id FROM new_rows) n
                WHERE NOT EXISTS (SELECT 1 FROM distribution_run r
                                   WHERE r.id = n.run_id AND r.tenant_id = n.tenant_id AND r.period_id = n.period_id)
                   OR NOT EXISTS (SELECT 1 FROM filing f WHERE f.id = n.filing_id AND f.tenant_id = n.tenant_id)) THEN
        RAISE EXCEPTION 'run_line names a run or filing that does not exist in its tenant and period' USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER run_line_references AFTER INSERT ON run_line
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION run_line_references();
-- V3's: a run's lines are never changed, and deleted only with a discarded run
CREATE TRIGGER run_line_immutable BEFORE UPDATE ON run_line
    FOR EACH ROW EXECUTE FUNCTION published_immutable();
CREATE TRIGGER run_line_deletable AFTER DELETE ON run_line
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION run_lines_deletable();

ALTER TABLE filing_usage ENABLE ROW LEVEL SECURITY;
ALTER TABLE filing_usage FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON filing_usage USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
ALTER TABLE run_line ENABLE ROW LEVEL SECURITY;
ALTER TABLE run_line FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON run_line USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

-- V11's lines for these tables, as they were
GRANT SELECT, INSERT ON filing_usage TO ${appRole};
GRANT SELECT, INSERT, DELETE ON run_line TO ${appRole};

-- ------------------------------------------------------------------ V25's view, over the partitioned lines
CREATE VIEW statement_line WITH (security_invoker = true) AS
SELECT l.id, s.id AS statement_id, l.tenant_id, l.filing_id, pf.builder_name, pf.model, l.category_key,
       l.units, l.category_units, l.amount
  FROM run_line l
  JOIN distribution_run r ON r.tenant_id = l.tenant_id AND r.id = l.run_id
  JOIN statement s ON s.tenant_id = l.tenant_id AND s.period_id = r.period_id AND s.member_ref = l.member_ref
                  AND s.run_id = l.run_id
  JOIN published_filing pf ON pf.tenant_id = l.tenant_id AND pf.filing_id = l.filing_id AND pf.run_id = l.run_id
 WHERE l.matched;
GRANT SELECT ON statement_line TO ${appRole};

-- ------------------------------------------------------------------ archived periods
-- A period whose partitions ops/archive-period.sh detached, dumped and dropped: its statements, run totals and ledger
-- entries stay; its usage and lines are in the archive file named here. The pages say so (instead of showing a
-- statement with no lines). Written by the owner (the script), read by the application.
CREATE TABLE archived_period (
    tenant_id    text NOT NULL REFERENCES tenant (id),
    period_id    bigint NOT NULL,
    archived_at  timestamptz NOT NULL DEFAULT now(),
    archive_file text NOT NULL CHECK (length(archive_file) BETWEEN 1 AND 500),
    usage_rows   bigint NOT NULL CHECK (usage_rows >= 0),
    line_rows    bigint NOT NULL CHECK (line_rows >= 0),
    PRIMARY KEY (tenant_id, period_id),
    FOREIGN KEY (tenant_id, period_id) REFERENCES period (tenant_id, id)
);
ALTER TABLE archived_period ENABLE ROW LEVEL SECURITY;
ALTER TABLE archived_period FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON archived_period USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT ON archived_period TO ${appRole};
