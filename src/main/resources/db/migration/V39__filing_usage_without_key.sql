-- filing_usage keeps an index on its filing instead of a primary key (issue 14, docs/performance.md "Filing intake").
--
-- The primary key (filing_id, category_key, member_ref, period_id) was about half of what storing a filing's usage
-- costs the database: one text-keyed index entry, and its WAL record, per (category, ref) pair, written after the
-- file's last line, on the upload's critical path. It guarded nothing the writers do not already guarantee: intake
-- adds a file's lines up per (category, ref) before it stores them (each pair once, in memory, or by GROUP BY when
-- staged), and the application role may only INSERT into the table (V11), in the filing's own transaction.
--
-- Nothing reads the table in its key order: the run reads a whole period and orders by filing and category COLLATE
-- "C" (the engine orders the refs itself); a restatement reads one filing's rows; the opt-out flag joins one filing's
-- rows to the members who opted out. Each of these needs the filing's rows, which an index on filing_id finds. Its
-- entries all share the filing's key and arrive together, so PostgreSQL appends them to the rightmost leaf and
-- deduplicates them into posting lists: about a quarter of the key's cost for the store (measured in the same
-- document). The opt-out flag now scans the filing's rows instead of probing them by key (docs/preferences.md).
--
-- The index is made on every partition there is, and ATTACH PARTITION (V30's period_partitions) gives it to every
-- partition made later.
ALTER TABLE filing_usage DROP CONSTRAINT filing_usage_pkey;
CREATE INDEX filing_usage_filing_idx ON filing_usage (filing_id);
