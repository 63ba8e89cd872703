-- What a published statement shows is fixed when it is published. The statement pages, CSV, PDF, API and payout
-- file read the member's name, the CMO's fee rate and, in the calculation trail, the filing's builder, model and
-- attestation; read live, a later rename, a later attestation or a withdrawn trust would rewrite what members
-- (and builders) have already seen. The distribution writes them here, in its transaction.

-- The payee's name and the fee rate as they were at publication.
ALTER TABLE statement
    ADD COLUMN member_name    text CHECK (length(member_name) BETWEEN 1 AND 200),
    ADD COLUMN admin_fee_rate numeric(7,6) CHECK (admin_fee_rate BETWEEN 0 AND 1);

-- One row per accepted filing of a distributed period: who filed which model, and the attestations that stood
-- when it was published (the evaluators' names and their report references, in the order they were recorded;
-- both null when none stood).
CREATE TABLE published_filing (
    filing_id             bigint PRIMARY KEY,
    tenant_id             text NOT NULL,
    run_id                bigint NOT NULL,
    builder_name          text NOT NULL,
    model                 text NOT NULL,
    attested_by           text,
    attestation_reference text,
    CHECK ((attested_by IS NULL) = (attestation_reference IS NULL)),
    FOREIGN KEY (tenant_id, filing_id) REFERENCES filing (tenant_id, id),
    FOREIGN KEY (tenant_id, run_id) REFERENCES distribution_run (tenant_id, id)
);
ALTER TABLE published_filing ENABLE ROW LEVEL SECURITY;
ALTER TABLE published_filing FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON published_filing USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
CREATE INDEX published_filing_run_idx ON published_filing (run_id);

-- ------------------------------------------------------------------ statements published before this version
-- Filled from the values of now, which are what those statements showed until now. The statement trigger of V3
-- refuses every update, so it is off for this one fill. Each tenant's rows are filled inside that tenant (and named
-- explicitly, for an owner that bypasses row-level security).
ALTER TABLE statement DISABLE TRIGGER statement_immutable;
DO $$
DECLARE t text;
BEGIN
    FOR t IN SELECT id FROM tenant LOOP
        PERFORM set_config('app.tenant_id', t, true);
        -- (the pages showed the ref where no member had it; members are never deleted, so that is no statement)
        UPDATE statement s
           SET member_name = coalesce((SELECT m.name FROM member m WHERE m.tenant_id = s.tenant_id AND m.ref = s.member_ref),
                                      s.member_ref),
               admin_fee_rate = (SELECT tn.admin_fee_rate FROM tenant tn WHERE tn.id = s.tenant_id)
         WHERE s.tenant_id = t;
        -- an attestation stands when it is not voided, is of the filing's content and its evaluator is trusted
        -- here (VerificationService.attestations); accepted filings are live
        INSERT INTO published_filing (filing_id, tenant_id, run_id, builder_name, model, attested_by, attestation_reference)
        SELECT f.id, f.tenant_id, r.id, b.name, f.model,
               string_agg(e.name, ', ' ORDER BY a.id), string_agg(a.report_reference, ', ' ORDER BY a.id)
          FROM filing f
          JOIN distribution_run r ON r.tenant_id = f.tenant_id AND r.period_id = f.period_id AND r.status = 'DISTRIBUTED'
          JOIN builder_org b ON b.id = f.builder_id
          LEFT JOIN attestation a ON a.tenant_id = f.tenant_id AND a.filing_id = f.id AND a.voided_at IS NULL
               AND a.filing_sha256 = f.content_sha256
               AND EXISTS (SELECT 1 FROM evaluator_trust et WHERE et.tenant_id = a.tenant_id AND et.evaluator_id = a.evaluator_id)
          LEFT JOIN evaluator_org e ON e.id = a.evaluator_id
         WHERE f.tenant_id = t AND f.status = 'ACCEPTED'
         GROUP BY f.id, f.tenant_id, r.id, b.name, f.model;
    END LOOP;
    PERFORM set_config('app.tenant_id', '', true);
END $$;
ALTER TABLE statement ENABLE TRIGGER statement_immutable;

-- Every statement is a member's (run lines are matched to members), so from now on each has both.
ALTER TABLE statement ALTER COLUMN member_name SET NOT NULL, ALTER COLUMN admin_fee_rate SET NOT NULL;

-- ------------------------------------------------------------------ published stays published
CREATE TRIGGER published_filing_immutable BEFORE UPDATE OR DELETE ON published_filing
    FOR EACH ROW EXECUTE FUNCTION published_immutable();
CREATE TRIGGER published_filing_no_truncate BEFORE TRUNCATE ON published_filing
    FOR EACH STATEMENT EXECUTE FUNCTION published_immutable();
-- The app reads the snapshots and the distribution adds them; nothing else.
REVOKE ALL ON published_filing FROM ${appRole};
GRANT SELECT, INSERT ON published_filing TO ${appRole};
