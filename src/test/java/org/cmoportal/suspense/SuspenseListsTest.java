package org.cmoportal.suspense;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Filings;
import org.cmoportal.testsupport.OwnerSql;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The suspense pages' lists that grow, a page at a time (web/Paging): the administrators' claims (open and accepted
 * first, searched by member ref or claimed ref), their releases, and a member's own claims; each list keeps its own
 * page parameter beside the held money's {@code page} and {@code q}.
 */
@QuarkusTest
class SuspenseListsTest {

    @Test
    void theClaimsAndReleasesArePagedAndTheClaimsSearched() {
        String t = SuspenseClaimsTest.cmo();
        // 57 decided claims of alice and 3 open ones, filed first so only their state puts them on top; bob's two
        // refs tell a literal % from a wildcard
        OwnerSql.execute("""
                INSERT INTO suspense_claim (tenant_id, ref, member_ref, evidence, state, claimed_by, decided_by, decided_at, reason)
                SELECT ?, 'held-' || lpad(g::text, 2, '0'), 'alice', 'mine', CASE WHEN g <= 3 THEN 'OPEN' ELSE 'REJECTED' END,
                       'alice', CASE WHEN g <= 3 THEN NULL ELSE 'nadia' END, CASE WHEN g <= 3 THEN NULL ELSE now() END,
                       CASE WHEN g <= 3 THEN NULL ELSE 'not shown' END
                  FROM generate_series(1, 60) g ORDER BY g""", t);
        OwnerSql.execute("""
                INSERT INTO suspense_claim (tenant_id, ref, member_ref, evidence, state, claimed_by, decided_by, decided_at, reason)
                VALUES (?, '50%off', 'bob', 'mine', 'REJECTED', 'bob', 'nadia', now(), 'no'),
                       (?, '500ff', 'bob', 'mine', 'REJECTED', 'bob', 'nadia', now(), 'no')""", t, t);
        OwnerSql.execute("""
                INSERT INTO suspense_release (tenant_id, as_of, hold_months, fingerprint, total, proposed_by)
                SELECT ?, current_date, 36, repeat('a', 64), 100 * g, 'nadia' FROM generate_series(1, 51) g ORDER BY g""", t);
        long firstRelease = OwnerSql.number("SELECT min(id) FROM suspense_release WHERE tenant_id = ?", t);

        Document first = page("nadia", "/t/" + t + "/admin/suspense");
        assertThat(claimRefs(first)).hasSize(50).startsWith("held-03", "held-02", "held-01", "500ff", "50%off", "held-60");
        assertThat(pager(first, "claims").text()).contains("Page 1 of 2").contains("1–50 of 62 claims");
        assertThat(pager(first, "claims").select("a[rel=next]").attr("href")).isEqualTo("/t/" + t + "/admin/suspense?claimsPage=2");
        assertThat(pager(first, "releases").select("a[rel=next]").attr("href")).isEqualTo("/t/" + t + "/admin/suspense?releasesPage=2");
        assertThat(first.select("section[aria-labelledby=releases-h] tbody tr")).hasSize(50);

        // a page beyond the last shows the last, for each list on its own
        Document beyond = page("nadia", "/t/" + t + "/admin/suspense?claimsPage=99&releasesPage=99");
        assertThat(claimRefs(beyond)).containsExactly("held-15", "held-14", "held-13", "held-12", "held-11", "held-10",
                "held-09", "held-08", "held-07", "held-06", "held-05", "held-04");
        assertThat(pager(beyond, "claims").text()).contains("Page 2 of 2").contains("51–62 of 62 claims");
        assertThat(pager(beyond, "releases").text()).contains("Page 2 of 2").contains("51–51 of 51 releases");
        assertThat(beyond.select("section[aria-labelledby=releases-h] tbody tr td:eq(0)").eachText())
                .containsExactly("Release " + firstRelease);

        // searched by claimed ref or member ref; the search stays in the pages' links
        Document held = page("nadia", "/t/" + t + "/admin/suspense?claimsQ=HELD");
        assertThat(pager(held, "claims").text()).contains("of 60 claims");
        assertThat(pager(held, "claims").select("a[rel=next]").attr("href"))
                .isEqualTo("/t/" + t + "/admin/suspense?claimsQ=HELD&claimsPage=2");
        assertThat(claimRefs(page("nadia", "/t/" + t + "/admin/suspense?claimsQ=bob"))).containsExactly("500ff", "50%off");
        // a % is the character, not any characters: held-50 and 500ff do not match
        assertThat(claimRefs(searched(t, "50%"))).containsExactly("50%off");
        assertThat(claimRefs(page("nadia", "/t/" + t + "/admin/suspense?claimsQ=_"))).isEmpty();
        Document none = page("nadia", "/t/" + t + "/admin/suspense?claimsQ=nobody-here");
        assertThat(claimRefs(none)).isEmpty();
        assertThat(none.text()).contains("No claim matches “nobody-here”.");
        assertThat(none.select("nav[aria-label='Pages of claims']")).isEmpty();
        assertThat(none.select("input[name=claimsQ]").attr("value")).isEqualTo("nobody-here");

        // a member's own claims, the latest first, a page at a time; another member's are not among them
        Document alice = page("alice", "/t/" + t + "/suspense?claimsPage=99");
        assertThat(alice.select("section[aria-labelledby=claims-h] tbody tr td:eq(1)").eachText())
                .containsExactly("held-10", "held-09", "held-08", "held-07", "held-06", "held-05", "held-04", "held-03", "held-02", "held-01");
        assertThat(pager(alice, "claims").text()).contains("Page 2 of 2").contains("51–60 of 60 claims");
        assertThat(pager(alice, "claims").select("a[rel=prev]").attr("href")).isEqualTo("/t/" + t + "/suspense?claimsPage=1");
        Document bob = page("bob", "/t/" + t + "/suspense?claimsPage=2");
        assertThat(bob.select("section[aria-labelledby=claims-h] tbody tr td:eq(1)").eachText()).containsExactly("500ff", "50%off");
        assertThat(bob.select("nav[aria-label='Pages of claims']")).isEmpty();

        // another tenant's administrator or member: not found, whatever the list's parameters
        DevTokens.as("cora").get("/t/" + t + "/admin/suspense?claimsQ=held&claimsPage=2&releasesPage=2").then().statusCode(404);
        DevTokens.as("dave").get("/t/" + t + "/suspense?claimsPage=2").then().statusCode(404);
    }

    @Test
    void theMoneyHeldIsPagedAndSearchedWithinItsCmo() {
        String t = SuspenseClaimsTest.cmo();
        String other = SuspenseClaimsTest.cmo();
        // 55 unknown refs u01 .. u55 in news, and code with no usage at all: 56 keys held
        List<Filings.Line> usage = new ArrayList<>(List.of(new Filings.Line("news", "alice", 1)));
        for (int i = 1; i <= 55; i++) {
            usage.add(new Filings.Line("news", String.format("u%02d", i), 1));
        }
        SuspenseClaimsTest.distribute(t, "2026-Q1", usage);
        SuspenseClaimsTest.distribute(other, "2026-Q1", List.of(new Filings.Line("news", "alice", 1),
                new Filings.Line("news", "u01-elsewhere", 1)));

        // the held money, oldest period first, then by category and ref: a page of 50, the next holds the rest
        Document first = page("nadia", "/t/" + t + "/admin/suspense");
        assertThat(heldRefs(first)).hasSize(50).startsWith("no usage in the category", "u01", "u02").endsWith("u49");
        assertThat(pager(first, "amounts held").text()).contains("Page 1 of 2", "1–50 of 56 amounts held");
        assertThat(pager(first, "amounts held").select("a[rel=next]").attr("href")).isEqualTo("/t/" + t + "/admin/suspense?page=2");
        Document last = page("nadia", "/t/" + t + "/admin/suspense?page=2");
        assertThat(heldRefs(last)).containsExactly("u50", "u51", "u52", "u53", "u54", "u55");
        assertThat(pager(last, "amounts held").select("a[rel=next]")).isEmpty();
        assertThat(pager(last, "amounts held").select("a[rel=prev]").attr("href")).isEqualTo("/t/" + t + "/admin/suspense?page=1");
        // the member's page too, with its own address in the links
        Document alice = page("alice", "/t/" + t + "/suspense?page=2");
        assertThat(heldRefs(alice)).containsExactly("u50", "u51", "u52", "u53", "u54", "u55");
        assertThat(pager(alice, "amounts held").select("a[rel=prev]").attr("href")).isEqualTo("/t/" + t + "/suspense?page=1");

        // a search by a part of the ref narrows the rows; the other CMO's u01-elsewhere is never among them
        Document u0 = page("nadia", "/t/" + t + "/admin/suspense?q=U0");
        assertThat(heldRefs(u0)).containsExactly("u01", "u02", "u03", "u04", "u05", "u06", "u07", "u08", "u09");
        assertThat(u0.select("nav[aria-label='Pages of amounts held']")).isEmpty();
        Document news = page("nadia", "/t/" + t + "/admin/suspense?q=news");
        assertThat(pager(news, "amounts held").text()).contains("1–50 of 55 amounts held");
        assertThat(pager(news, "amounts held").select("a[rel=next]").attr("href")).isEqualTo("/t/" + t + "/admin/suspense?q=news&page=2");
        assertThat(heldRefs(page("alice", "/t/" + other + "/suspense?q=u0"))).containsExactly("u01-elsewhere");
        String rows = DevTokens.as("alice").header("HX-Request", "true").header("HX-Target", "held-rows").queryParam("q", "u55")
                .get("/t/" + t + "/suspense").then().statusCode(200).extract().asString();
        assertThat(rows).doesNotContain("<html");
        assertThat(heldRefs(Jsoup.parseBodyFragment(rows))).containsExactly("u55");
        DevTokens.as("cora").get("/t/" + t + "/admin/suspense?q=u0&page=2").then().statusCode(404);
        DevTokens.as("dave").get("/t/" + t + "/suspense?q=u0").then().statusCode(404);
    }

    @Test
    void aReleasesSharesArePagedAndSearchedWithTheirTotalOverAll() {
        String t = SuspenseClaimsTest.cmo();
        String other = SuspenseClaimsTest.cmo();
        long release = release(t, "rel-");
        long elsewhere = release(other, "far-");
        String address = "/t/" + t + "/admin/suspense/releases/" + release;

        // 60 shares of 0.01 .. 0.60, one per member: a page of 50 by member ref, the next holds the rest; the total is
        // the release's, over all 60, on every page
        Document first = page("nadia", address);
        assertThat(shareRefs(first)).hasSize(50).startsWith("rel-01", "rel-02").endsWith("rel-50");
        assertThat(pager(first, "shares").text()).contains("Page 1 of 2", "1–50 of 60 shares");
        assertThat(pager(first, "shares").select("a[rel=next]").attr("href")).isEqualTo(address + "?sharesPage=2");
        assertThat(first.select("#share-rows").text()).contains("60 shares, 18.30 USD in all");
        Document second = page("nadia", address + "?sharesPage=2");
        assertThat(shareRefs(second)).containsExactly("rel-51", "rel-52", "rel-53", "rel-54", "rel-55", "rel-56", "rel-57",
                "rel-58", "rel-59", "rel-60");
        assertThat(second.select("#share-rows").text()).contains("60 shares, 18.30 USD in all");
        assertThat(second.text()).contains("18.30 USD");
        // the pots the release shares stay whole above the shares
        assertThat(second.select("section[aria-labelledby=release-h] tbody tr")).hasSize(1);

        // a search by member ref narrows the shares, sums what it matched and keeps the release's total; the search
        // stays in the pages' links
        Document rel5 = page("nadia", address + "?q=REL-5");
        assertThat(shareRefs(rel5)).containsExactly("rel-50", "rel-51", "rel-52", "rel-53", "rel-54", "rel-55", "rel-56",
                "rel-57", "rel-58", "rel-59");
        assertThat(rel5.select("#share-rows").text()).contains("10 shares match, 5.45 USD of the release's 18.30 USD");
        assertThat(rel5.select("nav[aria-label='Pages of shares']")).isEmpty();
        assertThat(pager(page("nadia", address + "?q=news"), "shares").select("a[rel=next]").attr("href"))
                .isEqualTo(address + "?q=news&sharesPage=2");
        Document none = page("nadia", address + "?q=far-");
        assertThat(shareRefs(none)).isEmpty();
        assertThat(none.text()).contains("No share matches “far-”.");

        // the htmx search asks the shares' fragment, not the page
        String rows = DevTokens.as("nadia").header("HX-Request", "true").header("HX-Target", "share-rows").queryParam("q", "rel-60")
                .get(address).then().statusCode(200).extract().asString();
        assertThat(rows).doesNotContain("<html");
        assertThat(shareRefs(Jsoup.parseBodyFragment(rows))).containsExactly("rel-60");

        // another CMO's release, or this one to another CMO's administrator: not found, whatever the list's parameters
        DevTokens.as("nadia").get("/t/" + t + "/admin/suspense/releases/" + elsewhere + "?q=far&sharesPage=2").then().statusCode(404);
        DevTokens.as("cora").get(address + "?q=rel&sharesPage=2").then().statusCode(404);
    }

    /** A proposed release in {@code tenant} of one pot shared over 60 members {@code prefix01..60}, 0.01 .. 0.60. */
    private static long release(String tenant, String prefix) {
        long period = OwnerSql.number("INSERT INTO period (tenant_id, label, opened_by) VALUES (?, '2020-Q1', 'nadia') RETURNING id", tenant);
        OwnerSql.execute("INSERT INTO member (tenant_id, ref, name) SELECT ?, ? || lpad(g::text, 2, '0'), 'Sharer ' || g"
                + " FROM generate_series(1, 60) g", tenant, prefix);
        long release = OwnerSql.number("""
                INSERT INTO suspense_release (tenant_id, as_of, hold_months, fingerprint, total, proposed_by)
                VALUES (?, current_date, 36, repeat('a', 64), 1830, 'nadia') RETURNING id""", tenant);
        long pot = OwnerSql.number("""
                INSERT INTO release_pot (tenant_id, release_id, period_id, category_key, basis, amount)
                VALUES (?, ?, ?, 'news', 'CATEGORY', 1830) RETURNING id""", tenant, release, period);
        OwnerSql.execute("INSERT INTO release_share (tenant_id, pot_id, member_ref, amount)"
                + " SELECT ?, ?, ? || lpad(g::text, 2, '0'), g FROM generate_series(1, 60) g ORDER BY g DESC", tenant, pot, prefix);
        return release;
    }

    private static List<String> shareRefs(Document page) {
        return page.select("#share-rows tbody tr td:eq(0)").eachText();
    }

    /** The refs of the money held, in the table's order. */
    private static List<String> heldRefs(Document page) {
        return page.select("#held-rows tbody tr td:eq(2)").eachText();
    }

    /** The administrators' page with its claims searched; the client encodes the search as a browser does. */
    private static Document searched(String t, String query) {
        return Jsoup.parse(DevTokens.as("nadia").queryParam("claimsQ", query).get("/t/" + t + "/admin/suspense").then()
                .statusCode(200).extract().asString());
    }

    private static Document page(String user, String address) {
        return Jsoup.parse(DevTokens.as(user).get(address).then().statusCode(200).extract().asString());
    }

    /** The claimed refs in the administrators' claims table, in its order. */
    private static List<String> claimRefs(Document page) {
        return page.select("section[aria-labelledby=claims-h] tbody tr td:eq(1)").eachText();
    }

    private static Element pager(Document page, String what) {
        Element nav = page.selectFirst("nav[aria-label='Pages of " + what + "']");
        assertThat(nav).as("the pages of the " + what).isNotNull();
        return nav;
    }
}
