-- Seed for bench/statements.sh: one tenant with 100,000 members and 8 distributed periods, written as the
-- distribution publishes them (period, filing, filing_category, distribution_run, run_line, published_filing,
-- statement; the view statement_line shows the run's lines). Figures are synthetic (a load test, not an accounting check), but every constraint holds.
-- Member `alice` (the Keycloak demo user) has 50 lines per period: 10 models x 5 categories. Every member's account has
-- the period's EARNED entry and, after every second period, a PAID one (until the twelfth session the ledger was empty).
\set ON_ERROR_STOP on
BEGIN;
INSERT INTO tenant (id, name, currency, admin_fee_rate) VALUES ('bench', 'Bench Guild', 'USD', 0.1);
INSERT INTO category (tenant_id, key, name)
    SELECT 'bench', k, initcap(k) FROM unnest(ARRAY['news', 'code', 'books', 'images', 'audio']) k;
INSERT INTO member (tenant_id, ref, name) VALUES ('bench', 'alice', 'Alice Archer');
INSERT INTO member (tenant_id, ref, name)
    SELECT 'bench', 'm' || lpad(i::text, 6, '0'), 'Member ' || i FROM generate_series(1, 99999) i;
INSERT INTO builder_org (slug, name) VALUES ('bench-acme', 'Acme AI') ON CONFLICT (slug) DO NOTHING;
INSERT INTO licence (tenant_id, builder_id, granted_by) SELECT 'bench', id, 'bench' FROM builder_org WHERE slug = 'bench-acme';
INSERT INTO app_user (username) VALUES ('alice') ON CONFLICT (username) DO NOTHING;
INSERT INTO affiliation (user_id, kind, tenant_id, member_ref)
    SELECT id, 'MEMBER', 'bench', 'alice' FROM app_user WHERE username = 'alice';

DO $$
DECLARE
    cats text[] := ARRAY['news', 'code', 'books', 'images', 'audio'];
    builder bigint := (SELECT id FROM builder_org WHERE slug = 'bench-acme');
    pid bigint; rid bigint; fid bigint; first_line bigint;
    fids bigint[];
    next_state text;
BEGIN
    FOR p IN 1..8 LOOP
        INSERT INTO period (tenant_id, label, opened_by, opened_at, closed_at, calculated_by, calculated_at,
                            approved_by, approved_at, distributed_by, distributed_at)
        VALUES ('bench', '2025-P' || p, 'bench', now() - (9 - p) * interval '30 days', now(), 'nadia', now(),
                'noah', now(), 'nadia', now())
        RETURNING id INTO pid;
        -- a period is opened OPEN and moves only along its workflow (V11's trigger)
        FOREACH next_state IN ARRAY ARRAY['CLOSED', 'CALCULATED', 'APPROVED', 'DISTRIBUTED'] LOOP
            UPDATE period SET state = next_state WHERE id = pid;
        END LOOP;
        fids := ARRAY[]::bigint[];
        FOR f IN 0..9 LOOP
            -- revenue 1,000,000.00, costs 400,000.00: profit 600,000.00, share 0.3, pool 180,000.00, 5 x 36,000.00
            INSERT INTO filing (tenant_id, period_id, builder_id, model, seq, status, currency, revenue, serving_cost,
                                post_training_cost, data_value_share, operating_profit, pool, tenant_gross, content_sha256, submitted_by)
            VALUES ('bench', pid, builder, 'model-' || f, 1, 'ACCEPTED', 'USD', 100000000, 30000000, 10000000, 0.3,
                    60000000, 18000000, 18000000, repeat('a', 64), 'bench')
            RETURNING id INTO fid;
            fids := fids || fid;
            INSERT INTO filing_category (filing_id, tenant_id, category_key, weight, amount, administered, fee, net, units)
                SELECT fid, 'bench', k, 0.2, 3600000, true, 360000, 3240000, 1000000 FROM unnest(cats) k;
        END LOOP;
        INSERT INTO distribution_run (tenant_id, period_id, status, calculated_by, tenant_gross, fees, paid, suspense)
        VALUES ('bench', pid, 'DISTRIBUTED', 'nadia', 180000000, 18000000, 162000000, 0) RETURNING id INTO rid;
        INSERT INTO published_filing (filing_id, tenant_id, run_id, builder_name, model)
            SELECT f.id, 'bench', rid, 'Acme AI', f.model FROM filing f WHERE f.id = ANY (fids);
        INSERT INTO statement (tenant_id, period_id, run_id, member_ref, member_name, admin_fee_rate, total)
            SELECT 'bench', pid, rid, ref, name, 0.1, CASE WHEN ref = 'alice' THEN 50 * 1234 ELSE 100 + id % 5000 END
              FROM member WHERE tenant_id = 'bench';
        -- the distribution's EARNED entries, as it posts them (account/Ledger.earnedFrom), and after every second period a
        -- payment of each member's balance, as a payment run posts it (PAID, in the tenant's entries of no period): the
        -- statement page's account box reads a ledger of 1,200,000 entries, alice's 12, not an empty one
        INSERT INTO account_entry (tenant_id, member_ref, kind, amount, period_id, cause, cause_id, reason, period_key)
            SELECT tenant_id, member_ref, 'EARNED', total, period_id, 'period', period_id, 'Distribution of 2025-P' || p, period_id
              FROM statement WHERE tenant_id = 'bench' AND period_id = pid AND total > 0;
        IF p % 2 = 0 THEN
            INSERT INTO account_entry (tenant_id, member_ref, kind, amount, period_id, cause, cause_id, reason)
                SELECT 'bench', member_ref, 'PAID', -sum(amount), NULL, 'payment_run', pid, 'Payment after 2025-P' || p
                  FROM account_entry WHERE tenant_id = 'bench' GROUP BY member_ref HAVING sum(amount) > 0;
        END IF;
        -- a statement's lines are its run's matched lines of its ref (V25): the run lines are what is written, their
        -- ids one block of the run's, as a run takes them (V43)
        first_line := run_line_ids((SELECT count(*) FROM statement s WHERE s.tenant_id = 'bench' AND s.period_id = pid) - 1 + 50);
        INSERT INTO run_line (id, run_id, tenant_id, filing_id, category_key, member_ref, matched, units, category_units, amount, period_id)
            SELECT first_line - 1 + row_number() OVER (), rid, 'bench', fids[1 + s.id % 10], cats[1 + s.id % 5], s.member_ref,
                   true, 1 + s.id % 7, 1000000, s.total, pid
              FROM statement s WHERE s.tenant_id = 'bench' AND s.period_id = pid AND s.member_ref <> 'alice';
        first_line := first_line + (SELECT count(*) FROM statement s WHERE s.tenant_id = 'bench' AND s.period_id = pid) - 1;
        INSERT INTO run_line (id, run_id, tenant_id, filing_id, category_key, member_ref, matched, units, category_units, amount, period_id)
            SELECT first_line - 1 + row_number() OVER (), rid, 'bench', fids[f + 1], k, 'alice', true, 10 + f, 1000000, 1234, pid
              FROM generate_series(0, 9) f, unnest(cats) k;
    END LOOP;
END $$;
COMMIT;
ANALYZE;
