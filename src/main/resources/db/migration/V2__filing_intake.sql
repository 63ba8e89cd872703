-- Filing intake: what a submission records about its usage file, the chain of resubmissions, and the
-- right to stage an upload in a temporary table.

ALTER TABLE filing
    ADD COLUMN usage_sha256  text CHECK (usage_sha256 IS NULL OR usage_sha256 ~ '^[0-9a-f]{64}$'),
    ADD COLUMN usage_lines   bigint CHECK (usage_lines IS NULL OR usage_lines >= 0),
    ADD COLUMN supersedes_id bigint,
    ADD FOREIGN KEY (tenant_id, supersedes_id) REFERENCES filing (tenant_id, id);

-- At most one live submission per builder, model and period: a resubmission supersedes the previous one
-- in the same transaction, so two concurrent submissions can never both stay SUBMITTED.
CREATE UNIQUE INDEX filing_one_submitted_uq ON filing (tenant_id, period_id, builder_id, model) WHERE status = 'SUBMITTED';
-- A builder's filings in a tenant (its home page and history).
CREATE INDEX filing_builder_idx ON filing (tenant_id, builder_id, period_id);

-- An upload is parsed and loaded with COPY into a temporary table (ON COMMIT DROP) created in the
-- submitting transaction: private to the connection, so no row-level security is needed and concurrent
-- uploads never see each other's lines; a rejected upload leaves nothing behind. The app role needs
-- TEMPORARY on the database, which PUBLIC normally has; grant it explicitly in case it was revoked.
DO $$
BEGIN
    EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO ${appRole}', current_database());
END $$;
