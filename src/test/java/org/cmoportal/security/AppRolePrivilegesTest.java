package org.cmoportal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The application's role holds exactly the privileges the code uses, table by table: rows that must not change
 * once written cannot be changed by it, whatever a bug or an injected statement tries. A new table or a new grant
 * fails this test until it is written into {@link #EXPECTED} on purpose, with the code that needs it.
 */
@QuarkusTest
class AppRolePrivilegesTest {

    /**
     * Every table of the schema and what the app may do with it; after {@code #}, the code that needs each
     * privilege beyond SELECT. A table the app must not touch at all says {@code none}.
     */
    static final String EXPECTED = """
            account_change         none                   # V50: the commit's event of a change to an account, written and removed by the owner's triggers
            account_entry          SELECT INSERT          # Ledger: entries are appended, never changed (V15's trigger)
            account_archived_cause SELECT                 # Conservation: an archived period's entries summed per kind and cause (the archive writes them, V40)
            account_archived_total SELECT                 # account_line: an archived period's entries carried per member (the archive writes them, V40)
            account_line           SELECT                 # a view: the entries and the carried totals, every balance's reader (V40), never written
            account_version        SELECT                 # StatementReader: the tenant's account version with a statement's header (V50's triggers move it)
            adjustment             SELECT INSERT          # Adjustments: a statement's adjustments section, appended with the ADJUSTED entry (V18's trigger)
            affiliation            SELECT INSERT UPDATE(some columns) DELETE   # MemberService.link replaces a member ref's holder; BuilderOrgService: org_admin only (V12)
            app_user               SELECT INSERT          # AppUser.findOrCreate
            attestation            SELECT INSERT UPDATE   # VerificationService voids, also for a changed valuation (trigger: only voiding)
            archived_period        SELECT                 # StatementReader, PeriodBoards, RestatedFigures: a period archived by ops/archive-period.sh (the owner writes it)
            audit_event            SELECT INSERT          # AuditLog.record; append-only
            audit_head             SELECT INSERT UPDATE   # AuditLog.record moves its chain's head (V10: never removed)
            ballot                 SELECT INSERT UPDATE(some columns)   # Ballots: closing claims it and writes the result, the builder acknowledges; votes lock it FOR SHARE
            ballot_vote            SELECT INSERT UPDATE(some columns)   # Ballots.vote: a later vote replaces the earlier one until closing
            bank_account           SELECT INSERT          # BankAccounts.set: a change is a new row (V17's trigger: never changed)
            builder_org            SELECT INSERT          # BuilderOrgService.create (the operator)
            builder_receipt        SELECT INSERT          # BuilderReceipts.record: receipts are appended, never changed (V16's trigger)
            category               SELECT INSERT          # TenantService.create
            claim_release          SELECT INSERT          # Claims.confirm: what a confirmed claim moved per period, never changed (V21's trigger)
            debtor_account         SELECT INSERT          # BankAccounts.setDebtor: a change is a new row (V17's trigger)
            dispute                SELECT INSERT UPDATE(some columns)   # Disputes: open, resolve, approve move the state (V20's trigger: OPEN -> REJECTED | PROPOSED -> APPROVED)
            distribution_run       SELECT INSERT UPDATE   # PeriodWorkflow: discard, distribute (trigger: a distributed run is final)
            evaluator_org          SELECT INSERT          # EvaluatorService
            evaluator_trust        SELECT INSERT DELETE   # TrustSettings.trust, distrust
            filing                 SELECT INSERT UPDATE   # FilingService supersedes, FilingReview decides
            filing_category        SELECT INSERT          # FilingService
            filing_check           SELECT INSERT          # VerificationService.onFilingStored
            filing_digest          SELECT INSERT UPDATE   # VerificationService: an earlier version stops being current
            filing_opt_out         SELECT INSERT          # OptOutFlags.onFilingStored: a filing's flags, written once by intake (V23's trigger: never changed)
            filing_usage           SELECT INSERT          # UsageStaging: a filing's pairs in blocks (V49)
            filing_usage_pair      SELECT                 # a view: filing_usage's pairs, a row each (V49), for the run, restatements and opt-out flags; never written
            flyway_schema_history  none                   # the migrations' own record, the owner's alone
            licence                SELECT INSERT          # LicenceService
            member                 SELECT INSERT UPDATE   # MemberService: add, import renames; Representations locks a member's row
            member_alias           SELECT INSERT          # Claims.confirm: a confirmed claim makes the ref an alias, never changed (V18's trigger)
            member_preference      SELECT INSERT          # Preferences.set: a change is a new row with its since (V23's trigger: never changed)
            mixture_commitment     SELECT INSERT          # CommitmentService
            payment                SELECT INSERT          # PaymentRuns.propose; never changed (V17's trigger)
            payment_return         SELECT INSERT          # PaymentRuns.recordReturn; never changed (V17's trigger)
            payment_run            SELECT INSERT UPDATE   # PaymentRuns: approve, discard (trigger: PROPOSED to APPROVED or DISCARDED only) and its row lock
            payment_run_member     SELECT INSERT          # PaymentRuns.propose; never changed (V17's trigger)
            period                 SELECT INSERT UPDATE   # PeriodService opens, PeriodWorkflow moves the state (trigger: its transitions only) and locks the row
            published_filing       SELECT INSERT          # StatementPublisher: what a published statement's trail shows
            release_pot            SELECT INSERT          # SuspenseReleases.propose: a release's (period, category), never changed (V21's trigger)
            release_share          SELECT INSERT          # SuspenseReleases.propose: a member's share as proposed, never changed (V21's trigger)
            representation         SELECT INSERT UPDATE   # Representations: accept, end (trigger: NAMED -> ACCEPTED -> ENDED only)
            restatement            SELECT INSERT UPDATE(some columns)   # Restatements: state, approvers, landing period, rejection move with the approvals (V19's trigger: forward only)
            restatement_category   SELECT INSERT          # Restatements.propose: the restated mixture (V19's trigger: never changed)
            restatement_line       SELECT INSERT          # Restatements.propose: the engine's differences (V19's trigger: never changed)
            restatement_usage      SELECT INSERT          # UsageStaging: the restated usage (V19's trigger: never changed)
            run_category           SELECT INSERT DELETE   # RunCalculator (COPY); PeriodWorkflow.discard (trigger: a discarded run's only)
            run_line               SELECT INSERT DELETE   # RunCalculator (COPY); PeriodWorkflow.discard (trigger: a discarded run's only); a distributed run's are its statements' lines
            run_ref                SELECT INSERT DELETE   # RunCalculator; PeriodWorkflow.discard (trigger: a discarded run's only)
            stake_grant            SELECT INSERT UPDATE(some columns)   # StakeGrants: accepted, then confirmed by another administrator
            statement              SELECT INSERT          # StatementPublisher; published, never changed
            statement_line         SELECT                 # a view: the matched lines of distributed runs (V25), never written
            suspense_claim         SELECT INSERT UPDATE(some columns)   # Claims: accept, confirm, reject (V21's trigger: those moves only)
            suspense_release       SELECT INSERT UPDATE(some columns)   # SuspenseReleases.confirm (V21's trigger: PROPOSED to CONFIRMED only)
            tenant                 SELECT INSERT UPDATE   # TenantService.create, TrustSettings.requireAttestation, valuationTolerance, TenantSettingsService.change; PaymentRuns locks the row
            tenant_entry           SELECT INSERT          # TenantLedger: corrections of gross, fees and suspense, appended, never changed (V18's trigger)
            """;

    static final String[] PRIVILEGES = {"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"};

    @Inject
    @io.quarkus.agroal.DataSource("migration")
    AgroalDataSource owner;

    @ConfigProperty(name = "quarkus.flyway.migration.placeholders.appRole")
    String appRole;

    @Test
    void theAppRoleHoldsExactlyTheExpectedPrivilegesOnEveryTable() throws SQLException {
        assertThat(granted()).isEqualTo(expected());
    }

    /**
     * A period's partitions (V30) are reached only through their partitioned table, whose grants and row-level
     * security apply: on a partition itself the role may do nothing, or it would read every tenant's rows.
     */
    @Test
    void theAppRoleHasNoPrivilegeOnAnyPartition() throws SQLException {
        try (Connection c = owner.getConnection()) {
            // a period of its own, so that there are partitions to look at whatever ran before
            c.createStatement().execute("""
                    INSERT INTO tenant (id, name, currency, admin_fee_rate) VALUES ('privileges-parts', 'Partitions', 'USD', 0.1)
                        ON CONFLICT DO NOTHING;
                    INSERT INTO period (tenant_id, label, opened_by) VALUES ('privileges-parts', 'p1', 'test') ON CONFLICT DO NOTHING""");
        }
        try (Connection c = owner.getConnection(); PreparedStatement st = c.prepareStatement("""
                SELECT count(*), count(*) FILTER (WHERE has_table_privilege(?, c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
                                                     OR has_any_column_privilege(?, c.oid, 'SELECT, INSERT, UPDATE, REFERENCES'))
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relispartition""")) {
            st.setString(1, appRole);
            st.setString(2, appRole);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).as("partitions (one per period and table)").isPositive();
                assertThat(rs.getInt(2)).as("partitions %s may touch", appRole).isZero();
            }
        }
    }

    @Test
    void tablesCreatedLaterGetNoPrivilegeByDefault() throws SQLException {
        try (Connection c = owner.getConnection(); PreparedStatement st = c.prepareStatement("""
                SELECT count(*) FROM pg_default_acl d CROSS JOIN aclexplode(d.defaclacl) a
                WHERE d.defaclobjtype = 'r' AND a.grantee = to_regrole(?)::oid""")) {
            st.setString(1, appRole);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).as("default privileges on new tables for %s", appRole).isZero();
            }
        }
    }

    /** What the role may do on each table of the schema, as the database answers for it (grants to PUBLIC included). */
    private Map<String, String> granted() throws SQLException {
        Map<String, String> granted = new TreeMap<>();
        try (Connection c = owner.getConnection(); PreparedStatement st = c.prepareStatement("""
                SELECT c.relname, p.privilege, has_table_privilege(?, c.oid, p.privilege),
                       p.privilege IN ('SELECT', 'INSERT', 'UPDATE', 'REFERENCES') AND has_any_column_privilege(?, c.oid, p.privilege)
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                CROSS JOIN unnest(?::text[]) WITH ORDINALITY p(privilege, position)
                WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
                ORDER BY c.relname, p.position""")) {
            st.setString(1, appRole);
            st.setString(2, appRole);
            st.setArray(3, c.createArrayOf("text", PRIVILEGES));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String table = rs.getString(1);
                    // a privilege on some columns only is still a grant someone must have meant
                    String privilege = rs.getBoolean(3) ? rs.getString(2) : rs.getBoolean(4) ? rs.getString(2) + "(some columns)" : null;
                    granted.merge(table, privilege == null ? "" : privilege, (a, b) -> (a + " " + b).strip());
                }
            }
        }
        granted.replaceAll((table, privileges) -> privileges.isEmpty() ? "none" : privileges);
        return granted;
    }

    private static Map<String, String> expected() {
        Map<String, String> expected = new LinkedHashMap<>();
        for (String line : EXPECTED.strip().split("\n")) {
            String[] words = line.split("#", 2)[0].strip().split("\\s+");
            expected.put(words[0], String.join(" ", Arrays.copyOfRange(words, 1, words.length)));
        }
        return new TreeMap<>(expected);
    }
}
