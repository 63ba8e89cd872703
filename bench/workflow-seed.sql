-- Seeds the workflow benchmark as the intake would write it: :refs member refs (by default 100,000; the first 95%
-- members, the last 5% unmatched), :filings filings of the period (10), each with one usage line per ref
-- (1,000,000 in all), category amounts from the engine's rules (largest remainder of the pool over the mixture).
-- Run as the schema owner, after the tenant, its licence and its period exist (bench/workflow.sh).
\set ON_ERROR_STOP on
BEGIN;
-- half_even of economics.md, for the seed's own figures (the portal computes them in Java): ties to the even one
CREATE FUNCTION pg_temp.half_even(x numeric) RETURNS bigint LANGUAGE sql IMMUTABLE STRICT AS
$$ SELECT (CASE WHEN x - floor(x) > 0.5 THEN floor(x) + 1
                WHEN x - floor(x) < 0.5 THEN floor(x)
                ELSE floor(x) + abs(mod(floor(x), 2)) END)::bigint $$;
SELECT set_config('app.tenant_id', :'tenant', true);

INSERT INTO member (tenant_id, ref, name)
SELECT :'tenant', 'm' || lpad(g::text, 7, '0'), 'Member ' || g FROM generate_series(1, :refs - :refs / 20) g;

CREATE TEMP TABLE bench_filing AS
SELECT i, 100000000::bigint * i + 12345 AS revenue, 20000000::bigint * i AS serving, 1000000::bigint AS post_training,
       0.300000::numeric AS share
FROM generate_series(1, :filings) i;

INSERT INTO filing (tenant_id, period_id, builder_id, model, seq, status, currency, revenue, serving_cost, post_training_cost,
                    data_value_share, operating_profit, pool, tenant_gross, share_flagged, content_sha256, submitted_by)
SELECT :'tenant', p.id, b.id, 'bench-model-' || f.i, 1, 'SUBMITTED', 'USD', f.revenue, f.serving, f.post_training, f.share,
       f.revenue - f.serving - f.post_training, pg_temp.half_even((f.revenue - f.serving - f.post_training) * f.share), 0, false,
       encode(sha256(convert_to('bench-' || f.i, 'UTF8')), 'hex'), 'bruno'
FROM bench_filing f, period p, builder_org b
WHERE p.tenant_id = :'tenant' AND p.label = :'period' AND b.slug = 'acme-ai';

-- step 2: largest remainder of the pool over news 0.25, code 0.40, other 0.35 (ties to the smaller key)
INSERT INTO filing_category (filing_id, tenant_id, category_key, weight, amount, administered)
SELECT s.id, :'tenant', s.key, s.weight, s.q + CASE WHEN s.place <= s.pool - s.floors THEN 1 ELSE 0 END, s.key IN ('news', 'code')
FROM (SELECT w.*, sum(w.q) OVER (PARTITION BY w.id) AS floors,
             row_number() OVER (PARTITION BY w.id ORDER BY w.r DESC, w.key COLLATE "C") AS place
      FROM (SELECT f.id, f.pool, k.key, k.weight, div(f.pool * k.weight, 1)::bigint AS q, mod(f.pool * k.weight, 1) AS r
            FROM filing f CROSS JOIN (VALUES ('news', 0.250000::numeric), ('code', 0.400000), ('other', 0.350000)) k(key, weight)
            WHERE f.tenant_id = :'tenant' AND f.model LIKE 'bench-model-%') w) s;

UPDATE filing f SET tenant_gross = c.gross
FROM (SELECT filing_id, sum(amount) AS gross FROM filing_category WHERE administered GROUP BY filing_id) c
WHERE c.filing_id = f.id;

-- one pair per ref and filing: ref k in news when k mod 10 < 7, else in code; units spread over 1..1000; stored in
-- blocks of pairs of one category (V49), as intake stores them
INSERT INTO filing_usage (filing_id, tenant_id, category_key, member_refs, units, period_id)
SELECT f.id, :'tenant', CASE WHEN k % 10 < 7 THEN 'news' ELSE 'code' END, array_agg('m' || lpad(k::text, 7, '0') ORDER BY k),
       array_agg(1 + (k::bigint * 7919 + f.id * 104729) % 1000 ORDER BY k), f.period_id
FROM filing f CROSS JOIN generate_series(1, :refs) k
WHERE f.tenant_id = :'tenant' AND f.model LIKE 'bench-model-%'
-- a ref's place among its category's refs (news: 7 of every 10, code: 3), cut into full blocks of 32,768 as intake cuts them
GROUP BY f.id, f.period_id, k % 10 < 7,
         CASE WHEN k % 10 < 7 THEN (k / 10) * 7 + k % 10 ELSE (k / 10) * 3 + k % 10 - 7 END / 32768;

UPDATE filing_category fc SET units = u.units, fee = pg_temp.half_even(fc.amount * t.admin_fee_rate),
       net = fc.amount - pg_temp.half_even(fc.amount * t.admin_fee_rate)
FROM (SELECT filing_id, category_key, sum(units) AS units FROM filing_usage_pair GROUP BY filing_id, category_key) u, tenant t
WHERE fc.administered AND u.filing_id = fc.filing_id AND u.category_key = fc.category_key AND t.id = fc.tenant_id;
COMMIT;
ANALYZE member; ANALYZE filing; ANALYZE filing_category; ANALYZE filing_usage;
