-- Least privilege for the application's role: on each table exactly what the code does, no more (V1 granted
-- SELECT, INSERT, UPDATE, DELETE on everything, the Flyway history included). security/AppRolePrivilegesTest
-- holds the same table, with the code that needs each privilege; change both together.

-- ------------------------------------------------------------------ per table
-- Each table starts from nothing, then gets its line: the line is the whole truth for that table.
DO $$
DECLARE
    grant_line record;
BEGIN
    FOR grant_line IN SELECT * FROM (VALUES
        ('affiliation',           'SELECT, INSERT, DELETE'),   -- a member ref's holder is replaced
        ('app_user',              'SELECT, INSERT'),
        ('attestation',           'SELECT, INSERT, UPDATE'),   -- voiding (V6's trigger allows nothing else)
        ('audit_event',           'SELECT, INSERT'),
        ('builder_org',           'SELECT, INSERT'),
        ('category',              'SELECT, INSERT'),
        ('distribution_run',      'SELECT, INSERT, UPDATE'),   -- discard, distribute (V3: a distributed run is final)
        ('evaluator_org',         'SELECT, INSERT'),
        ('evaluator_trust',       'SELECT, INSERT, DELETE'),   -- trust is withdrawn by deleting it
        ('filing',                'SELECT, INSERT, UPDATE'),   -- supersession and review
        ('filing_category',       'SELECT, INSERT'),
        ('filing_check',          'SELECT, INSERT'),
        ('filing_digest',         'SELECT, INSERT, UPDATE'),   -- an earlier version stops being current
        ('filing_usage',          'SELECT, INSERT'),
        ('licence',               'SELECT, INSERT'),
        ('member',                'SELECT, INSERT, UPDATE'),   -- an import renames
        ('mixture_commitment',    'SELECT, INSERT'),
        ('period',                'SELECT, INSERT, UPDATE'),   -- the workflow's transitions (trigger below) and its row lock
        ('run_category',          'SELECT, INSERT, DELETE'),   -- a discarded run's lines go (V3's trigger: only those)
        ('run_line',              'SELECT, INSERT, DELETE'),   -- the same
        ('statement',             'SELECT, INSERT'),
        ('statement_line',        'SELECT, INSERT'),
        ('tenant',                'SELECT, INSERT, UPDATE')    -- whether attestation is required (names and terms stay)
    ) AS t (table_name, privileges)
    LOOP
        EXECUTE format('REVOKE ALL ON %I FROM ${appRole}', grant_line.table_name);
        EXECUTE format('GRANT %s ON %I TO ${appRole}', grant_line.privileges, grant_line.table_name);
    END LOOP;
END $$;

-- Flyway's record of the migrations is the owner's alone.
REVOKE ALL ON flyway_schema_history FROM ${appRole};

-- A table a later migration creates gets no privilege by itself: the migration grants what the code needs, and
-- AppRolePrivilegesTest names it. (Sequences keep V1's default, USAGE for the inserts their tables allow.)
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM ${appRole};

-- ------------------------------------------------------------------ the period's workflow
-- A period is opened OPEN and moves only as docs/period-workflow.md says:
--   OPEN -> CLOSED -> CALCULATED -> APPROVED -> DISTRIBUTED, and CALCULATED -> CLOSED when the run is discarded.
-- Its tenant, label and opening never change, and a distributed period is final. PeriodWorkflow checks the state
-- under the row lock already; this holds every role to it, the owner included, whatever the statement.
CREATE FUNCTION period_transition() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.state <> 'OPEN' THEN
            RAISE EXCEPTION 'a period is opened OPEN, not %', NEW.state USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END IF;
    IF (NEW.id, NEW.tenant_id, NEW.label, NEW.opened_by, NEW.opened_at)
       IS DISTINCT FROM (OLD.id, OLD.tenant_id, OLD.label, OLD.opened_by, OLD.opened_at) THEN
        RAISE EXCEPTION 'period %: its tenant, label and opening never change', OLD.label USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.state IS DISTINCT FROM OLD.state
       AND (OLD.state, NEW.state) NOT IN (('OPEN', 'CLOSED'), ('CLOSED', 'CALCULATED'), ('CALCULATED', 'CLOSED'),
                                          ('CALCULATED', 'APPROVED'), ('APPROVED', 'DISTRIBUTED')) THEN
        RAISE EXCEPTION 'period % cannot go from % to %', OLD.label, OLD.state, NEW.state USING ERRCODE = 'check_violation';
    END IF;
    IF OLD.state = 'DISTRIBUTED' AND NEW IS DISTINCT FROM OLD THEN
        RAISE EXCEPTION 'period % is distributed and cannot be changed', OLD.label USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER period_transition BEFORE INSERT OR UPDATE ON period
    FOR EACH ROW EXECUTE FUNCTION period_transition();
