-- The statement_line view (V30) names its line's period, so that a read of one statement's lines can say which
-- period it is of and PostgreSQL plans only that period's partition of run_line. Without it every read of the view
-- planned every period's partition (run_line is LIST-partitioned by period_id, one partition per period of every
-- tenant): planning time grew with the number of periods in the database (docs/performance.md, "Partitions").
-- The column is the run line's own period_id, and the run's and the statement's are tied to it in the joins, so a
-- condition on any of them is a condition on the partition key.
CREATE OR REPLACE VIEW statement_line WITH (security_invoker = true) AS
SELECT l.id, s.id AS statement_id, l.tenant_id, l.filing_id, pf.builder_name, pf.model, l.category_key,
       l.units, l.category_units, l.amount, l.period_id
  FROM run_line l
  JOIN distribution_run r ON r.tenant_id = l.tenant_id AND r.id = l.run_id AND r.period_id = l.period_id
  JOIN statement s ON s.tenant_id = l.tenant_id AND s.period_id = l.period_id AND s.member_ref = l.member_ref
                  AND s.run_id = l.run_id
  JOIN published_filing pf ON pf.tenant_id = l.tenant_id AND pf.filing_id = l.filing_id AND pf.run_id = l.run_id
 WHERE l.matched;
