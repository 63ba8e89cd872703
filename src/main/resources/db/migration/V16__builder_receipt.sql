-- What a CMO recorded as received from a builder organisation, per period it pays for (docs/accounts.md): the
-- administrator copies it from the CMO's bank statement. Appended, never changed: a receipt recorded in error is
-- taken back by a reversal (a negative amount) that names it in its reference.
CREATE TABLE builder_receipt (
    id          bigserial PRIMARY KEY,
    tenant_id   text NOT NULL REFERENCES tenant (id),
    builder_id  bigint NOT NULL REFERENCES builder_org (id),
    period_id   bigint NOT NULL,
    amount      bigint NOT NULL CHECK (amount <> 0),
    received_on date NOT NULL,
    reference   text NOT NULL CHECK (length(reference) BETWEEN 1 AND 200),
    recorded_by text NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (tenant_id, period_id) REFERENCES period (tenant_id, id)
);
CREATE INDEX builder_receipt_builder ON builder_receipt (tenant_id, builder_id, period_id);

CREATE FUNCTION builder_receipt_immutable() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'builder_receipt is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege'; END $$;
CREATE TRIGGER builder_receipt_no_update BEFORE UPDATE OR DELETE ON builder_receipt
    FOR EACH ROW EXECUTE FUNCTION builder_receipt_immutable();
CREATE TRIGGER builder_receipt_no_truncate BEFORE TRUNCATE ON builder_receipt
    FOR EACH STATEMENT EXECUTE FUNCTION builder_receipt_immutable();

ALTER TABLE builder_receipt ENABLE ROW LEVEL SECURITY;
ALTER TABLE builder_receipt FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON builder_receipt USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

GRANT SELECT, INSERT ON builder_receipt TO ${appRole};


-- An account page reads a member's entries newest first, a page at a time (docs/accounts.md): (tenant, member, at, id)
-- gives that order from the index, and serves every lookup by member that V15's (tenant, member, id) served, at the
-- same cost to the distribution's inserts.
DROP INDEX account_entry_member;
CREATE INDEX account_entry_member ON account_entry (tenant_id, member_ref, at, id);
