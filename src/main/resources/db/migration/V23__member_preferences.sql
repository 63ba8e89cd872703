-- Members' AI preferences (economics.md, "Stakes and control rights" -> Preferences): per category of the tenant,
-- whether a member's works may be used for train-ai and for search, in the vocabulary of the IETF AI preferences
-- work. The history is kept, one row per change: the filing flag needs the state that stood when a period was opened.
-- No row for a (member, category) means both are allowed.
CREATE TABLE member_preference (
    id           bigserial PRIMARY KEY,
    tenant_id    text NOT NULL REFERENCES tenant (id),
    member_ref   text NOT NULL,
    category_key text NOT NULL,
    train_ai     boolean NOT NULL,
    search       boolean NOT NULL,
    since        timestamptz NOT NULL DEFAULT now(),
    set_by       text NOT NULL CHECK (length(set_by) BETWEEN 1 AND 200),
    FOREIGN KEY (tenant_id, member_ref) REFERENCES member (tenant_id, ref),
    FOREIGN KEY (tenant_id, category_key) REFERENCES category (tenant_id, key)
);
-- The latest row of each (category, member) first: the current state, and the state as of a period's opening.
CREATE INDEX member_preference_latest ON member_preference (tenant_id, category_key, member_ref, since DESC, id DESC);
CREATE INDEX member_preference_member ON member_preference (tenant_id, member_ref);
CREATE TRIGGER member_preference_no_update BEFORE UPDATE OR DELETE ON member_preference
    FOR EACH ROW EXECUTE FUNCTION account_entry_immutable();
CREATE TRIGGER member_preference_no_truncate BEFORE TRUNCATE ON member_preference
    FOR EACH STATEMENT EXECUTE FUNCTION account_entry_immutable();
ALTER TABLE member_preference ENABLE ROW LEVEL SECURITY;
ALTER TABLE member_preference FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON member_preference USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT, INSERT ON member_preference TO ${appRole};

-- A filing's usage line naming a member who had opted out of train-ai in its category before the filing's period
-- was opened: written once by intake, in the filing's transaction, for the administrator's review. usage_ref is the
-- ref as the usage names it (the member's own, or an alias a confirmed claim mapped to the member); member_ref is
-- the member whose preference it is; opted_out_since is when that preference was set. The filing is still taken whole.
CREATE TABLE filing_opt_out (
    tenant_id       text NOT NULL,
    filing_id       bigint NOT NULL,
    category_key    text NOT NULL,
    usage_ref       text NOT NULL,
    member_ref      text NOT NULL,
    opted_out_since timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, filing_id, category_key, usage_ref),
    FOREIGN KEY (tenant_id, filing_id) REFERENCES filing (tenant_id, id)
);
CREATE TRIGGER filing_opt_out_no_update BEFORE UPDATE OR DELETE ON filing_opt_out
    FOR EACH ROW EXECUTE FUNCTION account_entry_immutable();
CREATE TRIGGER filing_opt_out_no_truncate BEFORE TRUNCATE ON filing_opt_out
    FOR EACH STATEMENT EXECUTE FUNCTION account_entry_immutable();
ALTER TABLE filing_opt_out ENABLE ROW LEVEL SECURITY;
ALTER TABLE filing_opt_out FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON filing_opt_out USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT, INSERT ON filing_opt_out TO ${appRole};
