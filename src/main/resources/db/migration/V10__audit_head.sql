-- The head of every audit chain, so that an append finds where to continue in constant time.
--
-- Before, each append looked for the chain's last entry with `tenant_id IS NOT DISTINCT FROM ?`, which no index
-- serves: every audited write read the whole log, twice, and bulk work slowed down as the log grew. Now each chain
-- has one row here holding its last entry's seq and hash; an append locks it FOR UPDATE (which also orders the
-- chain's writers, as the advisory lock did), inserts the entry and moves the head, in the same transaction.

CREATE TABLE audit_head (
    -- the tenant's id, or '' for the platform chain (tenant_id NULL), so that every chain has a key
    chain     text GENERATED ALWAYS AS (coalesce(tenant_id, '')) STORED PRIMARY KEY,
    tenant_id text REFERENCES tenant (id),
    seq       bigint NOT NULL CHECK (seq >= 0),
    hash      text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$')
);

INSERT INTO audit_head (tenant_id, seq, hash)
SELECT DISTINCT ON (coalesce(tenant_id, '')) tenant_id, seq, hash
FROM audit_event ORDER BY coalesce(tenant_id, ''), seq DESC;

ALTER TABLE audit_head ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_head FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_head
    USING (chain = coalesce(app_tenant(), '')) WITH CHECK (chain = coalesce(app_tenant(), ''));

-- The same rule for the log, written so that the chain's index (coalesce(tenant_id, ''), seq) serves it: a policy
-- with IS NOT DISTINCT FROM, and the application's own predicates under it, can use no index, so reading a page of
-- the log or walking a chain read every tenant's entries. Tenant ids are never '' (see tenant.id), so this
-- admits exactly the rows the old policy did.
DROP POLICY tenant_isolation ON audit_event;
CREATE POLICY tenant_isolation ON audit_event
    USING (coalesce(tenant_id, '') = coalesce(app_tenant(), ''))
    WITH CHECK (coalesce(tenant_id, '') = coalesce(app_tenant(), ''));

-- The application reads and moves heads and starts new chains; it never removes a head (a removed head would
-- restart its chain at seq 1, which the log's unique index refuses, but nobody needs the right to try).
REVOKE ALL ON audit_head FROM ${appRole};
GRANT SELECT, INSERT, UPDATE ON audit_head TO ${appRole};
