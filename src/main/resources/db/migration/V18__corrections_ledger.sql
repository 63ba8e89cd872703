-- The CMO's side of conservation after a distribution (economics.md, "Restating a distributed filing", "Disputes",
-- "Suspense: claims and ageing"). A distribution run's own figures (distribution_run, run_category, run_line) are
-- never rewritten; what changes afterwards is appended here, one row per change, as account_entry does for members:
--   GROSS     the tenant gross distributed changed (a restatement: the builder owes the difference);
--   FEES      the fees changed (a restatement's difference; minus a dispute's adjustment);
--   SUSPENSE  money held for (origin period, category, member_ref) changed: a restatement's difference (either sign),
--             or money moved out of suspense to members (a claim or an aged release: negative, matched by RELEASED
--             entries of the same cause). member_ref is null for a category without usage.
-- So, for a tenant at any moment: gross of the runs + GROSS = fees of the runs + FEES + suspense of the runs
-- + SUSPENSE + balances + paid - returned.
CREATE TABLE tenant_entry (
    id                bigserial PRIMARY KEY,
    tenant_id         text NOT NULL REFERENCES tenant (id),
    account           text NOT NULL CHECK (account IN ('GROSS', 'FEES', 'SUSPENSE')),
    amount            bigint NOT NULL CHECK (amount <> 0),
    -- The open period the correction lands in (restatements, disputes); null for claims and releases.
    landing_period_id bigint REFERENCES period (id),
    -- SUSPENSE only: whose held money it is.
    origin_period_id  bigint REFERENCES period (id),
    category_key      text,
    member_ref        text,
    cause             text NOT NULL CHECK (length(cause) BETWEEN 1 AND 40),
    cause_id          bigint NOT NULL,
    reason            text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    at                timestamptz NOT NULL DEFAULT now(),
    CHECK ((account = 'SUSPENSE') = (origin_period_id IS NOT NULL AND category_key IS NOT NULL)),
    CHECK (account = 'SUSPENSE' OR member_ref IS NULL)
);
CREATE INDEX tenant_entry_account ON tenant_entry (tenant_id, account, origin_period_id, category_key, member_ref);
CREATE INDEX tenant_entry_cause ON tenant_entry (tenant_id, cause, cause_id);

CREATE TRIGGER tenant_entry_no_update BEFORE UPDATE OR DELETE ON tenant_entry
    FOR EACH ROW EXECUTE FUNCTION account_entry_immutable();
CREATE TRIGGER tenant_entry_no_truncate BEFORE TRUNCATE ON tenant_entry
    FOR EACH STATEMENT EXECUTE FUNCTION account_entry_immutable();

ALTER TABLE tenant_entry ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_entry FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_entry USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT, INSERT ON tenant_entry TO ${appRole};

-- What a member's statement shows in its adjustments section (api.md: {id, what, before, after, amount, reason}):
-- one row per ADJUSTED entry, written in the same transaction as the entry, by restatements and disputes alike.
CREATE TABLE adjustment (
    id                bigserial PRIMARY KEY,
    tenant_id         text NOT NULL REFERENCES tenant (id),
    landing_period_id bigint NOT NULL REFERENCES period (id),
    member_ref        text NOT NULL,
    cause             text NOT NULL CHECK (cause IN ('restatement', 'dispute')),
    cause_id          bigint NOT NULL,
    -- What is corrected, in words a member reads ("Filing 41 of acme / acme-llm-8, 2026-Q2", "Line 1234 of 2026-Q2").
    what              text NOT NULL CHECK (length(what) BETWEEN 1 AND 300),
    before            bigint NOT NULL,
    after             bigint NOT NULL,
    amount            bigint NOT NULL CHECK (amount <> 0 AND amount = after - before),
    reason            text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    account_entry_id  bigint NOT NULL REFERENCES account_entry (id),
    at                timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (tenant_id, member_ref) REFERENCES member (tenant_id, ref)
);
CREATE INDEX adjustment_statement ON adjustment (tenant_id, landing_period_id, member_ref);
CREATE TRIGGER adjustment_no_update BEFORE UPDATE OR DELETE ON adjustment
    FOR EACH ROW EXECUTE FUNCTION account_entry_immutable();
ALTER TABLE adjustment ENABLE ROW LEVEL SECURITY;
ALTER TABLE adjustment FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON adjustment USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT, INSERT ON adjustment TO ${appRole};

-- A restatement of a distributed filing (economics.md, "Restating a distributed filing"): the skeleton every
-- correction and the stakes register agree on (the restatements feature adds its own columns). Its ADJUSTED
-- entries carry cause 'restatement' and cause_id = restatement.id; filing_id is the restated (original) filing, so
-- its builder and model are the filing's.
CREATE TABLE restatement (
    id          bigserial PRIMARY KEY,
    tenant_id   text NOT NULL REFERENCES tenant (id),
    period_id   bigint NOT NULL REFERENCES period (id),
    filing_id   bigint NOT NULL,
    state       text NOT NULL CHECK (state IN ('PROPOSED', 'APPROVED_ONCE', 'APPROVED', 'REJECTED')),
    reason      text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    created_at  timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (tenant_id, filing_id) REFERENCES filing (tenant_id, id)
);
CREATE INDEX restatement_filing ON restatement (tenant_id, filing_id);
ALTER TABLE restatement ENABLE ROW LEVEL SECURITY;
ALTER TABLE restatement FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON restatement USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT, INSERT, UPDATE (state) ON restatement TO ${appRole};

-- A claimed ref (economics.md, "Suspense: claims and ageing"): once a claim is confirmed, usage under alias_ref
-- counts as member_ref's own (its units are added to the member's before allocation, one key per member). An
-- alias is never a member's own ref, and one alias belongs to one member.
CREATE TABLE member_alias (
    tenant_id   text NOT NULL REFERENCES tenant (id),
    alias_ref   text NOT NULL CHECK (length(alias_ref) BETWEEN 1 AND 128),
    member_ref  text NOT NULL,
    claim_id    bigint NOT NULL,
    since       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, alias_ref),
    FOREIGN KEY (tenant_id, member_ref) REFERENCES member (tenant_id, ref)
);
CREATE INDEX member_alias_member ON member_alias (tenant_id, member_ref);
CREATE TRIGGER member_alias_no_update BEFORE UPDATE OR DELETE ON member_alias
    FOR EACH ROW EXECUTE FUNCTION account_entry_immutable();
ALTER TABLE member_alias ENABLE ROW LEVEL SECURITY;
ALTER TABLE member_alias FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON member_alias USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT, INSERT ON member_alias TO ${appRole};
