-- One distributed period for bench/partitions.sh, written as the intake and the distribution would store it:
-- :filings filings with :usage usage lines each (refs m0000001.. over 5 categories, the refs past :members unmatched),
-- a distributed run with one matched line per filing for each of the :members members and 50 for alice, a statement
-- and an EARNED entry per member. Bench data (figures synthetic, every constraint holds), not the portal's economics.
-- The period's usage partition is loaded detached and without its index, then attached again: ATTACH builds the index
-- in one pass, several times faster than keeping it up to date row by row (its period check, made with the partition,
-- spares ATTACH a scan of the rows). The run's lines go, as the run writer puts them (V38), into a table of the run
-- made without indexes (run_line_table_made), indexed and attached to the period's partition after
-- (run_line_table_attached). Each index is sorted in maintenance_work_mem: at the default 64MB, one of 10,000,000 rows
-- spills to disk.
\set ON_ERROR_STOP on
SET maintenance_work_mem = '1GB';
BEGIN;
INSERT INTO period (tenant_id, label, opened_by, opened_at, closed_at, calculated_by, calculated_at,
                    approved_by, approved_at, distributed_by, distributed_at)
VALUES ('bench', :'label', 'nadia', now() - interval '30 days', now(), 'nadia', now(), 'noah', now(), 'nadia', now());
UPDATE period SET state = 'CLOSED' WHERE tenant_id = 'bench' AND label = :'label';
UPDATE period SET state = 'CALCULATED' WHERE tenant_id = 'bench' AND label = :'label';
UPDATE period SET state = 'APPROVED' WHERE tenant_id = 'bench' AND label = :'label';
UPDATE period SET state = 'DISTRIBUTED' WHERE tenant_id = 'bench' AND label = :'label';
SELECT id AS pid FROM period WHERE tenant_id = 'bench' AND label = :'label' \gset
INSERT INTO filing (tenant_id, period_id, builder_id, model, seq, status, currency, revenue, serving_cost,
                    post_training_cost, data_value_share, operating_profit, pool, tenant_gross, content_sha256, submitted_by)
SELECT 'bench', :pid, b.id, 'model-' || f, 1, 'ACCEPTED', 'USD', 100000000, 30000000, 10000000, 0.3,
       60000000, 18000000, 18000000, repeat('a', 64), 'bench'
  FROM builder_org b, generate_series(0, :filings - 1) f WHERE b.slug = 'bench-acme';
INSERT INTO filing_category (filing_id, tenant_id, category_key, weight, amount, administered, fee, net, units)
SELECT f.id, 'bench', k, 0.2, 3600000, true, 360000, 3240000, :usage / 5
  FROM filing f, unnest(ARRAY['news', 'code', 'books', 'images', 'audio']) k WHERE f.tenant_id = 'bench' AND f.period_id = :pid;
INSERT INTO distribution_run (tenant_id, period_id, status, calculated_by, tenant_gross, fees, paid, suspense)
VALUES ('bench', :pid, 'DISTRIBUTED', 'nadia', 180000000, 18000000, 162000000, 0);
SELECT id AS rid FROM distribution_run WHERE tenant_id = 'bench' AND period_id = :pid \gset
INSERT INTO published_filing (filing_id, tenant_id, run_id, builder_name, model)
SELECT f.id, 'bench', :rid, 'Acme AI', f.model FROM filing f WHERE f.tenant_id = 'bench' AND f.period_id = :pid;
INSERT INTO statement (tenant_id, period_id, run_id, member_ref, member_name, admin_fee_rate, total)
SELECT 'bench', :pid, :rid, ref, name, 0.1, CASE WHEN ref = 'alice' THEN 50 * 1234 ELSE :filings * (100 + id % 5000) END
  FROM member WHERE tenant_id = 'bench';
SELECT set_config('app.tenant_id', 'bench', true);
INSERT INTO account_entry (tenant_id, member_ref, kind, amount, period_id, cause, cause_id, reason, period_key)
SELECT 'bench', member_ref, 'EARNED', total, :pid, 'period', :pid, 'Distribution of ' || :'label', :pid
  FROM statement WHERE tenant_id = 'bench' AND period_id = :pid ORDER BY member_ref;
COMMIT;

ALTER TABLE filing_usage DETACH PARTITION filing_usage_p:pid;
SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname) FROM pg_constraint
 WHERE conrelid = ('filing_usage_p' || :pid)::regclass AND contype = 'p' \gexec
SELECT format('DROP INDEX %s', indexrelid::regclass) FROM pg_index
 WHERE indrelid = ('filing_usage_p' || :pid)::regclass \gexec
-- before V38 (bench/partitions-planning.sh migrates to V30 and V36 only) the period's run_line partition is a plain
-- table: loaded detached and without indexes as the usage one
SELECT EXISTS (SELECT 1 FROM pg_partitioned_table WHERE partrelid = ('run_line_p' || :pid)::regclass) AS by_run \gset
\if :by_run
SELECT run_line_table_made('bench', :pid, :rid) AS run_table \gset
\else
ALTER TABLE run_line DETACH PARTITION run_line_p:pid;
SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname) FROM pg_constraint
 WHERE conrelid = ('run_line_p' || :pid)::regclass AND contype = 'p' \gexec
SELECT format('DROP INDEX %s', indexrelid::regclass) FROM pg_index WHERE indrelid = ('run_line_p' || :pid)::regclass \gexec
SELECT 'run_line_p' || :pid AS run_table \gset
\endif
BEGIN;
-- usage: ref k of each filing in category k mod 5, 1 to 1,000 units; alice in every category. Since V49 in blocks of
-- pairs of one category, as intake stores them; before it, a row per pair.
SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'filing_usage'::regclass AND attname = 'member_refs') AS usage_blocks \gset
\if :usage_blocks
INSERT INTO filing_usage_p:pid (filing_id, tenant_id, category_key, member_refs, units, period_id)
SELECT f.id, 'bench', (ARRAY['news', 'code', 'books', 'images', 'audio'])[1 + k % 5], array_agg('m' || lpad(k::text, 7, '0') ORDER BY k),
       array_agg(1 + (k::bigint * 7919 + f.id) % 1000 ORDER BY k), :pid
  FROM filing f CROSS JOIN generate_series(1, :usage - 5) k WHERE f.tenant_id = 'bench' AND f.period_id = :pid
 GROUP BY f.id, k % 5, k / (5 * 32768);
INSERT INTO filing_usage_p:pid (filing_id, tenant_id, category_key, member_refs, units, period_id)
SELECT f.id, 'bench', k, ARRAY['alice'], ARRAY[10::bigint], :pid
  FROM filing f, unnest(ARRAY['news', 'code', 'books', 'images', 'audio']) k WHERE f.tenant_id = 'bench' AND f.period_id = :pid;
\else
INSERT INTO filing_usage_p:pid (filing_id, tenant_id, category_key, member_ref, units, period_id)
SELECT f.id, 'bench', (ARRAY['news', 'code', 'books', 'images', 'audio'])[1 + k % 5], 'm' || lpad(k::text, 7, '0'),
       1 + (k::bigint * 7919 + f.id) % 1000, :pid
  FROM filing f CROSS JOIN generate_series(1, :usage - 5) k WHERE f.tenant_id = 'bench' AND f.period_id = :pid;
INSERT INTO filing_usage_p:pid (filing_id, tenant_id, category_key, member_ref, units, period_id)
SELECT f.id, 'bench', k, 'alice', 10, :pid
  FROM filing f, unnest(ARRAY['news', 'code', 'books', 'images', 'audio']) k WHERE f.tenant_id = 'bench' AND f.period_id = :pid;
\endif
-- the run's lines: each member's per filing, alice's 50; their ids one block of the run's, as a run takes them (V43;
-- a schema before V43 numbers them with the sequence, one by one)
SELECT to_regprocedure('run_line_ids(bigint)') IS NOT NULL AS blocks \gset
SELECT count(*) AS run_filings FROM filing WHERE tenant_id = 'bench' AND period_id = :pid \gset
\if :blocks
SELECT run_line_ids(:run_filings * :members + 5 * :run_filings) AS first_line \gset
\else
SELECT 0 AS first_line \gset
\endif
INSERT INTO :"run_table" (id, run_id, tenant_id, filing_id, category_key, member_ref, matched, units, category_units, amount, period_id)
SELECT CASE WHEN :'blocks'::boolean THEN :first_line - 1 + row_number() OVER () ELSE nextval('run_line_id_seq') END,
       :rid, 'bench', f.id, (ARRAY['news', 'code', 'books', 'images', 'audio'])[1 + k % 5], 'm' || lpad(k::text, 7, '0'), true,
       1 + (k::bigint * 7919 + f.id) % 1000, :usage / 5, 100 + k % 5000, :pid
  FROM filing f CROSS JOIN generate_series(1, :members) k WHERE f.tenant_id = 'bench' AND f.period_id = :pid;
INSERT INTO :"run_table" (id, run_id, tenant_id, filing_id, category_key, member_ref, matched, units, category_units, amount, period_id)
SELECT CASE WHEN :'blocks'::boolean THEN :first_line + :run_filings * :members - 1 + row_number() OVER () ELSE nextval('run_line_id_seq') END,
       :rid, 'bench', f.id, k, 'alice', true, 10, :usage / 5, 1234, :pid
  FROM filing f, unnest(ARRAY['news', 'code', 'books', 'images', 'audio']) k WHERE f.tenant_id = 'bench' AND f.period_id = :pid;
COMMIT;
ALTER TABLE filing_usage ATTACH PARTITION filing_usage_p:pid FOR VALUES IN (:pid);
\if :by_run
SELECT run_line_table_attached(:pid, :rid);
\else
ALTER TABLE run_line ATTACH PARTITION run_line_p:pid FOR VALUES IN (:pid);
\endif
ANALYZE filing_usage_p:pid;
ANALYZE run_line_p:pid;
