-- The portal's schema. Flyway owns it; Hibernate never generates it.
-- Amounts are bigint minor units of the tenant's currency; rates are exact numeric(7,6) in [0, 1].
-- Tables that hold what a tenant (a CMO) produces carry tenant_id and are guarded by row-level
-- security (see the end of this file). Identity tables (users, organisations, affiliations,
-- licences) say who may act where and are read only for the signed-in person.

CREATE FUNCTION app_tenant() RETURNS text LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('app.tenant_id', true), '') $$;

-- ------------------------------------------------------------------ identity and organisations
CREATE TABLE tenant (
    id                   text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{1,39}$'),
    name                 text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    currency             text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    admin_fee_rate       numeric(7,6) NOT NULL CHECK (admin_fee_rate BETWEEN 0 AND 1),
    share_min            numeric(7,6) NOT NULL DEFAULT 0.200000,
    share_max            numeric(7,6) NOT NULL DEFAULT 0.500000,
    requires_attestation boolean NOT NULL DEFAULT false,
    created_at           timestamptz NOT NULL DEFAULT now(),
    CHECK (0 <= share_min AND share_min <= share_max AND share_max <= 1)
);

CREATE TABLE app_user (
    id           bigserial PRIMARY KEY,
    username     text NOT NULL UNIQUE CHECK (length(username) BETWEEN 1 AND 200),
    display_name text,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE builder_org (
    id         bigserial PRIMARY KEY,
    slug       text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,39}$'),
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE evaluator_org (
    id         bigserial PRIMARY KEY,
    slug       text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,39}$'),
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Who a person is for the portal: admin of a tenant, user of a builder organisation, holder of a
-- member ref in a tenant, user of an evaluator organisation. Roles come from the token; these rows
-- say where a role may be used.
CREATE TABLE affiliation (
    id           bigserial PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES app_user (id),
    kind         text NOT NULL CHECK (kind IN ('TENANT_ADMIN', 'BUILDER_USER', 'MEMBER', 'EVALUATOR_USER')),
    tenant_id    text REFERENCES tenant (id),
    builder_id   bigint REFERENCES builder_org (id),
    evaluator_id bigint REFERENCES evaluator_org (id),
    member_ref   text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CHECK (
        (kind = 'TENANT_ADMIN'   AND tenant_id IS NOT NULL AND builder_id IS NULL AND evaluator_id IS NULL AND member_ref IS NULL) OR
        (kind = 'BUILDER_USER'   AND tenant_id IS NULL AND builder_id IS NOT NULL AND evaluator_id IS NULL AND member_ref IS NULL) OR
        (kind = 'MEMBER'         AND tenant_id IS NOT NULL AND builder_id IS NULL AND evaluator_id IS NULL AND member_ref IS NOT NULL) OR
        (kind = 'EVALUATOR_USER' AND tenant_id IS NULL AND builder_id IS NULL AND evaluator_id IS NOT NULL AND member_ref IS NULL)
    )
);
CREATE UNIQUE INDEX affiliation_admin_uq ON affiliation (user_id, tenant_id) WHERE kind = 'TENANT_ADMIN';
CREATE UNIQUE INDEX affiliation_builder_uq ON affiliation (user_id, builder_id) WHERE kind = 'BUILDER_USER';
CREATE UNIQUE INDEX affiliation_evaluator_uq ON affiliation (user_id, evaluator_id) WHERE kind = 'EVALUATOR_USER';
-- one person per member ref: a ref is a payee
CREATE UNIQUE INDEX affiliation_member_uq ON affiliation (tenant_id, member_ref) WHERE kind = 'MEMBER';
CREATE INDEX affiliation_user_idx ON affiliation (user_id);

-- A builder organisation may file with a tenant. Both parties read it, so it is identity data.
CREATE TABLE licence (
    id         bigserial PRIMARY KEY,
    tenant_id  text NOT NULL REFERENCES tenant (id),
    builder_id bigint NOT NULL REFERENCES builder_org (id),
    granted_by text NOT NULL,
    granted_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, builder_id)
);

-- ------------------------------------------------------------------ tenant-owned
CREATE TABLE category (
    id        bigserial PRIMARY KEY,
    tenant_id text NOT NULL REFERENCES tenant (id),
    key       text NOT NULL CHECK (key ~ '^[a-z0-9][a-z0-9_.-]{0,39}$'),
    name      text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    rule      text NOT NULL DEFAULT 'PRO_RATA_UNITS' CHECK (rule IN ('PRO_RATA_UNITS', 'EQUAL_SHARES')),
    UNIQUE (tenant_id, key)
);

CREATE TABLE member (
    id         bigserial PRIMARY KEY,
    tenant_id  text NOT NULL REFERENCES tenant (id),
    ref        text NOT NULL CHECK (length(ref) BETWEEN 1 AND 128 AND ref !~ '[[:cntrl:]]' AND ref !~ '^\s' AND ref !~ '\s$'),
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, ref)
);

CREATE TABLE period (
    id             bigserial PRIMARY KEY,
    tenant_id      text NOT NULL REFERENCES tenant (id),
    label          text NOT NULL CHECK (label ~ '^[A-Za-z0-9._-]{1,32}$'),
    state          text NOT NULL DEFAULT 'OPEN' CHECK (state IN ('OPEN', 'CLOSED', 'CALCULATED', 'APPROVED', 'DISTRIBUTED')),
    version        integer NOT NULL DEFAULT 0,
    opened_by      text NOT NULL,
    opened_at      timestamptz NOT NULL DEFAULT now(),
    closed_at      timestamptz,
    calculated_by  text,
    calculated_at  timestamptz,
    approved_by    text,
    approved_at    timestamptz,
    distributed_by text,
    distributed_at timestamptz,
    UNIQUE (tenant_id, label),
    UNIQUE (tenant_id, id),
    CHECK (approved_by IS NULL OR approved_by <> calculated_by)
);

CREATE TABLE filing (
    id                  bigserial PRIMARY KEY,
    tenant_id           text NOT NULL REFERENCES tenant (id),
    period_id           bigint NOT NULL,
    builder_id          bigint NOT NULL REFERENCES builder_org (id),
    model               text NOT NULL CHECK (length(model) BETWEEN 1 AND 200),
    seq                 integer NOT NULL CHECK (seq >= 1),
    status              text NOT NULL CHECK (status IN ('SUBMITTED', 'ACCEPTED', 'REJECTED', 'SUPERSEDED')),
    currency            text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    revenue             bigint NOT NULL CHECK (revenue >= 0),
    serving_cost        bigint NOT NULL CHECK (serving_cost >= 0),
    post_training_cost  bigint NOT NULL CHECK (post_training_cost >= 0),
    data_value_share    numeric(7,6) NOT NULL CHECK (data_value_share BETWEEN 0 AND 1),
    operating_profit    bigint NOT NULL,
    pool                bigint NOT NULL CHECK (pool >= 0),
    tenant_gross        bigint NOT NULL CHECK (tenant_gross >= 0),
    share_flagged       boolean NOT NULL DEFAULT false,
    attestation_evaluator text,
    attestation_reference text,
    attestation_sha256  text CHECK (attestation_sha256 IS NULL OR attestation_sha256 ~ '^[0-9a-f]{64}$'),
    content_sha256      text NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
    idempotency_key     text,
    submitted_by        text NOT NULL,
    submitted_at        timestamptz NOT NULL DEFAULT now(),
    review_note         text,
    reviewed_by         text,
    reviewed_at         timestamptz,
    version             integer NOT NULL DEFAULT 0,
    FOREIGN KEY (tenant_id, period_id) REFERENCES period (tenant_id, id),
    UNIQUE (tenant_id, period_id, builder_id, model, seq),
    UNIQUE (tenant_id, id)
);
CREATE UNIQUE INDEX filing_idempotency_uq ON filing (tenant_id, builder_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX filing_period_idx ON filing (tenant_id, period_id);

-- The whole mixture of a filing (every category, administered here or not) and its split.
CREATE TABLE filing_category (
    filing_id    bigint NOT NULL,
    tenant_id    text NOT NULL,
    category_key text NOT NULL,
    weight       numeric(7,6) NOT NULL CHECK (weight BETWEEN 0 AND 1),
    amount       bigint NOT NULL CHECK (amount >= 0),
    administered boolean NOT NULL,
    fee          bigint CHECK (fee >= 0),
    net          bigint CHECK (net >= 0),
    units        bigint CHECK (units >= 0),
    PRIMARY KEY (filing_id, category_key),
    FOREIGN KEY (tenant_id, filing_id) REFERENCES filing (tenant_id, id)
);

-- Usage per (category, member ref), already summed over the uploaded lines.
CREATE TABLE filing_usage (
    filing_id    bigint NOT NULL,
    tenant_id    text NOT NULL,
    category_key text NOT NULL,
    member_ref   text NOT NULL,
    units        bigint NOT NULL CHECK (units > 0),
    PRIMARY KEY (filing_id, category_key, member_ref),
    FOREIGN KEY (tenant_id, filing_id) REFERENCES filing (tenant_id, id)
);

CREATE TABLE distribution_run (
    id            bigserial PRIMARY KEY,
    tenant_id     text NOT NULL REFERENCES tenant (id),
    period_id     bigint NOT NULL,
    status        text NOT NULL CHECK (status IN ('CURRENT', 'DISCARDED', 'DISTRIBUTED')),
    calculated_by text NOT NULL,
    calculated_at timestamptz NOT NULL DEFAULT now(),
    tenant_gross  bigint NOT NULL CHECK (tenant_gross >= 0),
    fees          bigint NOT NULL CHECK (fees >= 0),
    paid          bigint NOT NULL CHECK (paid >= 0),
    suspense      bigint NOT NULL CHECK (suspense >= 0),
    CHECK (tenant_gross = fees + paid + suspense),
    FOREIGN KEY (tenant_id, period_id) REFERENCES period (tenant_id, id),
    UNIQUE (tenant_id, id)
);
CREATE UNIQUE INDEX distribution_run_current_uq ON distribution_run (tenant_id, period_id) WHERE status <> 'DISCARDED';

-- One line per filing, category and member ref (payout or suspense), or per category (suspense).
CREATE TABLE run_line (
    id             bigserial PRIMARY KEY,
    run_id         bigint NOT NULL,
    tenant_id      text NOT NULL,
    filing_id      bigint NOT NULL,
    category_key   text NOT NULL,
    member_ref     text,
    matched        boolean NOT NULL,
    units          bigint NOT NULL CHECK (units >= 0),
    category_units bigint NOT NULL CHECK (category_units >= 0),
    amount         bigint NOT NULL CHECK (amount >= 0),
    FOREIGN KEY (tenant_id, run_id) REFERENCES distribution_run (tenant_id, id),
    FOREIGN KEY (tenant_id, filing_id) REFERENCES filing (tenant_id, id)
);
CREATE INDEX run_line_run_idx ON run_line (run_id, member_ref);

CREATE TABLE statement (
    id           bigserial PRIMARY KEY,
    tenant_id    text NOT NULL REFERENCES tenant (id),
    period_id    bigint NOT NULL,
    run_id       bigint NOT NULL,
    member_ref   text NOT NULL,
    total        bigint NOT NULL CHECK (total >= 0),
    published_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (tenant_id, period_id) REFERENCES period (tenant_id, id),
    FOREIGN KEY (tenant_id, run_id) REFERENCES distribution_run (tenant_id, id),
    UNIQUE (tenant_id, period_id, member_ref),
    UNIQUE (tenant_id, id)
);

CREATE TABLE statement_line (
    id             bigserial PRIMARY KEY,
    statement_id   bigint NOT NULL,
    tenant_id      text NOT NULL,
    filing_id      bigint NOT NULL,
    builder_name   text NOT NULL,
    model          text NOT NULL,
    category_key   text NOT NULL,
    units          bigint NOT NULL CHECK (units > 0),
    category_units bigint NOT NULL CHECK (category_units > 0),
    amount         bigint NOT NULL CHECK (amount >= 0),
    FOREIGN KEY (tenant_id, statement_id) REFERENCES statement (tenant_id, id),
    FOREIGN KEY (tenant_id, filing_id) REFERENCES filing (tenant_id, id)
);
CREATE INDEX statement_line_statement_idx ON statement_line (statement_id);

-- Append-only, hash-chained per tenant (tenant_id NULL: platform events such as a new tenant).
CREATE TABLE audit_event (
    id          bigserial PRIMARY KEY,
    tenant_id   text REFERENCES tenant (id),
    seq         bigint NOT NULL CHECK (seq >= 1),
    at          timestamptz NOT NULL,
    actor       text NOT NULL,
    action      text NOT NULL,
    object_type text NOT NULL,
    object_id   text NOT NULL,
    before      jsonb,
    after       jsonb,
    prev_hash   text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
    hash        text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$')
);
CREATE UNIQUE INDEX audit_event_chain_uq ON audit_event (coalesce(tenant_id, ''), seq);

CREATE FUNCTION audit_event_immutable() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege'; END $$;
CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_immutable();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_immutable();

-- ------------------------------------------------------------------ row-level security
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['category', 'member', 'period', 'filing', 'filing_category', 'filing_usage',
                             'distribution_run', 'run_line', 'statement', 'statement_line']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant())', t);
    END LOOP;
END $$;
ALTER TABLE audit_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_event FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_event
    USING (tenant_id IS NOT DISTINCT FROM app_tenant()) WITH CHECK (tenant_id IS NOT DISTINCT FROM app_tenant());

-- ------------------------------------------------------------------ the application's role
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${appRole}') THEN
        CREATE ROLE ${appRole} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD '${appPassword}';
    END IF;
END $$;
GRANT USAGE ON SCHEMA public TO ${appRole};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${appRole};
REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM ${appRole};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${appRole};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${appRole};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${appRole};

-- ------------------------------------------------------------------ the audit chain
-- The hash is computed here, from the stored values' canonical text, so that the check in
-- AuditLog.verify recomputes exactly what was written whatever client wrote it.
CREATE FUNCTION audit_hash(prev text, tenant text, seq bigint, at timestamptz, actor text, action text,
                           object_type text, object_id text, before jsonb, after jsonb)
    RETURNS text LANGUAGE sql STABLE AS
$$ SELECT encode(sha256(convert_to(concat_ws('|', prev, coalesce(tenant, ''), seq::text,
          to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), actor, action, object_type, object_id,
          coalesce(before::text, 'null'), coalesce(after::text, 'null')), 'UTF8')), 'hex') $$;
