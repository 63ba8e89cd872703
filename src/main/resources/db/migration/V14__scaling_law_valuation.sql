-- The data-value share from a scaling law (economics.md): an evaluator's valuation travels with its attestation,
-- a tenant sets how far a filed share may stand from it, and a published statement keeps the valuations that
-- stood when it was published. See docs/verification.md, "Scaling-law valuations".

-- ------------------------------------------------------------------ the tenant's tolerance
-- How far (in share points: 0.02 is two percentage points) a filed data-value share may differ from an attested
-- valuation before the period board flags the filing. The default 0.02: two-digit filed shares are rounded by up
-- to 0.005, and the two published fits already disagree by about 0.10 at the same model, so a tighter default
-- would flag honest filings and a looser one would hide a share picked far from the evaluator's figure.
ALTER TABLE tenant
    ADD COLUMN valuation_tolerance numeric(7,6) NOT NULL DEFAULT 0.02
        CHECK (valuation_tolerance >= 0 AND valuation_tolerance <= 1);

-- ------------------------------------------------------------------ the valuation an attestation carries
-- The fit (a preset's name or 'own', and its constants as used), the model and the baseline as IEEE doubles
-- (double precision keeps every bit the computation used), the share computed from them, and the SHA-256 of
-- their canonical text: the attestation is bound to it as it is to the filing's content hash. V6's trigger
-- compares whole rows, so these columns are as unchangeable as the rest of an attestation.
ALTER TABLE attestation
    ADD COLUMN valuation_method text CHECK (valuation_method IN ('hoffmann-2022', 'besiroglu-2024', 'own')),
    ADD COLUMN valuation_e      double precision CHECK (valuation_e > 0),
    ADD COLUMN valuation_a      double precision CHECK (valuation_a > 0),
    ADD COLUMN valuation_alpha  double precision CHECK (valuation_alpha > 0 AND valuation_alpha <= 1),
    ADD COLUMN valuation_b      double precision CHECK (valuation_b > 0),
    ADD COLUMN valuation_beta   double precision CHECK (valuation_beta > 0 AND valuation_beta <= 1),
    ADD COLUMN valuation_n      double precision CHECK (valuation_n > 0),
    ADD COLUMN valuation_d      double precision CHECK (valuation_d > 0),
    ADD COLUMN valuation_n0     double precision CHECK (valuation_n0 > 0),
    ADD COLUMN valuation_d0     double precision CHECK (valuation_d0 > 0),
    ADD COLUMN valuation_share  numeric(7,6) CHECK (valuation_share BETWEEN 0 AND 1),
    ADD COLUMN valuation_sha256 text CHECK (valuation_sha256 ~ '^[0-9a-f]{64}$'),
    ADD CONSTRAINT attestation_valuation_whole CHECK (
        num_nulls(valuation_method, valuation_e, valuation_a, valuation_alpha, valuation_b, valuation_beta, valuation_n,
                  valuation_d, valuation_n0, valuation_d0, valuation_share, valuation_sha256) IN (0, 12)),
    ADD CONSTRAINT attestation_valuation_baseline CHECK (
        valuation_n0 <= valuation_n AND valuation_d0 <= valuation_d AND (valuation_n0 < valuation_n OR valuation_d0 < valuation_d));

-- ------------------------------------------------------------------ what a published statement showed
-- The attestations carrying a valuation that stood when the statement was published, in the order they were
-- recorded; attestations are never edited (V6), so their valuations are what members saw. The distribution writes
-- published_filing (StatementPublisher) with the evaluators' names the service found standing; this trigger adds
-- the ids of those of them that carry a valuation, by the same rule V9 states (not voided, of the filing's content,
-- by an evaluator the tenant trusts), in the same statement, so the publisher needs no knowledge of valuations.
ALTER TABLE published_filing ADD COLUMN valuation_attestations bigint[];

CREATE FUNCTION published_filing_valuations() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN
    IF NEW.valuation_attestations IS NULL AND NEW.attested_by IS NOT NULL THEN
        SELECT array_agg(a.id ORDER BY a.id) INTO NEW.valuation_attestations
          FROM attestation a
          JOIN filing f ON f.tenant_id = a.tenant_id AND f.id = a.filing_id
         WHERE a.tenant_id = NEW.tenant_id AND a.filing_id = NEW.filing_id AND a.voided_at IS NULL
           AND a.filing_sha256 = f.content_sha256 AND a.valuation_sha256 IS NOT NULL
           AND EXISTS (SELECT 1 FROM evaluator_trust et WHERE et.tenant_id = a.tenant_id AND et.evaluator_id = a.evaluator_id);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER published_filing_valuations BEFORE INSERT ON published_filing
    FOR EACH ROW EXECUTE FUNCTION published_filing_valuations();
