-- Verification: evaluator trust, attestations, mixture commitments and the cross-CMO digests.
-- See docs/verification.md for the model and for why each table sits where it does.

-- ------------------------------------------------------------------ identity-like (read by both parties)
-- Which evaluator organisations a tenant trusts. The tenant's administrators write it; the evaluator's
-- home reads it to find the tenants it works for, so like a licence it is not tenant-owned.
CREATE TABLE evaluator_trust (
    id           bigserial PRIMARY KEY,
    tenant_id    text NOT NULL REFERENCES tenant (id),
    evaluator_id bigint NOT NULL REFERENCES evaluator_org (id),
    granted_by   text NOT NULL,
    granted_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, evaluator_id)
);

-- A builder's commitment to a model's mixture, registered before any period's figures exist. It is
-- the builder's, not a CMO's: keyed by builder organisation and read by every CMO the builder files
-- with, so it is identity-like and always queried by an explicit builder id. Append-only.
CREATE TABLE mixture_commitment (
    id             bigserial PRIMARY KEY,
    builder_id     bigint NOT NULL REFERENCES builder_org (id),
    model          text NOT NULL CHECK (length(model) BETWEEN 1 AND 200),
    mixture_sha256 text NOT NULL CHECK (mixture_sha256 ~ '^[0-9a-f]{64}$'),
    note           text CHECK (note IS NULL OR length(note) <= 500),
    committed_by   text NOT NULL,
    committed_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (builder_id, model, mixture_sha256)
);
CREATE INDEX mixture_commitment_model_idx ON mixture_commitment (builder_id, model);

-- ------------------------------------------------------------------ tenant-owned
-- An evaluator's attestation of a filing, bound to the filing's content hash. Only voiding may
-- change it afterwards (see the trigger); nothing deletes it.
CREATE TABLE attestation (
    id                        bigserial PRIMARY KEY,
    tenant_id                 text NOT NULL REFERENCES tenant (id),
    filing_id                 bigint NOT NULL,
    evaluator_id              bigint NOT NULL REFERENCES evaluator_org (id),
    filing_sha256             text NOT NULL CHECK (filing_sha256 ~ '^[0-9a-f]{64}$'),
    verified_share            boolean NOT NULL,
    verified_mixture          boolean NOT NULL,
    verified_operating_profit boolean NOT NULL,
    method                    text NOT NULL CHECK (length(method) BETWEEN 1 AND 2000),
    report_reference          text NOT NULL CHECK (length(report_reference) BETWEEN 1 AND 200),
    evidence_sha256           text NOT NULL CHECK (evidence_sha256 ~ '^[0-9a-f]{64}$'),
    attested_by               text NOT NULL,
    attested_at               timestamptz NOT NULL DEFAULT now(),
    voided_at                 timestamptz,
    void_reason               text,
    CHECK (verified_share OR verified_mixture OR verified_operating_profit),
    CHECK ((voided_at IS NULL) = (void_reason IS NULL)),
    FOREIGN KEY (tenant_id, filing_id) REFERENCES filing (tenant_id, id),
    UNIQUE (tenant_id, id)
);
CREATE INDEX attestation_filing_idx ON attestation (tenant_id, filing_id);
-- one standing attestation per filing and evaluator
CREATE UNIQUE INDEX attestation_live_uq ON attestation (tenant_id, filing_id, evaluator_id) WHERE voided_at IS NULL;

CREATE FUNCTION attestation_only_void() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN
    IF OLD.voided_at IS NOT NULL
       OR (to_jsonb(NEW) - 'voided_at' - 'void_reason') IS DISTINCT FROM (to_jsonb(OLD) - 'voided_at' - 'void_reason') THEN
        RAISE EXCEPTION 'an attestation can only be voided, once' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER attestation_no_rewrite BEFORE UPDATE ON attestation
    FOR EACH ROW EXECUTE FUNCTION attestation_only_void();

-- What verification found when the filing was stored: its mixture digest and how it compares with
-- the builder's commitments for the model at that moment.
CREATE TABLE filing_check (
    filing_id         bigint PRIMARY KEY,
    tenant_id         text NOT NULL,
    mixture_sha256    text NOT NULL CHECK (mixture_sha256 ~ '^[0-9a-f]{64}$'),
    commitment_status text NOT NULL CHECK (commitment_status IN ('NONE', 'MATCH', 'MISMATCH')),
    commitment_sha256 text CHECK (commitment_sha256 IS NULL OR commitment_sha256 ~ '^[0-9a-f]{64}$'),
    checked_at        timestamptz NOT NULL DEFAULT now(),
    CHECK ((commitment_status = 'NONE') = (commitment_sha256 IS NULL)),
    FOREIGN KEY (tenant_id, filing_id) REFERENCES filing (tenant_id, id)
);

-- The digests of the figures every CMO relies on, one row per filing, for the cross-CMO check. It holds
-- no value, only SHA-256 digests, and row-level security lets a tenant read and write its own rows
-- only: the comparison with other CMOs' rows happens inside filing_sibling_differences (below), which
-- answers which figures differ and never a digest, a value or another tenant's id.
CREATE TABLE filing_digest (
    filing_id               bigint PRIMARY KEY,
    tenant_id               text NOT NULL,
    builder_id              bigint NOT NULL REFERENCES builder_org (id),
    model                   text NOT NULL,
    period_label            text NOT NULL,
    operating_profit_sha256 text NOT NULL CHECK (operating_profit_sha256 ~ '^[0-9a-f]{64}$'),
    data_value_share_sha256 text NOT NULL CHECK (data_value_share_sha256 ~ '^[0-9a-f]{64}$'),
    mixture_sha256          text NOT NULL CHECK (mixture_sha256 ~ '^[0-9a-f]{64}$'),
    current                 boolean NOT NULL DEFAULT true,
    FOREIGN KEY (tenant_id, filing_id) REFERENCES filing (tenant_id, id)
);
CREATE INDEX filing_digest_sibling_idx ON filing_digest (builder_id, model, period_label) WHERE current;

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['attestation', 'filing_check', 'filing_digest']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant())', t);
    END LOOP;
    -- The schema owner (the role running this migration, which owns the function below) may read every
    -- tenant's digests; the application role may not.
    EXECUTE format('CREATE POLICY compare_across_cmos ON filing_digest FOR SELECT TO %I USING (true)', current_user);
END $$;

-- Compares one of the current tenant's filings with the same builder's current filings of the same
-- model and period in other CMOs. Runs as the owner so it can see the other rows, and returns only
-- booleans: how many siblings exist and which figures differ from at least one of them.
CREATE FUNCTION filing_sibling_differences(p_filing_id bigint)
    RETURNS TABLE (siblings integer, operating_profit_differs boolean, data_value_share_differs boolean, mixture_differs boolean)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
$$
    SELECT count(s.filing_id)::integer,
           coalesce(bool_or(s.operating_profit_sha256 <> me.operating_profit_sha256), false),
           coalesce(bool_or(s.data_value_share_sha256 <> me.data_value_share_sha256), false),
           coalesce(bool_or(s.mixture_sha256 <> me.mixture_sha256), false)
    FROM filing_digest me
    LEFT JOIN filing_digest s ON s.builder_id = me.builder_id AND s.model = me.model
         AND s.period_label = me.period_label AND s.tenant_id <> me.tenant_id AND s.current
    WHERE me.filing_id = p_filing_id AND me.tenant_id = app_tenant()
    GROUP BY me.filing_id
$$;
REVOKE ALL ON FUNCTION filing_sibling_differences(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION filing_sibling_differences(bigint) TO ${appRole};

-- Commitments and attestations are records: the app may add them (and void an attestation), never delete.
REVOKE UPDATE, DELETE, TRUNCATE ON mixture_commitment FROM ${appRole};
REVOKE DELETE, TRUNCATE ON attestation FROM ${appRole};
