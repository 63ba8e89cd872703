-- A statement's lines are its run's matched lines (issue 14, docs/performance.md "Period workflow").
--
-- statement_line held every matched run_line a second time (950,000 rows of a 1,000,000-line period), written by the
-- distribution after the run had written them once: a third of the distribution's time. Each run line now has an id
-- of its own, and statement_line is a view that shows the matched lines of a distributed run with the statement of
-- their ref and the builder and model the distribution published for their filing (published_filing, V9). Every
-- column a reader used is there as before, and a line keeps its id: a dispute names the same line as before this
-- version. What members have seen stays as it was: a distributed run's lines can be neither changed nor deleted
-- (V3's triggers), nor can statements or published filings.

-- ------------------------------------------------------------------ the run's lines get ids: those the statement lines had
ALTER TABLE run_line ADD COLUMN id bigint;
ALTER SEQUENCE statement_line_id_seq OWNED BY NONE;
ALTER SEQUENCE statement_line_id_seq RENAME TO run_line_id_seq;
ALTER TABLE run_line DISABLE TRIGGER run_line_immutable;

DO $$
DECLARE t text;
BEGIN
    -- Inside each tenant, as V13 did: row-level security holds an owner that is not a superuser too.
    FOR t IN SELECT id FROM tenant LOOP
        PERFORM set_config('app.tenant_id', t, true);
        -- A published line takes the id its statement line had (one run line per run, filing, category and ref).
        UPDATE run_line l SET id = sl.id
          FROM statement_line sl JOIN statement s ON s.tenant_id = sl.tenant_id AND s.id = sl.statement_id
         WHERE sl.tenant_id = t AND l.tenant_id = t AND l.run_id = s.run_id AND l.filing_id = sl.filing_id
           AND l.category_key = sl.category_key AND l.member_ref = s.member_ref AND l.matched;
        -- A statement line with no run line of its own (none is written so by the application, but data may come from
        -- elsewhere) becomes one, so that no published line is lost.
        INSERT INTO run_line (id, run_id, tenant_id, filing_id, category_key, member_ref, matched, units, category_units, amount)
        SELECT sl.id, s.run_id, sl.tenant_id, sl.filing_id, sl.category_key, s.member_ref, true, sl.units, sl.category_units, sl.amount
          FROM statement_line sl JOIN statement s ON s.tenant_id = sl.tenant_id AND s.id = sl.statement_id
         WHERE sl.tenant_id = t
           AND NOT EXISTS (SELECT 1 FROM run_line l WHERE l.tenant_id = t AND l.id = sl.id);
        -- and a filing those lines name without a published_filing (written before V9's fill could) gets one from them
        INSERT INTO published_filing (filing_id, tenant_id, run_id, builder_name, model)
        SELECT DISTINCT ON (sl.filing_id) sl.filing_id, sl.tenant_id, s.run_id, sl.builder_name, sl.model
          FROM statement_line sl JOIN statement s ON s.tenant_id = sl.tenant_id AND s.id = sl.statement_id
         WHERE sl.tenant_id = t
           AND NOT EXISTS (SELECT 1 FROM published_filing pf WHERE pf.filing_id = sl.filing_id)
         ORDER BY sl.filing_id, sl.id;
        UPDATE run_line SET id = nextval('run_line_id_seq') WHERE tenant_id = t AND id IS NULL;
    END LOOP;
    PERFORM set_config('app.tenant_id', '', true);
END $$;

ALTER TABLE run_line ENABLE TRIGGER run_line_immutable;
ALTER SEQUENCE run_line_id_seq OWNED BY run_line.id;
ALTER TABLE run_line ALTER COLUMN id SET DEFAULT nextval('run_line_id_seq'),
                     ALTER COLUMN id SET NOT NULL,
                     ADD PRIMARY KEY (id);
GRANT USAGE ON SEQUENCE run_line_id_seq TO ${appRole};

-- A statement reads its lines by its run and ref; only matched lines are a statement's.
CREATE INDEX run_line_statement_idx ON run_line (run_id, member_ref) WHERE matched;

-- ------------------------------------------------------------------ disputes name a run line
-- The line a dispute names was published (its run is distributed), and a distributed run's lines are never deleted
-- (V3's run_lines_deletable): checked once per insert, as the run's own references are (V13).
ALTER TABLE dispute DROP CONSTRAINT dispute_statement_line_id_fkey;
CREATE FUNCTION dispute_references() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN
    IF EXISTS (SELECT 1 FROM new_rows n
                WHERE NOT EXISTS (SELECT 1 FROM run_line l JOIN distribution_run r ON r.tenant_id = l.tenant_id AND r.id = l.run_id
                                   WHERE l.id = n.statement_line_id AND l.tenant_id = n.tenant_id AND l.matched
                                     AND r.status = 'DISTRIBUTED')) THEN
        RAISE EXCEPTION 'dispute names a statement line that does not exist in its tenant' USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER dispute_references AFTER INSERT ON dispute
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dispute_references();

-- ------------------------------------------------------------------ statement_line: the view
DROP TABLE statement_line;
DROP FUNCTION statement_line_references();
-- security_invoker: the reader's own row-level security applies to every table below, as it did to the table.
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
