package org.cmoportal.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.cmoportal.account.Conservation;
import org.cmoportal.audit.AuditLog;
import org.cmoportal.tenancy.TenantScope;
import org.cmoportal.testsupport.DemoHistoryProfile;
import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Html;
import org.cmoportal.testsupport.OwnerSql;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * The demo's history (the dev profile's {@code cmo.demo-history=true}), loaded through the services into a fresh
 * database of its own ({@link DemoHistoryProfile}), so the other tests keep the bare demo they build on: the story the README's demo table
 * promises holds, four-eyes steps were taken by two administrators, each demo person's first page shows it, the
 * audit chains verify and money is conserved.
 */
@QuarkusTest
@TestProfile(DemoHistoryProfile.class)
class DemoHistoryTest {

    static final List<String> TENANTS = List.of("newsguild", "codebooks");

    @Inject
    TenantScope scope;

    @Inject
    Conservation conservation;

    @Inject
    AuditLog audit;

    @Test
    void eachCmoHasThreeDistributedQuartersAndTheOpenOne() {
        for (String t : TENANTS) {
            assertThat(rows("SELECT label || ' ' || state FROM period WHERE tenant_id = ? ORDER BY opened_at, id", t))
                    .as(t).containsExactly("2025-Q4 DISTRIBUTED", "2026-Q1 DISTRIBUTED", "2026-Q2 DISTRIBUTED", "2026-Q3 OPEN");
        }
        // four eyes: one administrator calculated each run, the other approved it
        assertThat(rows("SELECT DISTINCT calculated_by || '>' || approved_by FROM period WHERE tenant_id = ? AND state = 'DISTRIBUTED'",
                "newsguild")).containsExactly("nadia>noah");
        assertThat(rows("SELECT DISTINCT calculated_by || '>' || approved_by FROM period WHERE tenant_id = ? AND state = 'DISTRIBUTED'",
                "codebooks")).containsExactly("cora>colin");
        // statements for every member with usage, in every distributed quarter
        assertThat(count("""
                SELECT count(*) FROM statement s JOIN period p ON p.id = s.period_id
                 WHERE s.tenant_id = 'newsguild' AND s.member_ref IN ('alice', 'bob', 'carol')""")).isEqualTo(9);
        assertThat(count("""
                SELECT count(*) FROM statement s WHERE s.tenant_id = 'codebooks' AND s.member_ref IN ('carol', 'dave', 'erin')"""))
                .isEqualTo(9);
    }

    @Test
    void twoBuildersFileAttestedAndUnattestedFilings() {
        assertThat(rows("""
                SELECT b.slug || ' ' || u.username || ' ' || a.org_admin FROM builder_org b
                  JOIN affiliation a ON a.builder_id = b.id JOIN app_user u ON u.id = a.user_id WHERE b.slug = ?""", "lumen-labs"))
                .containsExactly("lumen-labs lena true");
        assertThat(count("SELECT count(*) FROM licence l JOIN builder_org b ON b.id = l.builder_id WHERE b.slug = 'lumen-labs'"
                + " AND l.tenant_id = 'newsguild'")).isEqualTo(1);
        // every distributed filing of Acme was attested by eva; none of Lumen's was
        assertThat(count("""
                SELECT count(*) FROM filing f JOIN builder_org b ON b.id = f.builder_id
                 WHERE b.slug = 'acme-ai' AND f.status = 'ACCEPTED'
                   AND EXISTS (SELECT 1 FROM attestation a WHERE a.filing_id = f.id AND a.attested_by = 'eva' AND a.voided_at IS NULL)"""))
                .isEqualTo(6);
        assertThat(count("""
                SELECT count(*) FROM filing f JOIN builder_org b ON b.id = f.builder_id
                 WHERE b.slug = 'lumen-labs' AND f.status = 'ACCEPTED'
                   AND NOT EXISTS (SELECT 1 FROM attestation a WHERE a.filing_id = f.id)""")).isEqualTo(3);
        // 2026-Q3: the guild's Acme filing waits for eva, Lumen's for review; the codebooks' is attested
        assertThat(rows("""
                SELECT f.tenant_id || ' ' || f.model || ' ' || f.status || ' '
                       || EXISTS (SELECT 1 FROM attestation a WHERE a.filing_id = f.id)
                  FROM filing f JOIN period p ON p.id = f.period_id WHERE p.label = ? ORDER BY f.tenant_id, f.model""", "2026-Q3"))
                .containsExactly("codebooks acme-code-13b SUBMITTED true", "newsguild acme-news-7b SUBMITTED false",
                        "newsguild lumen-1 SUBMITTED false");
    }

    @Test
    void theCorrectionsPaymentsAndVotesOfTheStoryAreThere() {
        assertThat(rows("SELECT state || ' ' || proposed_by || ' ' || first_approved_by || ' ' || decided_by FROM restatement"
                + " WHERE tenant_id = ?", "newsguild")).containsExactly("APPROVED bruno nadia noah");
        assertThat(rows("SELECT tenant_id || ' ' || ref || ' ' || member_ref || ' ' || state FROM suspense_claim WHERE claimed_by IN (?, ?)"
                + " ORDER BY tenant_id", "bob", "erin"))
                .containsExactly("codebooks e.walsh-novels erin OPEN", "newsguild b.okafor-1998 bob OPEN");
        assertThat(rows("SELECT member_ref || ' ' || state FROM dispute WHERE tenant_id = ?", "newsguild")).containsExactly("bob OPEN");
        // one run paid (nadia proposed, noah approved), one waiting for noah; one in the codebooks waiting for colin
        String runs = "SELECT state || ' ' || proposed_by || ' ' || coalesce(decided_by, '-') FROM payment_run WHERE tenant_id = ? ORDER BY id";
        assertThat(rows(runs, "newsguild")).containsExactly("APPROVED nadia noah", "PROPOSED nadia -");
        assertThat(rows(runs, "codebooks")).containsExactly("PROPOSED cora -");
        assertThat(rows("SELECT member_ref FROM payment_return WHERE tenant_id = ?", "newsguild")).containsExactly("carol");
        assertThat(rows("SELECT tenant_id FROM debtor_account WHERE changed_by IN ('nadia', 'cora') AND 1 = ? ORDER BY tenant_id", 1))
                .containsExactly("codebooks", "newsguild");
        assertThat(rows("SELECT DISTINCT member_ref FROM bank_account WHERE tenant_id IN ('newsguild', 'codebooks') AND 1 = ?"
                + " ORDER BY member_ref", 1)).containsExactly("alice", "carol", "dave");
        assertThat(rows("SELECT state || ' ' || accepted_by || ' ' || confirmed_by FROM stake_grant WHERE tenant_id = ?", "newsguild"))
                .containsExactly("HELD nadia noah");
        assertThat(rows("SELECT state || ' ' || coalesce(votes::text, '-') FROM ballot WHERE tenant_id = ? ORDER BY closes_at", "newsguild"))
                .containsExactly("CLOSED 2", "OPEN -");
        assertThat(count("SELECT count(*) FROM ballot_vote WHERE tenant_id = 'newsguild'")).isEqualTo(3);
        // unmatched refs of the wire services stay held in suspense
        assertThat(count("SELECT count(*) FROM run_line WHERE tenant_id = 'newsguild' AND member_ref LIKE 'wire-%'")).isPositive();
    }

    @Test
    void moneyIsConservedAndTheAuditChainsVerify() {
        for (String t : TENANTS) {
            Conservation.Identity identity = scope.call(t, () -> conservation.check());
            assertThat(identity.holds()).as("%s", identity).isTrue();
            assertThat(identity.suspenseHeld()).as(t).isPositive();
            assertThat(identity.paid() > 0).as(t).isEqualTo(t.equals("newsguild"));
            assertThat(scope.call(t, () -> audit.verify())).as(t).isEmpty();
        }
        assertThat(QuarkusTransaction.requiringNew().call(() -> audit.verify())).isEmpty();
    }

    @Test
    void theDemoPeopleAreThoseOfTheSignInPage() {
        DemoUsers.ROLES.forEach((user, role) -> assertThat(ConfigProvider.getConfig()
                .getValue("quarkus.oidc.devservices.roles." + user, String.class)).as(user).isEqualTo(role));
    }

    /** What the README's demo table tells each person to look at first is on the page they land on. */
    @Test
    void eachPersonsFirstPageShowsTheStory() {
        Map<String, List<String>> promised = new java.util.LinkedHashMap<>();
        promised.put("olivia", List.of("2 CMOs on the platform"));
        promised.put("nadia", List.of("Needs doing now", "1 dispute to answer or approve", "1 claim of a held ref to accept or confirm",
                "1 payment run to approve", "2026-Q3 OPEN", "2026-Q2 DISTRIBUTED", "2 licensed builders"));
        promised.put("noah", List.of("1 payment run to approve", "1 dispute to answer or approve"));
        promised.put("cora", List.of("1 claim of a held ref to accept or confirm", "2026-Q2 DISTRIBUTED"));
        promised.put("colin", List.of("1 payment run to approve"));
        promised.put("bruno", List.of("acme-news-7b", "acme-code-13b", "ACCEPTED", "SUBMITTED", "What you owe"));
        promised.put("lena", List.of("Lumen Labs", "lumen-1", "ACCEPTED", "SUBMITTED"));
        promised.put("eva", List.of("Waiting for your attestation", "acme-news-7b", "Attested", "acme-code-13b"));
        for (String member : List.of("alice", "bob", "carol", "dave", "erin")) {
            promised.put(member, List.of("Your earnings by period", "2026-Q2 " + member + " earned", "2025-Q4 " + member + " earned"));
        }
        promised.forEach((user, shown) -> assertThat(firstPage(user)).as(user).contains(shown));
        assertThat(firstPage("carol")).contains("2 CMOs");
    }

    /** The members' stories one click further: a payment, a returned payment, a carried balance, a claim, a dispute. */
    @Test
    void theMembersStoriesAreOneClickAway() {
        assertThat(page("alice", "/t/newsguild/accounts/alice")).contains("Payment run");
        assertThat(page("carol", "/t/newsguild/accounts/carol")).contains("Account closed");
        assertThat(page("bob", "/t/newsguild/accounts/bob")).contains("Carried forward in payment run", "no bank account on file",
                "Adjusted 2026-Q3");
    }

    /** The page {@code /home} leads {@code user} to, as text. */
    private static String firstPage(String user) {
        Response home = DevTokens.page(user).redirects().follow(false).get("/home");
        assertThat(home.statusCode()).as(user).isEqualTo(303);
        return page(user, home.getHeader("Location"));
    }

    /** The main part of a page as a person reads it: no tags, spaces collapsed. */
    private static String page(String user, String path) {
        String html = DevTokens.page(user).get(path).then().statusCode(200).extract().asString();
        int main = html.indexOf("<main");
        return Html.text(html.substring(Math.max(main, 0)).replaceAll("(?s)<script.*?</script>", " ")
                .replaceAll("<[^>]+>", " ").replaceAll("\\s+", " "));
    }

    private static List<String> rows(String sql, Object... args) {
        try (Connection c = OwnerSql.owner().getConnection()) {
            return OwnerSql.strings(c, sql, args);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static long count(String sql) {
        return OwnerSql.number(sql);
    }
}
