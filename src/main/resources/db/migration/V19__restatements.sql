-- Restatements of distributed filings (economics.md, "Restating a distributed filing"). The restating figures and
-- usage are the restatement's own rows, never a filing: the distributed period's board, its run and its statements
-- read filing, filing_category and filing_usage, and none of them may change or see a restatement. V18 made the
-- skeleton (id, tenant_id, period_id, filing_id = the restated filing, state, reason, created_at); this adds what the
-- builder filed, who proposed and approved it, where it landed, and the differences the engine computed.
ALTER TABLE restatement
    ADD COLUMN builder_id          bigint NOT NULL REFERENCES builder_org (id),
    ADD COLUMN model               text NOT NULL,
    ADD COLUMN currency            text NOT NULL,
    ADD COLUMN revenue             bigint NOT NULL CHECK (revenue >= 0),
    ADD COLUMN serving_cost        bigint NOT NULL CHECK (serving_cost >= 0),
    ADD COLUMN post_training_cost  bigint NOT NULL CHECK (post_training_cost >= 0),
    ADD COLUMN data_value_share    numeric(7,6) NOT NULL CHECK (data_value_share BETWEEN 0 AND 1),
    ADD COLUMN share_flagged       boolean NOT NULL,
    ADD COLUMN usage_sha256        text NOT NULL,
    ADD COLUMN usage_lines         bigint NOT NULL,
    ADD COLUMN proposed_by         text NOT NULL,
    -- four eyes: the first approval, then a second administrator's (never the first) posts the entries
    ADD COLUMN first_approved_by   text,
    ADD COLUMN first_approved_at   timestamptz,
    ADD COLUMN decided_by          text,
    ADD COLUMN decided_at          timestamptz,
    ADD COLUMN landing_period_id   bigint REFERENCES period (id),
    ADD COLUMN rejection           text CHECK (rejection IS NULL OR length(rejection) BETWEEN 1 AND 500),
    ADD CONSTRAINT restatement_tenant_id_uq UNIQUE (tenant_id, id),
    ADD CONSTRAINT restatement_approved_lands CHECK ((state = 'APPROVED') = (landing_period_id IS NOT NULL)),
    ADD CONSTRAINT restatement_rejected_says_why CHECK ((state = 'REJECTED') = (rejection IS NOT NULL)),
    ADD CONSTRAINT restatement_four_eyes CHECK (decided_by IS NULL OR state = 'REJECTED' OR decided_by <> first_approved_by);
CREATE INDEX restatement_state ON restatement (tenant_id, state, id);

-- A proposal moves PROPOSED -> APPROVED_ONCE -> APPROVED, or to REJECTED from either; nothing else, never back.
CREATE FUNCTION restatement_transition() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN
    IF NOT ((OLD.state = 'PROPOSED' AND NEW.state IN ('APPROVED_ONCE', 'REJECTED'))
            OR (OLD.state = 'APPROVED_ONCE' AND NEW.state IN ('APPROVED', 'REJECTED'))) THEN
        RAISE EXCEPTION 'restatement % cannot move from % to %', OLD.id, OLD.state, NEW.state USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER restatement_transition BEFORE UPDATE ON restatement
    FOR EACH ROW EXECUTE FUNCTION restatement_transition();
CREATE TRIGGER restatement_no_delete BEFORE DELETE ON restatement
    FOR EACH ROW EXECUTE FUNCTION account_entry_immutable();

REVOKE UPDATE ON restatement FROM ${appRole};
GRANT UPDATE (state, first_approved_by, first_approved_at, decided_by, decided_at, landing_period_id, rejection)
    ON restatement TO ${appRole};

-- The restated mixture: every category of the filing with its weight (as filing_category's weights).
CREATE TABLE restatement_category (
    restatement_id bigint NOT NULL,
    tenant_id      text NOT NULL,
    category_key   text NOT NULL,
    weight         numeric(7,6) NOT NULL CHECK (weight BETWEEN 0 AND 1),
    PRIMARY KEY (restatement_id, category_key),
    FOREIGN KEY (tenant_id, restatement_id) REFERENCES restatement (tenant_id, id)
);

-- The restated usage, added up per (category, member ref) as filing_usage is.
CREATE TABLE restatement_usage (
    restatement_id bigint NOT NULL,
    tenant_id      text NOT NULL,
    category_key   text NOT NULL,
    member_ref     text NOT NULL,
    units          bigint NOT NULL CHECK (units > 0),
    PRIMARY KEY (restatement_id, category_key, member_ref),
    FOREIGN KEY (tenant_id, restatement_id) REFERENCES restatement (tenant_id, id)
);

-- The differences the engine computed at the proposal, which the approvals are about: the tenant gross (GROSS, what
-- the builder owes is its difference), the fees (FEES), one row per member (MEMBER: summed over categories, an
-- alias's suspense included) and per suspense key (SUSPENSE: a category and an unmatched ref, or a category without
-- usage, ref null). The second approval posts them only if the engine still computes the same (a ref claimed in
-- between changes where its money goes).
CREATE TABLE restatement_line (
    restatement_id bigint NOT NULL,
    tenant_id      text NOT NULL,
    kind           text NOT NULL CHECK (kind IN ('GROSS', 'FEES', 'MEMBER', 'SUSPENSE')),
    category_key   text,
    member_ref     text,
    before         bigint NOT NULL CHECK (before >= 0),
    after          bigint NOT NULL CHECK (after >= 0),
    CHECK (kind <> 'MEMBER' OR (category_key IS NULL AND member_ref IS NOT NULL)),
    CHECK (kind <> 'SUSPENSE' OR category_key IS NOT NULL),
    CHECK (kind NOT IN ('GROSS', 'FEES') OR (category_key IS NULL AND member_ref IS NULL)),
    FOREIGN KEY (tenant_id, restatement_id) REFERENCES restatement (tenant_id, id)
);
CREATE INDEX restatement_line_of ON restatement_line (tenant_id, restatement_id);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['restatement_category', 'restatement_usage', 'restatement_line'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant())', t);
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION account_entry_immutable()',
                       t || '_immutable', t);
    END LOOP;
END $$;
GRANT SELECT, INSERT ON restatement_category, restatement_usage, restatement_line TO ${appRole};
