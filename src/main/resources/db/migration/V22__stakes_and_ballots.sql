-- Stakes and control rights (economics.md, "Stakes and control rights"). A member ref's beneficial stake in a model is
-- derived from what is stored already (published statement lines, restatements' ADJUSTED entries): nothing here
-- holds a stake. What is recorded is the builders' equity grants, which the CMO holds in trust once two of its
-- administrators accepted them, and the ballots on how a model behaves, their votes and their results.

-- A builder's equity grant for a model (share of the model's economic interest, the document's reference and SHA-256).
-- PROPOSED by the builder, ACCEPTED by a first administrator, HELD (in trust) once a second one confirms.
CREATE TABLE stake_grant (
    id            bigserial PRIMARY KEY,
    tenant_id     text NOT NULL REFERENCES tenant (id),
    model         text NOT NULL CHECK (length(model) BETWEEN 1 AND 200),
    builder_id    bigint NOT NULL REFERENCES builder_org (id),
    share         numeric(7,6) NOT NULL CHECK (share > 0 AND share <= 1),
    reference     text NOT NULL CHECK (length(reference) BETWEEN 1 AND 200),
    sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    state         text NOT NULL DEFAULT 'PROPOSED' CHECK (state IN ('PROPOSED', 'ACCEPTED', 'HELD')),
    proposed_by   text NOT NULL,
    proposed_at   timestamptz NOT NULL DEFAULT now(),
    accepted_by   text,
    accepted_at   timestamptz,
    confirmed_by  text,
    confirmed_at  timestamptz,
    -- four eyes: the administrator who confirms is never the one who accepted
    CHECK (confirmed_by IS NULL OR (accepted_by IS NOT NULL AND confirmed_by <> accepted_by)),
    CHECK ((state = 'PROPOSED') = (accepted_by IS NULL)),
    CHECK ((state = 'HELD') = (confirmed_by IS NOT NULL))
);
CREATE INDEX stake_grant_model ON stake_grant (tenant_id, model);
ALTER TABLE stake_grant ENABLE ROW LEVEL SECURITY;
ALTER TABLE stake_grant FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON stake_grant USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT, INSERT, UPDATE (state, accepted_by, accepted_at, confirmed_by, confirmed_at) ON stake_grant TO ${appRole};

-- A ballot on a model-behaviour question: OPEN until closes_at, then CLOSED by the closer (exactly once: the closer's
-- UPDATE ... WHERE state = 'OPEN' claims it) with the tally of the stakes at closing and the SHA-256 of its canonical
-- JSON (api.md). The model's builder acknowledges the result.
CREATE TABLE ballot (
    id               bigserial PRIMARY KEY,
    tenant_id        text NOT NULL REFERENCES tenant (id),
    model            text NOT NULL CHECK (length(model) BETWEEN 1 AND 200),
    question         text NOT NULL CHECK (length(question) BETWEEN 1 AND 500),
    closes_at        timestamptz NOT NULL,
    quorum           numeric(7,6) NOT NULL CHECK (quorum BETWEEN 0 AND 1),
    threshold        numeric(7,6) NOT NULL CHECK (threshold BETWEEN 0 AND 1),
    state            text NOT NULL DEFAULT 'OPEN' CHECK (state IN ('OPEN', 'CLOSED')),
    opened_by        text NOT NULL,
    opened_at        timestamptz NOT NULL DEFAULT now(),
    closed_at        timestamptz,
    -- the result (shares of the model's whole stake, rounded half-even to 6 digits for reading; the comparisons were
    -- made on exact fractions, written beside them as numerator/denominator)
    quorum_met       boolean,
    passed           boolean,
    turnout          numeric(7,6),
    yes_share        numeric(7,6),
    no_share         numeric(7,6),
    abstain_share    numeric(7,6),
    exact_shares     text,
    votes            integer,
    result_json      text,
    result_sha256    text CHECK (result_sha256 IS NULL OR result_sha256 ~ '^[0-9a-f]{64}$'),
    acknowledged_by  text,
    acknowledged_at  timestamptz,
    UNIQUE (tenant_id, id),
    CHECK ((state = 'CLOSED') = (closed_at IS NOT NULL)),
    CHECK (acknowledged_by IS NULL OR result_sha256 IS NOT NULL)
);
CREATE INDEX ballot_due ON ballot (tenant_id, state, closes_at);
CREATE INDEX ballot_model ON ballot (tenant_id, model);
ALTER TABLE ballot ENABLE ROW LEVEL SECURITY;
ALTER TABLE ballot FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ballot USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT, INSERT, UPDATE (state, closed_at, quorum_met, passed, turnout, yes_share, no_share, abstain_share,
                              exact_shares, votes, result_json, result_sha256, acknowledged_by, acknowledged_at)
    ON ballot TO ${appRole};

-- One vote per member ref and ballot; a later vote replaces the earlier one until closing.
CREATE TABLE ballot_vote (
    tenant_id   text NOT NULL REFERENCES tenant (id),
    ballot_id   bigint NOT NULL,
    member_ref  text NOT NULL,
    choice      text NOT NULL CHECK (choice IN ('yes', 'no', 'abstain')),
    cast_by     text NOT NULL,
    cast_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (ballot_id, member_ref),
    FOREIGN KEY (tenant_id, ballot_id) REFERENCES ballot (tenant_id, id),
    FOREIGN KEY (tenant_id, member_ref) REFERENCES member (tenant_id, ref)
);
ALTER TABLE ballot_vote ENABLE ROW LEVEL SECURITY;
ALTER TABLE ballot_vote FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ballot_vote USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT, INSERT, UPDATE (choice, cast_by, cast_at) ON ballot_vote TO ${appRole};

-- A model's register sums its published lines per member ref: found by model, not by statement.
CREATE INDEX statement_line_model ON statement_line (tenant_id, model, statement_id);
-- and a restatement's ADJUSTED entries by their cause
CREATE INDEX account_entry_adjusted_cause ON account_entry (tenant_id, cause, cause_id) WHERE kind = 'ADJUSTED';
