-- A filing's usage is stored in blocks of pairs, not a row per pair (issue 14, docs/performance.md "Filing intake").
--
-- Storing a filing of 600,000 (category, ref) pairs cost the database about as much as PostgreSQL's own \copy of the
-- whole 5,000,000-line file: a heap tuple, an index entry, a row-level security check and a row of the statement
-- trigger's transition table per pair, all after the file's last line (until then any pair may still grow). Measured
-- on 600,000 pairs in 19 statements, side by side: a row per pair 2.0 to 2.7 s; the same pairs as 19 rows of two
-- arrays 0.42 to 0.53 s, stored uncompressed (pglz took 2.1 to 2.6 s).
--
-- filing_usage now holds, per filing and category, blocks of pairs: member_refs[i] used units[i]. The pairs are the
-- same as before (each (filing, category, ref) once, its units the sum of its lines, greater than zero); only their
-- grouping into rows changed. Readers read the pairs through the view filing_usage_pair, one row per pair as the
-- table was; writers (intake) insert blocks of up to 32,768 pairs of one category.
--
-- The partitions made so far are rebuilt in the new shape (filing_usage_reshaped), and so is a partition restored from
-- an archive dumped before this migration (archive_period_attach below): the pairs are counted before and after.

-- ------------------------------------------------------------------ a row-shaped partition made a block-shaped one
-- p_period's partition, detached, as it was before V49 (a row per pair) or as an archive made before V49 restores it:
-- rebuilt in blocks under the same name, its pairs counted on both sides. Nothing to do if it is block-shaped already
-- (returns null). The caller attaches and secures it. The owner reads the old rows itself (a period is one tenant's);
-- the new table has no policy until it is secured, and the old one is dropped.
CREATE FUNCTION filing_usage_reshaped(p_period bigint) RETURNS bigint
    LANGUAGE plpgsql SET search_path = public, pg_temp AS
$$
DECLARE
    part text := 'filing_usage_p' || p_period;
    aside text := 'filing_usage_rows_p' || p_period;
    pairs bigint;
    blocked bigint;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(format('public.%I', part))
                      AND attname = 'member_ref' AND NOT attisdropped) THEN
        RETURN NULL;
    END IF;
    EXECUTE format('ALTER TABLE %I RENAME TO %I', part, aside);
    EXECUTE format('ALTER TABLE %I NO FORCE ROW LEVEL SECURITY', aside);
    EXECUTE format('CREATE TABLE %I (LIKE filing_usage INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE, '
                   'CHECK (period_id = %s))', part, p_period);
    -- blocks of at most 32,768 pairs of one filing and category, as intake writes them
    EXECUTE format($q$
        INSERT INTO %I (filing_id, tenant_id, category_key, member_refs, units, period_id)
        SELECT filing_id, tenant_id, category_key, array_agg(member_ref ORDER BY n), array_agg(units ORDER BY n), period_id
          FROM (SELECT filing_id, tenant_id, category_key, member_ref, units, period_id,
                       row_number() OVER (PARTITION BY filing_id, category_key ORDER BY member_ref COLLATE "C") - 1 AS n
                  FROM %I) r
         GROUP BY filing_id, tenant_id, category_key, period_id, n / 32768$q$, part, aside);
    EXECUTE format('SELECT count(*) FROM %I', aside) INTO pairs;
    EXECUTE format('SELECT coalesce(sum(cardinality(member_refs)), 0) FROM %I', part) INTO blocked;
    IF pairs <> blocked THEN
        RAISE EXCEPTION 'filing_usage_reshaped: % holds % pairs, its blocks %', aside, pairs, blocked;
    END IF;
    EXECUTE format('DROP TABLE %I', aside);
    RETURN pairs;
END $$;
REVOKE ALL ON FUNCTION filing_usage_reshaped(bigint) FROM PUBLIC;

-- The pairs a partition of filing_usage holds, whatever its shape (a detached partition may be either): what the
-- archive's audit entries and archived_period count as usage rows, as before.
CREATE FUNCTION filing_usage_pair_count(p_part text) RETURNS bigint
    LANGUAGE plpgsql SET search_path = public, pg_temp AS
$$
DECLARE
    n bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(format('public.%I', p_part))
                  AND attname = 'member_refs' AND NOT attisdropped) THEN
        EXECUTE format('SELECT coalesce(sum(cardinality(member_refs)), 0) FROM %I', p_part) INTO n;
    ELSE
        EXECUTE format('SELECT count(*) FROM %I', p_part) INTO n;
    END IF;
    RETURN n;
END $$;
REVOKE ALL ON FUNCTION filing_usage_pair_count(text) FROM PUBLIC;

-- ------------------------------------------------------------------ a partition as every one must be
-- Closed to the application (it reaches the rows through the partitioned table, V30) and its tenant policy forced, in
-- case a grant ever reaches it: what period_partitions, the restore and this migration did each in their own words.
CREATE FUNCTION partition_closed(p_rel regclass) RETURNS void
    LANGUAGE plpgsql SET search_path = public, pg_temp AS
$$ BEGIN
    EXECUTE format('REVOKE ALL ON %s FROM PUBLIC, ${appRole}', p_rel);
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', p_rel);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', p_rel);
    IF NOT EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = p_rel AND polname = 'tenant_isolation') THEN
        EXECUTE format('CREATE POLICY tenant_isolation ON %s USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant())', p_rel);
    END IF;
END $$;
REVOKE ALL ON FUNCTION partition_closed(regclass) FROM PUBLIC;

-- ------------------------------------------------------------------ the table as it was, its partitions aside
CREATE TEMP TABLE v49_reshaped (period_id bigint PRIMARY KEY) ON COMMIT DROP;
DO $$
DECLARE
    p bigint;
BEGIN
    FOR p IN SELECT substring(c.relname FROM '^filing_usage_p([0-9]+)$')::bigint
               FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
              WHERE i.inhparent = 'filing_usage'::regclass LOOP
        EXECUTE format('ALTER TABLE filing_usage DETACH PARTITION %I', 'filing_usage_p' || p);
        INSERT INTO v49_reshaped VALUES (p);
    END LOOP;
END $$;
DROP TABLE filing_usage;

-- ------------------------------------------------------------------ the table in blocks
CREATE TABLE filing_usage (
    filing_id    bigint NOT NULL,
    tenant_id    text NOT NULL,
    category_key text NOT NULL,
    member_refs  text[] NOT NULL,
    units        bigint[] NOT NULL,
    period_id    bigint NOT NULL,
    -- a block is a list of pairs: as many refs as units, none missing, every units figure above zero
    CONSTRAINT filing_usage_pairs CHECK (array_ndims(member_refs) = 1 AND array_ndims(units) = 1
        AND cardinality(member_refs) = cardinality(units)
        AND array_position(member_refs, NULL) IS NULL AND array_position(units, NULL) IS NULL AND 0 < ALL (units))
) PARTITION BY LIST (period_id);
-- Uncompressed: pglz made a block's store four times dearer, and blocks are small already (the bench's realistic filing
-- of 599,852 pairs: its partition 17 MB in blocks, 52 MB a row per pair).
ALTER TABLE filing_usage ALTER COLUMN member_refs SET STORAGE EXTERNAL, ALTER COLUMN units SET STORAGE EXTERNAL;
CREATE INDEX filing_usage_filing_idx ON filing_usage (filing_id);
CREATE TRIGGER filing_usage_references AFTER INSERT ON filing_usage
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION filing_usage_references();
ALTER TABLE filing_usage ENABLE ROW LEVEL SECURITY;
ALTER TABLE filing_usage FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON filing_usage USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT, INSERT ON filing_usage TO ${appRole};

-- ------------------------------------------------------------------ the pairs, a row each, as readers read them
-- A block's pairs. Not unnest itself: PostgreSQL guesses ten rows for an unnest of a column, so a filing of a million
-- pairs looked like three hundred to the planner, which then joined them by nested loop (the opt-out flags' join of
-- 1,000,000 pairs with 1,000 opted-out refs took 52 s instead of 1). A SQL function that is STRICT is never inlined,
-- and its ROWS says what a block holds: of the order of the 32,768 intake puts in one.
CREATE FUNCTION usage_pairs(text[], bigint[]) RETURNS TABLE (member_ref text, units bigint)
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE ROWS 10000 AS
$$ SELECT * FROM unnest($1, $2) $$;
-- security_invoker: the reader's own row-level security applies to the table below, as it did to the table.
CREATE VIEW filing_usage_pair WITH (security_invoker = true) AS
SELECT u.filing_id, u.tenant_id, u.category_key, p.member_ref, p.units, u.period_id
  FROM filing_usage u CROSS JOIN LATERAL usage_pairs(u.member_refs, u.units) AS p;
GRANT SELECT ON filing_usage_pair TO ${appRole};

-- ------------------------------------------------------------------ the partitions there were, in blocks
DO $$
DECLARE
    p bigint;
    part text;
BEGIN
    FOR p IN SELECT period_id FROM v49_reshaped ORDER BY period_id LOOP
        part := 'filing_usage_p' || p;
        PERFORM filing_usage_reshaped(p);
        EXECUTE format('ALTER TABLE filing_usage ATTACH PARTITION %I FOR VALUES IN (%s)', part, p);
        PERFORM partition_closed(to_regclass(format('public.%I', part)));
    END LOOP;
END $$;

-- ------------------------------------------------------------------ partitions made later: stored as the table is
-- V47's period_partitions, with the columns' storage copied (LIKE leaves it out otherwise, and a block would be
-- compressed), each partition closed by partition_closed.
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
        EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE, %s CHECK (period_id = %s)) %s',
                       part, t, CASE t WHEN 'run_line' THEN 'CONSTRAINT run_line_period' ELSE '' END, p_period,
                       CASE t WHEN 'run_line' THEN 'PARTITION BY LIST (run_id)' ELSE '' END);
        EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES IN (%s)', t, part, p_period);
        PERFORM partition_closed(to_regclass(format('public.%I', part)));
    END LOOP;
    -- the period's tenant, as its row is seen in the tenant entered (the trigger's insert is the tenant's own)
    SELECT tenant_id INTO period_tenant FROM period WHERE id = p_period;
    IF period_tenant IS NULL THEN
        RAISE EXCEPTION 'period_partitions: period % is not seen: enter its tenant first (app.tenant_id)', p_period;
    END IF;
    PERFORM account_entry_partition(period_tenant, p_period);
END $$;

-- ------------------------------------------------------------------ V47's drop and attach, counting pairs
-- The usage rows they count (archived_period, the audit entries) are the pairs, as before; the attach rebuilds a
-- partition restored from an archive made before V49 in blocks before it attaches it.
CREATE OR REPLACE FUNCTION archive_period_drop(p_tenant text, p_period bigint, p_archive_file text, p_actor text)
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
    usage_rows := filing_usage_pair_count('filing_usage_p' || p_period);
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

CREATE OR REPLACE FUNCTION archive_period_attach(p_tenant text, p_period bigint, p_actor text)
    RETURNS TABLE (usage_rows bigint, line_rows bigint, ledger_entries bigint)
    LANGUAGE plpgsql SET search_path = public, pg_temp AS
$$
DECLARE
    period_label text;
    archived archived_period;
    t text;
    part text;
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
        -- an archive dumped before V49 restores the usage a row per pair: rebuilt in blocks first
        IF t = 'filing_usage' THEN
            PERFORM filing_usage_reshaped(p_period);
        END IF;
        EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES IN (%s)', t, part, p_period);
        PERFORM partition_closed(relid) FROM pg_partition_tree(to_regclass(format('public.%I', part)));
    END LOOP;
    usage_rows := filing_usage_pair_count('filing_usage_p' || p_period);
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
