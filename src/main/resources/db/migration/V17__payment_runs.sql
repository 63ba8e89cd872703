-- Payment runs (economics.md, "Payment runs"): the tenant's settings, members' bank accounts (encrypted), the
-- representatives members name as their payee, and the runs that pay balances out of the member accounts (V15).

-- ------------------------------------------------------------------ the tenant's settings (api.md PATCH /tenants/{t})
-- minimumPayout in minor units of the tenant's currency; the other two are read by later features (claims, disputes).
ALTER TABLE tenant
    ADD COLUMN minimum_payout bigint NOT NULL DEFAULT 0 CHECK (minimum_payout BETWEEN 0 AND 9223372036854),
    ADD COLUMN suspense_hold_months integer NOT NULL DEFAULT 36 CHECK (suspense_hold_months BETWEEN 0 AND 1200),
    ADD COLUMN dispute_window_days integer NOT NULL DEFAULT 270 CHECK (dispute_window_days BETWEEN 0 AND 36500);

-- Rows that record what happened are never changed (as audit_log and account_entry): one function for the tables below.
CREATE FUNCTION payment_record_immutable() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege'; END $$;

-- ------------------------------------------------------------------ bank accounts
-- A member's bank account, one row per change: the latest row of a member is the account on file, the earlier ones
-- say what each payment went to. The IBAN is stored encrypted (AES-256-GCM, payment/PayeeCipher) with the key
-- from the environment: the database holds its ciphertext, the nonce, the id of the key and the masked form shown
-- on pages (first and last four characters), never the number itself.
CREATE TABLE bank_account (
    id              bigserial PRIMARY KEY,
    tenant_id       text NOT NULL REFERENCES tenant (id),
    member_ref      text NOT NULL,
    account_holder  text NOT NULL CHECK (length(account_holder) BETWEEN 1 AND 70),
    iban_ciphertext bytea NOT NULL,
    iban_nonce      bytea NOT NULL CHECK (length(iban_nonce) = 12),
    key_id          text NOT NULL CHECK (length(key_id) BETWEEN 1 AND 40),
    iban_masked     text NOT NULL CHECK (iban_masked ~ '^[A-Z]{2}[0-9]{2}[ *A-Z0-9]+$'),
    bic             text CHECK (bic ~ '^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$'),
    changed_by      text NOT NULL,
    changed_at      timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (tenant_id, member_ref) REFERENCES member (tenant_id, ref)
);
CREATE INDEX bank_account_current ON bank_account (tenant_id, member_ref, id DESC);

-- The CMO's own account, which its payments are made from (the debtor of pain.001), one row per change.
CREATE TABLE debtor_account (
    id              bigserial PRIMARY KEY,
    tenant_id       text NOT NULL REFERENCES tenant (id),
    account_holder  text NOT NULL CHECK (length(account_holder) BETWEEN 1 AND 70),
    iban_ciphertext bytea NOT NULL,
    iban_nonce      bytea NOT NULL CHECK (length(iban_nonce) = 12),
    key_id          text NOT NULL CHECK (length(key_id) BETWEEN 1 AND 40),
    iban_masked     text NOT NULL CHECK (iban_masked ~ '^[A-Z]{2}[0-9]{2}[ *A-Z0-9]+$'),
    bic             text CHECK (bic ~ '^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$'),
    changed_by      text NOT NULL,
    changed_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX debtor_account_current ON debtor_account (tenant_id, id DESC);

-- ------------------------------------------------------------------ representatives
-- A member names another member of the same CMO (a publisher, a guild, an agent) as payee: NAMED until the
-- representative accepts, then ACCEPTED (payments go to the representative's account) until either side ends it.
CREATE TABLE representation (
    id                 bigserial PRIMARY KEY,
    tenant_id          text NOT NULL REFERENCES tenant (id),
    member_ref         text NOT NULL,
    representative_ref text NOT NULL,
    state              text NOT NULL CHECK (state IN ('NAMED', 'ACCEPTED', 'ENDED')),
    named_by           text NOT NULL,
    named_at           timestamptz NOT NULL DEFAULT now(),
    accepted_by        text,
    accepted_at        timestamptz,
    ended_by           text,
    ended_at           timestamptz,
    CHECK (member_ref <> representative_ref),
    CHECK ((state = 'ENDED') = (ended_at IS NOT NULL)),
    FOREIGN KEY (tenant_id, member_ref) REFERENCES member (tenant_id, ref),
    FOREIGN KEY (tenant_id, representative_ref) REFERENCES member (tenant_id, ref)
);
-- at most one representative at a time per member (named or accepted)
CREATE UNIQUE INDEX representation_live ON representation (tenant_id, member_ref) WHERE state <> 'ENDED';
CREATE INDEX representation_by_representative ON representation (tenant_id, representative_ref) WHERE state <> 'ENDED';

CREATE FUNCTION representation_transition() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN
    IF (NEW.id, NEW.tenant_id, NEW.member_ref, NEW.representative_ref, NEW.named_by, NEW.named_at)
       IS DISTINCT FROM (OLD.id, OLD.tenant_id, OLD.member_ref, OLD.representative_ref, OLD.named_by, OLD.named_at) THEN
        RAISE EXCEPTION 'a representation keeps its members and its naming' USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.state IS DISTINCT FROM OLD.state
       AND (OLD.state, NEW.state) NOT IN (('NAMED', 'ACCEPTED'), ('NAMED', 'ENDED'), ('ACCEPTED', 'ENDED')) THEN
        RAISE EXCEPTION 'a representation cannot go from % to %', OLD.state, NEW.state USING ERRCODE = 'check_violation';
    END IF;
    IF OLD.state = 'ENDED' AND NEW IS DISTINCT FROM OLD THEN
        RAISE EXCEPTION 'an ended representation is final' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER representation_transition BEFORE UPDATE ON representation
    FOR EACH ROW EXECUTE FUNCTION representation_transition();

-- ------------------------------------------------------------------ payment runs
-- Proposed by one administrator with every decision of the rule (payment/PaymentRuns, distribution/PaymentRule),
-- approved by another, who writes the PAID entries; or discarded when a new run is proposed. At most one run of a
-- tenant waits for approval at a time.
CREATE TABLE payment_run (
    id             bigserial PRIMARY KEY,
    tenant_id      text NOT NULL REFERENCES tenant (id),
    state          text NOT NULL CHECK (state IN ('PROPOSED', 'APPROVED', 'DISCARDED')),
    currency       text NOT NULL,
    minimum_payout bigint NOT NULL CHECK (minimum_payout >= 0),
    total          bigint NOT NULL CHECK (total >= 0),
    payments       integer NOT NULL CHECK (payments >= 0),
    covered        integer NOT NULL CHECK (covered >= payments),
    carried        integer NOT NULL CHECK (carried >= 0),
    carried_total  bigint NOT NULL CHECK (carried_total >= 0),
    proposed_by    text NOT NULL,
    proposed_at    timestamptz NOT NULL DEFAULT now(),
    decided_by     text,
    decided_at     timestamptz,
    UNIQUE (tenant_id, id),
    CHECK ((state = 'PROPOSED') = (decided_at IS NULL))
);
CREATE UNIQUE INDEX payment_run_one_proposed ON payment_run (tenant_id) WHERE state = 'PROPOSED';
CREATE INDEX payment_run_by_tenant ON payment_run (tenant_id, id DESC);

CREATE FUNCTION payment_run_transition() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN
    IF (NEW.id, NEW.tenant_id, NEW.currency, NEW.minimum_payout, NEW.total, NEW.payments, NEW.covered, NEW.carried,
        NEW.carried_total, NEW.proposed_by, NEW.proposed_at)
       IS DISTINCT FROM (OLD.id, OLD.tenant_id, OLD.currency, OLD.minimum_payout, OLD.total, OLD.payments, OLD.covered,
        OLD.carried, OLD.carried_total, OLD.proposed_by, OLD.proposed_at) THEN
        RAISE EXCEPTION 'payment run %: what was proposed never changes', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    IF OLD.state <> 'PROPOSED' OR NEW.state NOT IN ('APPROVED', 'DISCARDED') THEN
        RAISE EXCEPTION 'payment run % cannot go from % to %', OLD.id, OLD.state, NEW.state USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER payment_run_transition BEFORE UPDATE ON payment_run
    FOR EACH ROW EXECUTE FUNCTION payment_run_transition();

-- Every positive balance of the proposal: paid (why NULL) through payee_ref, or carried with why. Lists are shown in
-- code point order of ref (COLLATE "C", the order the rule reads them in): the indexes the pages page through keep it.
CREATE TABLE payment_run_member (
    tenant_id  text NOT NULL,
    run_id     bigint NOT NULL,
    member_ref text NOT NULL,
    balance    bigint NOT NULL CHECK (balance > 0),
    payee_ref  text NOT NULL,
    why        text CHECK (why IN ('NO_BANK_ACCOUNT', 'BELOW_MINIMUM')),
    PRIMARY KEY (run_id, member_ref)
);
CREATE INDEX payment_run_member_paid ON payment_run_member (run_id, payee_ref, member_ref) WHERE why IS NULL;
CREATE INDEX payment_run_member_carried ON payment_run_member (run_id, member_ref COLLATE "C") WHERE why IS NOT NULL;

-- One payment per payee and run: the sum of the balances it covers, to the payee's bank account as it was proposed.
--
-- The run's rows name their run and bank accounts without foreign keys: a proposal writes a million of each in the
-- transaction that created the run and read the accounts, both append-only rows the application cannot delete
-- (triggers, grants), and the per-row checks were 40% of the proposal's time (docs/performance.md).
CREATE TABLE payment (
    id              bigserial PRIMARY KEY,
    tenant_id       text NOT NULL,
    run_id          bigint NOT NULL,
    payee_ref       text NOT NULL,
    bank_account_id bigint NOT NULL,
    amount          bigint NOT NULL CHECK (amount > 0),
    covers          integer NOT NULL CHECK (covers > 0),
    UNIQUE (run_id, payee_ref)
);
CREATE INDEX payment_of_run ON payment (run_id, payee_ref COLLATE "C");

-- A payment the bank returned, in part or whole, for one member it covered: credited back as a RETURNED entry.
CREATE TABLE payment_return (
    id          bigserial PRIMARY KEY,
    tenant_id   text NOT NULL,
    run_id      bigint NOT NULL,
    member_ref  text NOT NULL,
    amount      bigint NOT NULL CHECK (amount > 0),
    reason      text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    recorded_by text NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (run_id, member_ref) REFERENCES payment_run_member (run_id, member_ref),
    FOREIGN KEY (tenant_id, run_id) REFERENCES payment_run (tenant_id, id)
);
CREATE INDEX payment_return_of_run ON payment_return (tenant_id, run_id, member_ref);

-- ------------------------------------------------------------------ append-only, isolated, least privilege
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['bank_account', 'debtor_account', 'payment_run_member', 'payment', 'payment_return'] LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION payment_record_immutable()',
                       t || '_no_update', t);
        EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION payment_record_immutable()',
                       t || '_no_truncate', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['bank_account', 'debtor_account', 'representation', 'payment_run', 'payment_run_member',
                             'payment', 'payment_return'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant())', t);
    END LOOP;
END $$;

GRANT SELECT, INSERT ON bank_account, debtor_account, payment_run_member, payment, payment_return TO ${appRole};
GRANT SELECT, INSERT, UPDATE ON representation, payment_run TO ${appRole};
