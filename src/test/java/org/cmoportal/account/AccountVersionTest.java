package org.cmoportal.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cmoportal.testsupport.OwnerSql;
import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The tenant's account version (V50) moves with every committed change to what the account beside a statement is read
 * from, once per transaction, at its commit, in its own tenant only: the statement page keeps its body for a version and
 * reads no account while the version stays (statement/RenderedParts), so a change it missed would be shown late.
 */
@QuarkusTest
class AccountVersionTest {

    static String tenant;
    static String other;
    static final AtomicLong CAUSE = new AtomicLong(900_000);

    @BeforeEach
    void tenants() {
        if (tenant != null) {
            return;
        }
        String a = Tenants.administeredBy("version", "Version", "nadia");
        String b = Tenants.administeredBy("version-other", "Version", "nadia");
        for (String t : new String[] {a, b}) {
            DevTokens.as("nadia").contentType(ContentType.JSON).body(Map.of("ref", "ann", "name", "Ann"))
                    .post("/api/v1/tenants/" + t + "/members").then().statusCode(201);
        }
        tenant = a;
        other = b;
    }

    static long version(String t) {
        return OwnerSql.number("SELECT coalesce((SELECT version FROM account_version WHERE tenant_id = ?), 0)", t);
    }

    /** A payment of one cent to ann, as the application's role posts it in {@code t}. */
    static void paid(Connection c, String t) throws SQLException {
        OwnerSql.update(c, """
                INSERT INTO account_entry (tenant_id, member_ref, kind, amount, cause, cause_id, reason, period_key)
                VALUES (?, 'ann', 'PAID', -1, 'payment_run', ?, 'A payment of one cent', 0)""", t, CAUSE.incrementAndGet());
    }

    @Test
    void aCommittedTransactionMovesItsTenantsVersionOnceAndNoOtherTenants() throws SQLException {
        long before = version(tenant);
        long otherBefore = version(other);
        try (Connection c = OwnerSql.app(tenant)) {
            c.setAutoCommit(false);
            paid(c, tenant);
            paid(c, tenant);
            assertThat(version(tenant)).as("not before the commit").isEqualTo(before);
            c.commit();
        }
        assertThat(version(tenant)).as("two changes, one transaction").isEqualTo(before + 1);
        assertThat(version(other)).isEqualTo(otherBefore);
    }

    @Test
    void aRolledBackTransactionMovesNothingAndLeavesNoEventBehind() throws SQLException {
        long before = version(tenant);
        try (Connection c = OwnerSql.app(tenant)) {
            c.setAutoCommit(false);
            paid(c, tenant);
            c.rollback();
            // the same connection again: the transaction's note went with it, so the next change queues its own event
            paid(c, tenant);
            c.commit();
        }
        assertThat(version(tenant)).isEqualTo(before + 1);
        assertThat(OwnerSql.number("SELECT count(*) FROM account_change")).as("every event removed at its commit").isZero();
    }

    @Test
    void twoTransactionsOfOneTenantEachMoveItAndNeitherWaitsBeforeItsCommit() throws SQLException {
        long before = version(tenant);
        try (Connection first = OwnerSql.app(tenant); Connection second = OwnerSql.app(tenant)) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            paid(first, tenant);
            paid(second, tenant); // would wait here if the version were locked at the write
            first.commit();
            second.commit();
        }
        assertThat(version(tenant)).isEqualTo(before + 2);
    }

    @Test
    void aWriterOutsideAnyTenantMovesEveryTenantsVersion() throws SQLException {
        long before = version(tenant);
        long otherBefore = version(other);
        // a superuser's statement outside the application (as fixtures and operators write): no policy names its tenant
        try (Connection c = OwnerSql.connect()) {
            OwnerSql.update(c, "UPDATE tenant SET minimum_payout = minimum_payout WHERE id = ?", tenant);
        }
        assertThat(version(tenant)).isEqualTo(before + 1);
        assertThat(version(other)).isEqualTo(otherBefore + 1);
    }

    /**
     * Every table the account's query reads (from its plan, partitions by their ledger) moves the version: a table added
     * to the query fails here until it does.
     */
    @Test
    void everyTableTheAccountIsReadFromMovesTheVersion() throws SQLException {
        String query = AccountSummary.FOR_STATEMENT.replace(":tenant", "'" + tenant + "'").replace(":ref", "'ann'")
                .replace(":period", "0").replace(":published", "now()");
        Set<String> read = new TreeSet<>();
        try (Connection c = OwnerSql.connect()) {
            Matcher m = Pattern.compile("\"Relation Name\": \"([^\"]+)\"")
                    .matcher(String.join("\n", OwnerSql.strings(c, "EXPLAIN (FORMAT JSON) " + query)));
            while (m.find()) {
                read.addAll(OwnerSql.strings(c, "SELECT coalesce(pg_partition_root(?::regclass)::text, ?)", m.group(1), m.group(1)));
            }
            assertThat(read).as("the ledger, its carried totals, the periods, runs, adjustments and the tenant")
                    .contains("account_entry", "account_archived_total", "period", "payment_run", "payment_run_member",
                            "adjustment", "tenant");
            for (String table : read) {
                assertThat(OwnerSql.number(c, "SELECT count(*) FROM pg_trigger WHERE tgrelid = ?::regclass AND tgname = 'account_changed'",
                        table)).as("%s moves the account version", table).isOne();
            }
        }
    }
}
