-- Disputes (economics.md, "Disputes"): a member disputes a line of a published statement; an administrator rejects it
-- with a reason or proposes a signed adjustment; another administrator approves the proposal, which posts the ADJUSTED
-- entry (with its statement adjustment, V18) into the tenant's open period and minus the adjustment to the fees
-- (tenant_entry FEES), in one transaction. The row moves only along OPEN -> REJECTED | PROPOSED -> APPROVED; a
-- proposal can be replaced or turned into a rejection before it is approved (a second administrator who disagrees
-- says why), never after.
CREATE TABLE dispute (
    id                bigserial PRIMARY KEY,
    tenant_id         text NOT NULL REFERENCES tenant (id),
    -- The disputed line, its statement and period, and the member whose line it is (the statement's ref).
    statement_line_id bigint NOT NULL REFERENCES statement_line (id),
    statement_id      bigint NOT NULL,
    period_id         bigint NOT NULL,
    member_ref        text NOT NULL,
    message           text NOT NULL CHECK (length(message) BETWEEN 1 AND 2000),
    opened_by         text NOT NULL,
    opened_at         timestamptz NOT NULL DEFAULT now(),
    state             text NOT NULL CHECK (state IN ('OPEN', 'REJECTED', 'PROPOSED', 'APPROVED')),
    -- The administrator's answer: why it is rejected, or why the adjustment is right (the statement shows it).
    answer            text CHECK (length(answer) BETWEEN 1 AND 500),
    -- The proposed correction of the line's amount, signed, in minor units.
    adjustment        bigint CHECK (adjustment <> 0),
    resolved_by       text,
    resolved_at       timestamptz,
    approved_by       text,
    approved_at       timestamptz,
    -- Where the approved adjustment landed: the open period and the member's ADJUSTED entry.
    landing_period_id bigint,
    account_entry_id  bigint REFERENCES account_entry (id),
    FOREIGN KEY (tenant_id, member_ref) REFERENCES member (tenant_id, ref),
    FOREIGN KEY (tenant_id, period_id) REFERENCES period (tenant_id, id),
    FOREIGN KEY (tenant_id, statement_id) REFERENCES statement (tenant_id, id),
    FOREIGN KEY (tenant_id, landing_period_id) REFERENCES period (tenant_id, id),
    CHECK ((state = 'OPEN') = (resolved_at IS NULL)),
    CHECK ((state = 'OPEN') = (answer IS NULL)),
    CHECK ((state IN ('PROPOSED', 'APPROVED')) = (adjustment IS NOT NULL)),
    CHECK ((state = 'APPROVED') = (approved_at IS NOT NULL AND landing_period_id IS NOT NULL AND account_entry_id IS NOT NULL)),
    -- four eyes: whoever proposed the adjustment never approves it
    CHECK (approved_by IS NULL OR approved_by <> resolved_by)
);
-- One dispute of a line is open at a time (waiting for an answer or for the approval of its adjustment).
CREATE UNIQUE INDEX dispute_one_open_per_line ON dispute (tenant_id, statement_line_id) WHERE state IN ('OPEN', 'PROPOSED');
CREATE INDEX dispute_of_member ON dispute (tenant_id, member_ref, id DESC);
CREATE INDEX dispute_by_state ON dispute (tenant_id, state, id DESC);
CREATE INDEX dispute_of_line ON dispute (tenant_id, statement_line_id) WHERE state = 'APPROVED';

CREATE FUNCTION dispute_transition() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN
    IF (NEW.id, NEW.tenant_id, NEW.statement_line_id, NEW.statement_id, NEW.period_id, NEW.member_ref, NEW.message,
        NEW.opened_by, NEW.opened_at)
       IS DISTINCT FROM (OLD.id, OLD.tenant_id, OLD.statement_line_id, OLD.statement_id, OLD.period_id, OLD.member_ref,
        OLD.message, OLD.opened_by, OLD.opened_at) THEN
        RAISE EXCEPTION 'dispute %: what the member disputed never changes', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    IF (OLD.state, NEW.state) NOT IN (('OPEN', 'REJECTED'), ('OPEN', 'PROPOSED'), ('PROPOSED', 'PROPOSED'),
                                      ('PROPOSED', 'REJECTED'), ('PROPOSED', 'APPROVED')) THEN
        RAISE EXCEPTION 'dispute % cannot go from % to %', OLD.id, OLD.state, NEW.state USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.state = 'APPROVED' AND (NEW.adjustment, NEW.answer, NEW.resolved_by, NEW.resolved_at)
       IS DISTINCT FROM (OLD.adjustment, OLD.answer, OLD.resolved_by, OLD.resolved_at) THEN
        RAISE EXCEPTION 'dispute %: an approval posts the proposal as it stands', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER dispute_transition BEFORE UPDATE ON dispute
    FOR EACH ROW EXECUTE FUNCTION dispute_transition();
CREATE TRIGGER dispute_no_delete BEFORE DELETE ON dispute
    FOR EACH ROW EXECUTE FUNCTION account_entry_immutable();
CREATE TRIGGER dispute_no_truncate BEFORE TRUNCATE ON dispute
    FOR EACH STATEMENT EXECUTE FUNCTION account_entry_immutable();

ALTER TABLE dispute ENABLE ROW LEVEL SECURITY;
ALTER TABLE dispute FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON dispute USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT, INSERT ON dispute TO ${appRole};
GRANT UPDATE (state, answer, adjustment, resolved_by, resolved_at, approved_by, approved_at, landing_period_id,
              account_entry_id) ON dispute TO ${appRole};
