package org.cmoportal.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;

import org.cmoportal.period.PeriodService;
import org.cmoportal.tenancy.TenantScope;
import org.cmoportal.tenant.TenantService;
import org.cmoportal.tenant.TenantSetup;
import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.OwnerSql;
import org.cmoportal.testsupport.Unique;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Writes leave hash-chained audit rows that nobody can change or remove, and a forged row is found. */
@QuarkusTest
class AuditLogTest {

    @Inject
    AuditLog audit;

    @Inject
    TenantScope scope;

    @Inject
    TenantService tenants;

    @Inject
    PeriodService periods;

    @Inject
    EntityManager em;

    /** One audit row as the owner reads it. */
    record Row(long seq, String actor, String action, String objectId, String before, String after) {
    }

    @Test
    void openingAPeriodRecordsWhoDidWhat() {
        String label = Unique.name("audit");
        given().auth().oauth2(DevTokens.of("nadia")).contentType("application/json")
                .body("{\"label\": \"" + label + "\"}")
                .post("/api/v1/tenants/newsguild/periods").then().statusCode(201);

        List<Row> rows = rows("newsguild", label);
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.actor()).isEqualTo("nadia");
            assertThat(r.action()).isEqualTo("period.open");
            assertThat(r.before()).isNull();
            assertThat(r.after()).isEqualTo("{\"state\": \"OPEN\"}");
        });
        assertThat(scope.call("newsguild", audit::verify)).isEmpty();
    }

    @Test
    void addingAMemberRecordsItsNameAndAnImportRecordsTheFile() {
        String ref = Unique.name("renamed");
        String token = DevTokens.of("nadia");
        given().auth().oauth2(token).contentType("application/json").body("{\"ref\": \"" + ref + "\", \"name\": \"Old Name\"}")
                .post("/api/v1/tenants/newsguild/members").then().statusCode(201);
        String csv = "ref,name\n" + ref + ",New Name\n";
        given().auth().oauth2(token).contentType("text/csv").body(csv)
                .post("/api/v1/tenants/newsguild/members").then().statusCode(200);

        assertThat(rows("newsguild", ref)).extracting(Row::action, Row::before, Row::after).containsExactly(
                tuple("member.add", null, "{\"name\": \"Old Name\"}"));
        // an import is one entry for the whole file: what it changed, and the file's SHA-256 to tell which file
        assertThat(rows("newsguild", "newsguild")).filteredOn(r -> r.after() != null && r.after().contains(sha256(csv)))
                .singleElement().satisfies(r -> {
                    assertThat(r.action()).isEqualTo("member.import");
                    assertThat(r.actor()).isEqualTo("nadia");
                    assertThat(r.after()).contains("\"added\": 0", "\"updated\": 1", "\"lines\": 1");
                });
        assertThat(scope.call("newsguild", audit::verify)).isEmpty();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void creatingATenantIsRecordedInThePlatformChain() {
        String slug = createTenant();
        assertThat(rows(null, slug)).extracting(Row::action).containsExactly("tenant.create");
        assertThat(scope.call(null, audit::verify)).as("the platform chain").isEmpty();
    }

    @Test
    void anAuditedWriteReadsNoEntryOfTheLog() {
        // The chain's head must be found in constant time: a write that scanned the log slowed every import
        // down as the log grew. PostgreSQL counts scans per backend until it next reports them, never during a
        // transaction, so the difference across the write inside one transaction is exactly the write's.
        assertThat(OwnerSql.number("SELECT count(*) FROM audit_event")).as("a log to scan").isGreaterThan(10);
        String label = Unique.name("head");
        long[] read = scope.call("newsguild", () -> {
            long[] before = auditEventReads();
            periods.open(label);
            long[] after = auditEventReads();
            return new long[] {after[0] - before[0], after[1] - before[1]};
        });
        assertThat(read[0]).as("scans of audit_event during one audited write").isZero();
        assertThat(read[1]).as("audit_event rows read during one audited write").isZero();
        assertThat(rows("newsguild", label)).extracting(Row::action).containsExactly("period.open");
        assertThat(scope.call("newsguild", audit::verify)).isEmpty();
    }

    /** Scans of audit_event and rows they read, as this backend has counted them so far. */
    private long[] auditEventReads() {
        Tuple r = (Tuple) em.createNativeQuery("""
                SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0), coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0)
                FROM pg_stat_xact_user_tables WHERE relname = 'audit_event'""", Tuple.class).getSingleResult();
        return new long[] {r.get(0, Long.class), r.get(1, Long.class)};
    }

    @Test
    void theChainHeadsAreTheTenantsOwnAndCannotBeRemoved() {
        scope.run("newsguild", () -> periods.open(Unique.name("head")));
        // row-level security: a tenant sees and moves only its own chain's head
        assertThat(scope.call("newsguild", () -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM audit_head WHERE tenant_id IS DISTINCT FROM 'newsguild'").getSingleResult()).longValue()))
                .isZero();
        assertThat(scope.call("newsguild", () -> em.createNativeQuery("UPDATE audit_head SET seq = seq").executeUpdate()))
                .isEqualTo(1);
        assertThatThrownBy(() -> scope.run("newsguild", () -> em.createNativeQuery("DELETE FROM audit_head").executeUpdate()))
                .rootCause().hasMessageContaining("permission denied");
        assertThat(OwnerSql.number("""
                SELECT count(*) FROM audit_head h WHERE h.tenant_id = 'newsguild'
                  AND h.seq = (SELECT max(seq) FROM audit_event e WHERE e.tenant_id = 'newsguild')
                  AND h.hash = (SELECT hash FROM audit_event e WHERE e.tenant_id = 'newsguild' ORDER BY seq DESC LIMIT 1)"""))
                .as("the head is the chain's last entry").isEqualTo(1);
    }

    @Test
    void theAppRoleCannotUpdateOrDeleteAuditRows() {
        for (String sql : List.of("UPDATE audit_event SET actor = 'mallory' WHERE tenant_id = 'newsguild'",
                "DELETE FROM audit_event WHERE tenant_id = 'newsguild'")) {
            assertThatThrownBy(() -> scope.run("newsguild", () -> em.createNativeQuery(sql).executeUpdate()))
                    .as(sql).rootCause().hasMessageContaining("permission denied");
        }
        assertThat(OwnerSql.number("SELECT count(*) FROM audit_event WHERE tenant_id = 'newsguild' AND actor = 'mallory'")).isZero();
    }

    @Test
    void evenTheOwnerCannotUpdateDeleteOrTruncateAuditRows() {
        long before = OwnerSql.number("SELECT count(*) FROM audit_event WHERE tenant_id = 'newsguild'");
        assertThat(before).isPositive();
        for (String sql : List.of("UPDATE audit_event SET actor = 'mallory' WHERE tenant_id = 'newsguild'",
                "DELETE FROM audit_event WHERE tenant_id = 'newsguild'", "TRUNCATE audit_event")) {
            assertThatThrownBy(() -> OwnerSql.execute(sql)).as(sql).hasMessageContaining("audit_event is append-only");
        }
        assertThat(OwnerSql.number("SELECT count(*) FROM audit_event WHERE tenant_id = 'newsguild'")).isEqualTo(before);
    }

    @Test
    void aForgedRowBreaksTheChainAtItsSeq() throws SQLException {
        // A tenant of its own, so the forged row never troubles another test's chain.
        String slug = createTenant();
        scope.run(slug, () -> periods.open("2026-Q1"));
        scope.run(slug, () -> periods.open("2026-Q2"));
        assertThat(scope.call(slug, audit::verify)).isEmpty();

        try (Connection c = OwnerSql.owner().getConnection(); PreparedStatement st = c.prepareStatement("""
                INSERT INTO audit_event (tenant_id, seq, at, actor, action, object_type, object_id, before, after, prev_hash, hash)
                SELECT tenant_id, seq + 1, now(), 'forger', 'period.open', 'period', '2026-Q9', NULL::jsonb, '{"state": "OPEN"}'::jsonb,
                       hash, repeat('ab', 32)
                FROM audit_event WHERE tenant_id = ? ORDER BY seq DESC LIMIT 1""")) {
            st.setString(1, slug);
            assertThat(st.executeUpdate()).isEqualTo(1);
        }

        Optional<AuditLog.ChainBreak> broken = scope.call(slug, audit::verify);
        assertThat(broken).get().satisfies(b -> {
            assertThat(b.seq()).isEqualTo(3);
            assertThat(b.reason()).contains("#3", "changed");
        });
    }

    @Test
    void theLogPageIsPagedAndSearchedByActorOrActionWithinItsTenant() {
        // after "newsguild" in code point order: nadia's home is her first tenant, which AccessMatrixTest expects
        String slug = createTenant("wf-audit");
        given().auth().oauth2(DevTokens.of("olivia")).contentType("application/json").body("{\"username\": \"nadia\"}")
                .post("/api/v1/tenants/" + slug + "/admins").then().statusCode(201);
        for (int i = 1; i <= 55; i++) {
            String label = String.format("p%02d", i);
            scope.run(slug, () -> periods.open(label));
        }
        for (String ref : List.of("ann", "ben")) {
            given().auth().oauth2(DevTokens.of("nadia")).contentType("application/json")
                    .body("{\"ref\": \"" + ref + "\", \"name\": \"Member " + ref + "\"}")
                    .post("/api/v1/tenants/" + slug + "/members").then().statusCode(201);
        }
        long total = OwnerSql.number("SELECT count(*) FROM audit_event WHERE tenant_id = ?", slug);
        assertThat(total).isGreaterThan(57);
        String base = "/t/" + slug + "/admin/audit";

        // newest first, 50 a page; the last page holds the oldest entries and no link further
        Document first = page(base);
        assertThat(seqs(first)).hasSize(50).startsWith(String.valueOf(total)).endsWith(String.valueOf(total - 49));
        assertThat(first.selectFirst("nav.pager").text()).contains("1–50 of " + total + " entries");
        assertThat(first.select("nav.pager a[rel=next]").attr("href")).isEqualTo(base + "?page=2");
        Document last = page(base + "?page=2");
        assertThat(seqs(last)).hasSize((int) total - 50).startsWith(String.valueOf(total - 50)).endsWith("1");
        assertThat(last.select("nav.pager a[rel=next]")).isEmpty();
        // the former pages counted from 0: page 0 is still the newest entries
        assertThat(seqs(page(base + "?page=0"))).isEqualTo(seqs(first));

        // by action, a page at a time with the search in the links: newsguild's periods are never among them
        Document opened = page(base + "?q=PERIOD.OPEN");
        assertThat(opened.selectFirst("nav.pager").text()).contains("1–50 of 55 entries");
        assertThat(opened.select("nav.pager a[rel=next]").attr("href")).isEqualTo(base + "?q=PERIOD.OPEN&page=2");
        assertThat(opened.select("#audit-rows tbody tr td:eq(3)").first().text()).isEqualTo("period.open period p55");
        Document openedLast = page(base + "?q=PERIOD.OPEN&page=2");
        assertThat(openedLast.select("#audit-rows tbody tr td:eq(3)").eachText()).hasSize(5)
                .allMatch(what -> what.startsWith("period.open period p0"));
        assertThat(openedLast.select("nav.pager a[rel=next]")).isEmpty();
        // by actor: nadia's two members, asked by the search box for the rows alone
        String rows = given().auth().oauth2(DevTokens.of("nadia")).header("HX-Request", "true").header("HX-Target", "audit-rows")
                .queryParam("q", "nadia").get(base).then().statusCode(200).extract().asString();
        assertThat(rows).doesNotContain("<html");
        assertThat(org.jsoup.Jsoup.parseBodyFragment(rows).select("tbody tr td:eq(3)").eachText())
                .containsExactly("member.add member ben", "member.add member ann");
        assertThat(page(base + "?q=no-such-thing").select("#audit-rows .empty").text()).isEqualTo("No entry matches “no-such-thing”.");
        given().auth().oauth2(DevTokens.of("cora")).get(base + "?q=period&page=2").then().statusCode(404);
    }

    private static Document page(String address) {
        return org.jsoup.Jsoup.parse(given().auth().oauth2(DevTokens.of("nadia")).get(address).then().statusCode(200).extract().asString());
    }

    private static List<String> seqs(Document page) {
        return page.select("#audit-rows tbody tr td:eq(0)").eachText();
    }

    private String createTenant() {
        return createTenant("audit");
    }

    private String createTenant(String prefix) {
        String slug = Unique.name(prefix);
        tenants.create(new TenantSetup(slug, "Audit Test CMO", "USD", "0.10", new TenantSetup.ShareBand("0.20", "0.50"),
                List.of(new TenantSetup.CategorySetup("news", "News", null))));
        return slug;
    }

    /** The audit rows about one object of one tenant (null: the platform chain), oldest first, read as the owner. */
    private List<Row> rows(String tenant, String objectId) {
        try (Connection c = OwnerSql.owner().getConnection(); PreparedStatement st = c.prepareStatement("""
                SELECT seq, actor, action, object_id, before::text, after::text FROM audit_event
                WHERE tenant_id IS NOT DISTINCT FROM ? AND object_id = ? ORDER BY seq""")) {
            st.setString(1, tenant);
            st.setString(2, objectId);
            ResultSet rs = st.executeQuery();
            List<Row> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)));
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
