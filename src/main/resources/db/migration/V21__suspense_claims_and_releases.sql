-- Suspense that reaches its owners (economics.md, "Suspense: claims and ageing"): a member claims an unmatched ref,
-- one administrator accepts, another confirms (the ref becomes the member's alias, V18's member_alias, and what is
-- held under it moves to the member); money held past the tenant's suspense_hold_months is released by two
-- administrators over the members paid where it was held. The money itself moves in account_entry (RELEASED) and
-- tenant_entry (SUSPENSE, negative) with the same cause and cause_id, so Conservation holds each step on its own.

-- ------------------------------------------------------------------ claims
CREATE TABLE suspense_claim (
    id          bigserial PRIMARY KEY,
    tenant_id   text NOT NULL REFERENCES tenant (id),
    ref         text NOT NULL CHECK (length(ref) BETWEEN 1 AND 128),
    member_ref  text NOT NULL,
    evidence    text NOT NULL CHECK (length(evidence) BETWEEN 1 AND 2000),
    state       text NOT NULL DEFAULT 'OPEN' CHECK (state IN ('OPEN', 'ACCEPTED', 'CONFIRMED', 'REJECTED')),
    claimed_by  text NOT NULL,
    claimed_at  timestamptz NOT NULL DEFAULT now(),
    accepted_by text,
    accepted_at timestamptz,
    decided_by  text,
    decided_at  timestamptz,
    reason      text CHECK (length(reason) BETWEEN 1 AND 500),
    FOREIGN KEY (tenant_id, member_ref) REFERENCES member (tenant_id, ref),
    -- four eyes, held by the table as well: who confirms is not who accepted
    CHECK (state <> 'CONFIRMED' OR (accepted_by IS NOT NULL AND decided_by IS NOT NULL AND decided_by <> accepted_by)),
    CHECK (state <> 'REJECTED' OR reason IS NOT NULL)
);
-- One confirmed claim per ref (the alias's primary key says the same); one open claim per ref and member.
CREATE UNIQUE INDEX suspense_claim_confirmed ON suspense_claim (tenant_id, ref) WHERE state = 'CONFIRMED';
CREATE UNIQUE INDEX suspense_claim_open ON suspense_claim (tenant_id, ref, member_ref) WHERE state IN ('OPEN', 'ACCEPTED');
CREATE INDEX suspense_claim_member ON suspense_claim (tenant_id, member_ref);

-- A claim decided stays decided: OPEN -> ACCEPTED -> CONFIRMED, OPEN or ACCEPTED -> REJECTED.
CREATE FUNCTION suspense_claim_transition() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN
    IF NOT ((OLD.state = 'OPEN' AND NEW.state IN ('ACCEPTED', 'REJECTED'))
            OR (OLD.state = 'ACCEPTED' AND NEW.state IN ('CONFIRMED', 'REJECTED'))) THEN
        RAISE EXCEPTION 'claim % cannot move from % to %', OLD.id, OLD.state, NEW.state USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER suspense_claim_transition BEFORE UPDATE ON suspense_claim
    FOR EACH ROW EXECUTE FUNCTION suspense_claim_transition();
CREATE TRIGGER suspense_claim_no_delete BEFORE DELETE ON suspense_claim
    FOR EACH ROW EXECUTE FUNCTION account_entry_immutable();

ALTER TABLE suspense_claim ENABLE ROW LEVEL SECURITY;
ALTER TABLE suspense_claim FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON suspense_claim USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT, INSERT, UPDATE (state, accepted_by, accepted_at, decided_by, decided_at, reason) ON suspense_claim TO ${appRole};

-- What a confirmed claim moved, one row per period it was held in: its id is the cause_id ('claim') of the member's
-- RELEASED entry for that period and of the negative SUSPENSE rows, one per (category, ref) held there.
CREATE TABLE claim_release (
    id         bigserial PRIMARY KEY,
    tenant_id  text NOT NULL REFERENCES tenant (id),
    claim_id   bigint NOT NULL REFERENCES suspense_claim (id),
    period_id  bigint NOT NULL REFERENCES period (id),
    amount     bigint NOT NULL CHECK (amount > 0),
    UNIQUE (tenant_id, claim_id, period_id)
);
CREATE TRIGGER claim_release_no_update BEFORE UPDATE OR DELETE ON claim_release
    FOR EACH ROW EXECUTE FUNCTION account_entry_immutable();
ALTER TABLE claim_release ENABLE ROW LEVEL SECURITY;
ALTER TABLE claim_release FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON claim_release USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT, INSERT ON claim_release TO ${appRole};

-- ------------------------------------------------------------------ aged releases
-- A proposal reserves nothing: its fingerprint is the SHA-256 of every held amount aged at as_of when it was
-- proposed; the confirmation computes it again and refuses when it differs (propose again).
CREATE TABLE suspense_release (
    id           bigserial PRIMARY KEY,
    tenant_id    text NOT NULL REFERENCES tenant (id),
    as_of        date NOT NULL,
    hold_months  integer NOT NULL CHECK (hold_months >= 0),
    fingerprint  text NOT NULL CHECK (fingerprint ~ '^[0-9a-f]{64}$'),
    total        bigint NOT NULL CHECK (total > 0),
    state        text NOT NULL DEFAULT 'PROPOSED' CHECK (state IN ('PROPOSED', 'CONFIRMED')),
    proposed_by  text NOT NULL,
    proposed_at  timestamptz NOT NULL DEFAULT now(),
    confirmed_by text,
    confirmed_at timestamptz,
    CHECK (state <> 'CONFIRMED' OR (confirmed_by IS NOT NULL AND confirmed_by <> proposed_by)),
    UNIQUE (tenant_id, id)
);
CREATE FUNCTION suspense_release_transition() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN
    IF NOT (OLD.state = 'PROPOSED' AND NEW.state = 'CONFIRMED') OR NEW.fingerprint <> OLD.fingerprint
       OR NEW.total <> OLD.total OR NEW.as_of <> OLD.as_of THEN
        RAISE EXCEPTION 'release % cannot change from % to %', OLD.id, OLD.state, NEW.state USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER suspense_release_transition BEFORE UPDATE ON suspense_release
    FOR EACH ROW EXECUTE FUNCTION suspense_release_transition();
CREATE TRIGGER suspense_release_no_delete BEFORE DELETE ON suspense_release
    FOR EACH ROW EXECUTE FUNCTION account_entry_immutable();
ALTER TABLE suspense_release ENABLE ROW LEVEL SECURITY;
ALTER TABLE suspense_release FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON suspense_release USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT, INSERT, UPDATE (state, confirmed_by, confirmed_at) ON suspense_release TO ${appRole};

-- One (period, category) of a release: what is held there (netted per ref, the positive nets added up) and released
-- at once. Its id is the cause_id ('release') of the shares' RELEASED entries and of the negative SUSPENSE rows.
CREATE TABLE release_pot (
    id           bigserial PRIMARY KEY,
    tenant_id    text NOT NULL REFERENCES tenant (id),
    release_id   bigint NOT NULL,
    period_id    bigint NOT NULL REFERENCES period (id),
    category_key text NOT NULL,
    basis        text NOT NULL CHECK (basis IN ('CATEGORY', 'PERIOD')),
    amount       bigint NOT NULL CHECK (amount > 0),
    FOREIGN KEY (tenant_id, release_id) REFERENCES suspense_release (tenant_id, id),
    UNIQUE (tenant_id, release_id, period_id, category_key)
);
CREATE TRIGGER release_pot_no_update BEFORE UPDATE OR DELETE ON release_pot
    FOR EACH ROW EXECUTE FUNCTION account_entry_immutable();
ALTER TABLE release_pot ENABLE ROW LEVEL SECURITY;
ALTER TABLE release_pot FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON release_pot USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT, INSERT ON release_pot TO ${appRole};

-- A member's share of a pot, as proposed: the confirmation posts exactly these.
CREATE TABLE release_share (
    tenant_id  text NOT NULL REFERENCES tenant (id),
    pot_id     bigint NOT NULL REFERENCES release_pot (id),
    member_ref text NOT NULL,
    amount     bigint NOT NULL CHECK (amount > 0),
    PRIMARY KEY (pot_id, member_ref),
    FOREIGN KEY (tenant_id, member_ref) REFERENCES member (tenant_id, ref)
);
CREATE TRIGGER release_share_no_update BEFORE UPDATE OR DELETE ON release_share
    FOR EACH ROW EXECUTE FUNCTION account_entry_immutable();
ALTER TABLE release_share ENABLE ROW LEVEL SECURITY;
ALTER TABLE release_share FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON release_share USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT, INSERT ON release_share TO ${appRole};
