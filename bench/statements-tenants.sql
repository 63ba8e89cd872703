-- Other tenants beside the bench's (bench/README.md, BENCH_OTHER_TENANTS): :n tenants with no data and eight periods
-- each, made as the app makes them (the tenant's and the periods' triggers make their partitions), so that the
-- platform holds many tenants' and periods' partitions. Run again, it adds only what is missing.
SELECT set_config('bench.other_tenants', :'n', false) AS other_tenants \gset
DO $$
DECLARE
    t text;
BEGIN
    FOR i IN 1..current_setting('bench.other_tenants')::int LOOP
        t := 'other-' || lpad(i::text, 4, '0');
        INSERT INTO tenant (id, name, currency, admin_fee_rate) VALUES (t, 'Other ' || i, 'USD', 0.1) ON CONFLICT DO NOTHING;
        -- a period is made inside its tenant (row-level security is forced on period)
        PERFORM set_config('app.tenant_id', t, true);
        INSERT INTO period (tenant_id, label, opened_by)
        SELECT t, '2025-P' || g, 'nadia' FROM generate_series(1, 8) g
         WHERE NOT EXISTS (SELECT 1 FROM period p WHERE p.tenant_id = t AND p.label = '2025-P' || g);
    END LOOP;
    PERFORM set_config('app.tenant_id', '', true);
END $$;
SELECT count(*) AS ledger_partitions FROM pg_inherits WHERE inhparent = 'account_entry'::regclass;
