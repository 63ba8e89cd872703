-- The member account of economics.md ("After the period"): one list of entries per member and tenant, in minor
-- units, whose sum is the balance. Entries are never changed or deleted (as the audit log); each names its cause.
CREATE TABLE account_entry (
    id          bigserial PRIMARY KEY,
    tenant_id   text NOT NULL REFERENCES tenant (id),
    member_ref  text NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('EARNED', 'ADJUSTED', 'RELEASED', 'PAID', 'RETURNED')),
    -- No entry for a zero amount; the sign follows the kind (ADJUSTED goes either way).
    amount      bigint NOT NULL CHECK (amount <> 0 AND CASE kind WHEN 'PAID' THEN amount < 0
                                                                 WHEN 'ADJUSTED' THEN true
                                                                 ELSE amount > 0 END),
    period_id   bigint REFERENCES period (id),
    -- What caused it: 'period' (a distribution), 'payment_run', 'payment_return', 'restatement', 'dispute',
    -- 'claim', 'release'; with the cause's id, so one cause posts one entry per member and kind at most.
    cause       text NOT NULL CHECK (length(cause) BETWEEN 1 AND 40),
    cause_id    bigint NOT NULL,
    reason      text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    at          timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (tenant_id, member_ref) REFERENCES member (tenant_id, ref)
);
CREATE UNIQUE INDEX account_entry_once ON account_entry (tenant_id, cause, cause_id, member_ref, kind);
CREATE INDEX account_entry_member ON account_entry (tenant_id, member_ref, id);

CREATE FUNCTION account_entry_immutable() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'account_entry is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege'; END $$;
CREATE TRIGGER account_entry_no_update BEFORE UPDATE OR DELETE ON account_entry
    FOR EACH ROW EXECUTE FUNCTION account_entry_immutable();
CREATE TRIGGER account_entry_no_truncate BEFORE TRUNCATE ON account_entry
    FOR EACH STATEMENT EXECUTE FUNCTION account_entry_immutable();

ALTER TABLE account_entry ENABLE ROW LEVEL SECURITY;
ALTER TABLE account_entry FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON account_entry USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

GRANT SELECT, INSERT ON account_entry TO ${appRole};

-- Periods distributed before the ledger existed: their statements' totals are the EARNED entries they would
-- have posted (a copy of stored amounts, no arithmetic), dated at the distribution.
INSERT INTO account_entry (tenant_id, member_ref, kind, amount, period_id, cause, cause_id, reason, at)
SELECT s.tenant_id, s.member_ref, 'EARNED', s.total, s.period_id, 'period', s.period_id,
       'Distribution of ' || p.label, coalesce(p.distributed_at, s.published_at)
  FROM statement s JOIN period p ON p.id = s.period_id
 WHERE s.total > 0
 ORDER BY s.period_id, s.member_ref;
