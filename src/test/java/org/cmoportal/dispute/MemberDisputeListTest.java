package org.cmoportal.dispute;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.OwnerSql;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A member's own disputes grow with every period they dispute a line in: their page is counted and read a page at a
 * time, the latest first, and searched by period or model as the administrators' queue is; another member's disputes
 * are never on it.
 */
@QuarkusTest
class MemberDisputeListTest {

    @Test
    void aMembersDisputesArePagedAndSearchedAndOnlyTheirOwn() throws SQLException {
        DisputeWorld world = DisputeWorld.create();
        world.distribute("2027-Q1");
        world.distribute("2027-Q2");
        long first = open(world, "alice", "2027-Q1", "news");
        long bobs = open(world, "bob", "2027-Q1", "news");
        // alice's earlier disputes of the same line, answered: 55 of them (only one of a line is open at a time)
        OwnerSql.execute("""
                INSERT INTO dispute (tenant_id, statement_line_id, statement_id, period_id, member_ref, message, opened_by,
                                     opened_at, state, answer, resolved_by, resolved_at)
                SELECT tenant_id, statement_line_id, statement_id, period_id, member_ref, 'Earlier check ' || n, opened_by,
                       opened_at - n * interval '1 day', 'REJECTED', 'As reported.', 'nadia', now()
                  FROM dispute, generate_series(1, 55) AS n WHERE id = ?""", first);
        long latest = open(world, "alice", "2027-Q2", "news");

        List<Long> mine;
        try (Connection c = OwnerSql.connect()) {
            mine = OwnerSql.strings(c, "SELECT id::text FROM dispute WHERE tenant_id = ? AND member_ref = 'alice' ORDER BY id DESC",
                    world.tenant).stream().map(Long::valueOf).toList();
        }
        assertThat(mine).hasSize(57).startsWith(latest);
        Document one = page("/t/" + world.tenant + "/disputes");
        assertThat(ids(one)).isEqualTo(mine.subList(0, 50));
        assertThat(one.select("nav.pager").text()).contains("1–50 of 57 disputes");
        String next = one.selectFirst("nav.pager a[rel=next]").attr("href");
        assertThat(ids(page(next))).isEqualTo(mine.subList(50, 57)).doesNotContain(bobs);

        // searched by period (any case), the address keeps the search; bob's never shows, even searched by his ref
        Document q2 = page("/t/" + world.tenant + "/disputes?q=2027-q2");
        assertThat(ids(q2)).containsExactly(latest);
        assertThat(q2.selectFirst("input[name=q]").attr("value")).isEqualTo("2027-q2");
        Document bob = page("/t/" + world.tenant + "/disputes?q=bob");
        assertThat(ids(bob)).isEmpty();
        assertThat(bob.text()).contains("No dispute of yours matches “bob”");
        // a page past the last is the last
        assertThat(ids(page("/t/" + world.tenant + "/disputes?page=9"))).isEqualTo(mine.subList(50, 57));
    }

    private static long open(DisputeWorld world, String member, String period, String category) {
        long line = world.line(member, period, category)[0];
        return world.api(member).contentType(ContentType.JSON).body(Map.of("statementLineId", line, "message", "Check " + category))
                .post("/disputes").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static Document page(String path) {
        return Jsoup.parse(DevTokens.as("alice").accept(ContentType.HTML).get(path).then().statusCode(200).extract().asString());
    }

    private static List<Long> ids(Document page) {
        return page.select("tr[id^=dispute-]").stream().map(tr -> Long.parseLong(tr.id().substring("dispute-".length()))).toList();
    }
}
