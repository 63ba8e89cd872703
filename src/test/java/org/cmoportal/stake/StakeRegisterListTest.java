package org.cmoportal.stake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.OwnerSql;
import org.cmoportal.web.Paging;
import org.cmoportal.web.Routes;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * A model's register of holders, a page at a time (web/Paging) and searched by ref or name: a search narrows the rows,
 * never a holder's rank, and finds only the entered CMO's holders.
 */
@QuarkusTest
class StakeRegisterListTest {

    @Test
    void theRegisterIsPagedAndSearchedByRefOrNameKeepingEachHoldersRank() {
        StakeWorld world = StakeWorld.create();
        StakeWorld other = StakeWorld.create();
        // 55 more holders of the model, paid in a second period: h01 .. h55, each paid for as many units as its number
        OwnerSql.execute("INSERT INTO member (tenant_id, ref, name) SELECT ?, 'h' || lpad(g::text, 2, '0'), 'Holder ' || lpad(g::text, 2, '0')"
                + " FROM generate_series(1, 55) g", world.slug);
        String usage = IntStream.rangeClosed(1, 55).mapToObj(i -> String.format("news,h%02d,%d%n", i, i)).collect(Collectors.joining());
        world.distribute("2026-Q2", Map.of(world.model, usage), Map.of());
        String base = Routes.stakeRegister(world.slug, world.model);

        Document first = page("nadia", base);
        assertThat(ranks(first)).hasSize(Paging.SIZE).startsWith("1", "2").endsWith("50");
        assertThat(pager(first).text()).contains("Page 1 of 2", "1–50 of 57 holders");
        assertThat(pager(first).select("a[rel=next]").attr("href")).isEqualTo(base + "?page=2");
        Document last = page("nadia", base + "?page=2");
        assertThat(ranks(last)).containsExactly("51", "52", "53", "54", "55", "56", "57");
        assertThat(pager(last).select("a[rel=next]")).isEmpty();
        assertThat(pager(last).select("a[rel=prev]").attr("href")).isEqualTo(base + "?page=1");
        // the concentration is the whole register's on every page
        assertThat(last.select(".stat .value").first().text()).isEqualTo("57");
        Map<String, String> rankOf = new HashMap<>();
        for (Document d : List.of(first, last)) {
            d.select("#holder-rows tbody tr").forEach(r -> rankOf.put(r.select("td").get(1).text(), r.select("td").get(0).text()));
        }
        assertThat(rankOf).hasSize(57);

        // by name: the holders named "Holder 0x", each at its rank in the whole register
        Document searched = Jsoup.parse(DevTokens.as("nadia").queryParam("q", "holder 0").get(base).then().statusCode(200)
                .extract().asString());
        assertThat(refs(searched)).containsExactlyInAnyOrder("h01", "h02", "h03", "h04", "h05", "h06", "h07", "h08", "h09");
        assertThat(searched.select("#holder-rows tbody tr")).allSatisfy(r ->
                assertThat(r.select("td").get(0).text()).isEqualTo(rankOf.get(r.select("td").get(1).text())));
        assertThat(searched.select("#holder-rows nav.pager")).isEmpty();
        assertThat(searched.select("input[name=q]").attr("value")).isEqualTo("holder 0");
        // by ref, a page at a time with the search in the links
        Document byRef = page("nadia", base + "?q=H");
        assertThat(pager(byRef).text()).contains("1–50 of 55 holders");
        assertThat(pager(byRef).select("a[rel=next]").attr("href")).isEqualTo(base + "?q=H&page=2");
        assertThat(refs(page("nadia", base + "?q=H&page=2"))).hasSize(5).allMatch(r -> r.startsWith("h"));
        // the htmx search asks for the rows alone
        String rows = DevTokens.as("nadia").header("HX-Request", "true").header("HX-Target", "holder-rows").queryParam("q", "h55")
                .get(base).then().statusCode(200).extract().asString();
        assertThat(rows).doesNotContain("<html");
        assertThat(Jsoup.parseBodyFragment(rows).select("tbody tr td:eq(1)").eachText()).containsExactly("h55");

        // both CMOs have members a1 and b1 named alike, both holders: only this CMO's are found
        assertThat(refs(page("nadia", base + "?q=member"))).containsExactlyInAnyOrder("a1", "b1");
        assertThat(page("nadia", Routes.stakeRegister(other.slug, other.model) + "?q=holder").select("#holder-rows .empty").text())
                .isEqualTo("No holder matches “holder”.");
        // the model is not the other CMO's, and another CMO's administrator is not this one's
        DevTokens.as("nadia").get(Routes.stakeRegister(other.slug, world.model) + "?q=h").then().statusCode(404);
        DevTokens.as("cora").get(base + "?q=h&page=2").then().statusCode(404);
    }

    private static Document page(String user, String address) {
        return Jsoup.parse(DevTokens.as(user).get(address).then().statusCode(200).extract().asString());
    }

    private static List<String> ranks(Document page) {
        return page.select("#holder-rows tbody tr td:eq(0)").eachText();
    }

    private static List<String> refs(Document page) {
        return page.select("#holder-rows tbody tr td:eq(1)").eachText();
    }

    private static Element pager(Document page) {
        Element nav = page.selectFirst("nav[aria-label='Pages of holders']");
        assertThat(nav).as("the pages of the holders").isNotNull();
        return nav;
    }
}
