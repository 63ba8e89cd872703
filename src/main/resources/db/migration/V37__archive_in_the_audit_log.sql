-- Archiving and restoring a period are written to the audit log, in the transaction that drops or attaches the period's
-- partitions (issue 20; docs/reliability.md "Archiving a period").
--
-- ops/archive-period.sh runs as the schema owner with psql, outside the application, so the append the application makes
-- through audit/AuditLog could not be called from it. Rather than a second copy of the append (a chain written two ways
-- could fork or hash differently), the append itself moves here, once: audit_append locks the chain's head, writes the
-- entry with V1's audit_hash and moves the head, and AuditLog.record is now one call of it. The owner's two functions
-- below call the same audit_append, so every entry of every chain is written by the same code and AuditLog.verify
-- checks them alike.

-- ------------------------------------------------------------------ the one append of the audit chain
-- SECURITY INVOKER (the default): it runs with the caller's grants and row-level security, as AuditLog's statements
-- did; p_tenant names the chain (NULL: the platform's) and must be the transaction's tenant, or the policies refuse.
CREATE FUNCTION audit_append(p_tenant text, p_actor text, p_action text, p_object_type text, p_object_id text,
                             p_before jsonb, p_after jsonb) RETURNS bigint
    LANGUAGE plpgsql SET search_path = public, pg_temp AS
$$
DECLARE
    head_seq  bigint;
    head_hash text;
    entry_at  timestamptz := date_trunc('microseconds', clock_timestamp());
BEGIN
    -- The chain's head, locked until the transaction ends: one writer per chain at a time (V10). A chain's first entry
    -- creates its head; two first writers meet on the primary key and the second waits, then reads the first's.
    FOR attempt IN 1..2 LOOP
        SELECT seq, hash INTO head_seq, head_hash FROM audit_head
         WHERE chain = coalesce(p_tenant, '') AND tenant_id IS NOT DISTINCT FROM p_tenant FOR UPDATE;
        EXIT WHEN FOUND;
        INSERT INTO audit_head (tenant_id, seq, hash) VALUES (p_tenant, 0, repeat('0', 64)) ON CONFLICT (chain) DO NOTHING;
    END LOOP;
    IF head_seq IS NULL THEN
        RAISE EXCEPTION 'the head of the audit chain of % can be neither read nor created; check the audit_head grants and policy',
            coalesce(p_tenant, 'the platform') USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO audit_event (tenant_id, seq, at, actor, action, object_type, object_id, before, after, prev_hash, hash)
    VALUES (p_tenant, head_seq + 1, entry_at, p_actor, p_action, p_object_type, p_object_id, p_before, p_after, head_hash,
            audit_hash(head_hash, p_tenant, head_seq + 1, entry_at, p_actor, p_action, p_object_type, p_object_id,
                       p_before, p_after));
    UPDATE audit_head SET seq = head_seq + 1,
                          hash = audit_hash(head_hash, p_tenant, head_seq + 1, entry_at, p_actor, p_action, p_object_type,
                                            p_object_id, p_before, p_after)
     WHERE chain = coalesce(p_tenant, '');
    RETURN head_seq + 1;
END $$;
REVOKE ALL ON FUNCTION audit_append(text, text, text, text, text, jsonb, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_append(text, text, text, text, text, jsonb, jsonb) TO ${appRole};

-- ------------------------------------------------------------------ archive: record, drop, audit
-- The last step of ops/archive-period.sh archive, after it detached the partitions (CONCURRENTLY, which cannot run in a
-- transaction, so not here), dumped them and checked that the dump restores to the same rows: in one transaction, the
-- period is recorded in archived_period, its two detached partitions are dropped and the audit log says who archived
-- it, into which file, how many rows. The owner's alone (no grant): the application never drops a period's rows.
CREATE FUNCTION archive_period_drop(p_tenant text, p_period bigint, p_archive_file text, p_actor text)
    RETURNS TABLE (usage_rows bigint, line_rows bigint)
    LANGUAGE plpgsql SET search_path = public, pg_temp AS
$$
DECLARE
    period_label text;
    period_state text;
    t text;
BEGIN
    -- inside the tenant, for this transaction: row-level security holds an owner that is not a superuser too
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
    FOREACH t IN ARRAY ARRAY['filing_usage_p' || p_period, 'run_line_p' || p_period] LOOP
        IF to_regclass(format('public.%I', t)) IS NULL THEN
            RAISE EXCEPTION 'archive_period_drop: % does not exist', t;
        END IF;
        -- still attached, its rows would vanish from the pages with no dump checked first
        IF EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = to_regclass(format('public.%I', t))) THEN
            RAISE EXCEPTION 'archive_period_drop: % is still attached: detach and dump it first (ops/archive-period.sh)', t;
        END IF;
    END LOOP;
    EXECUTE format('SELECT count(*) FROM %I', 'filing_usage_p' || p_period) INTO usage_rows;
    EXECUTE format('SELECT count(*) FROM %I', 'run_line_p' || p_period) INTO line_rows;
    INSERT INTO archived_period (tenant_id, period_id, archive_file, usage_rows, line_rows)
    VALUES (p_tenant, p_period, p_archive_file, usage_rows, line_rows);
    EXECUTE format('DROP TABLE %I, %I', 'filing_usage_p' || p_period, 'run_line_p' || p_period);
    PERFORM audit_append(p_tenant, p_actor, 'period.archive', 'period', p_period::text, NULL,
                         jsonb_build_object('period', period_label, 'archiveFile', p_archive_file, 'usageRows', usage_rows,
                                            'lineRows', line_rows));
    RETURN NEXT;
END $$;
REVOKE ALL ON FUNCTION archive_period_drop(text, bigint, text, text) FROM PUBLIC;

-- ------------------------------------------------------------------ restore: attach, forget, audit
-- The last step of ops/archive-period.sh restore, after pg_restore brought the two tables back: in one transaction they
-- are attached again, closed to the application as period_partitions leaves a new one (a dump restored with
-- --no-acl or without its policy would otherwise be readable by it), the archived_period row is deleted and the audit
-- log says who restored the period and how many rows came back. The owner's alone.
CREATE FUNCTION archive_period_attach(p_tenant text, p_period bigint, p_actor text)
    RETURNS TABLE (usage_rows bigint, line_rows bigint)
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
        -- its check (period_id = the period) lets ATTACH skip its scan
        EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES IN (%s)', t, part, p_period);
        -- the partition and every table under it (a period's run lines are a table per run): a restore may bring
        -- grants or lose row-level security on any of them, and the app reaches them only through their table
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
    DELETE FROM archived_period a WHERE a.tenant_id = p_tenant AND a.period_id = p_period;
    PERFORM audit_append(p_tenant, p_actor, 'period.restore', 'period', p_period::text,
                         jsonb_build_object('period', period_label, 'archiveFile', archived.archive_file,
                                            'archivedAt', archived.archived_at, 'usageRows', archived.usage_rows,
                                            'lineRows', archived.line_rows),
                         jsonb_build_object('period', period_label, 'usageRows', usage_rows, 'lineRows', line_rows));
    RETURN NEXT;
END $$;
REVOKE ALL ON FUNCTION archive_period_attach(text, bigint, text) FROM PUBLIC;
