package org.cmoportal.suspense;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.oneOf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.sessions.JqwikSession;

import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.testsupport.Filings;
import org.cmoportal.testsupport.OwnerSql;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Conservation (economics.md) after claims and aged releases, over generated histories (jqwik's generators with a
 * fixed seed, run against the portal): periods distributed with usage under members' refs and unknown ones, a
 * downward correction of a held key (netted, its net negative staying held), claims confirmed by two
 * administrators, then an aged release. After every step the identity holds to the minor unit, and what left
 * suspense is exactly what the RELEASED entries gave members.
 */
@QuarkusTest
class SuspenseConservationTest {

    static final CurrencyUnit USD = CurrencyUnit.of("USD");
    static final List<String> REFS = List.of("alice", "bob", "carol", "u-1", "u-2", "u-3");

    record History(List<List<Filings.Line>> periods, String claimed, String claimant, long correction) {
    }

    static Arbitrary<History> histories() {
        Arbitrary<Filings.Line> line = Combinators.combine(Arbitraries.of("news", "code"), Arbitraries.of(REFS),
                Arbitraries.longs().between(1, 9)).as(Filings.Line::new);
        Arbitrary<List<Filings.Line>> usage = line.list().ofMinSize(1).ofMaxSize(6)
                .map(l -> l.stream().collect(java.util.stream.Collectors.toMap(x -> x.category() + "\t" + x.ref(), x -> x,
                        (a, b) -> a, java.util.LinkedHashMap::new)).values().stream().toList());
        return Combinators.combine(usage.list().ofMinSize(1).ofMaxSize(2), Arbitraries.of("u-1", "u-2", "u-3"),
                Arbitraries.of("alice", "bob"), Arbitraries.longs().between(0, 3_000_000)).as(History::new);
    }

    @Test
    void conservationHoldsAfterClaimsAndReleases() {
        Random random = new Random(1620);
        List<History> histories = new ArrayList<>();
        JqwikSession.start();
        try {
            for (int i = 0; i < 3; i++) {
                histories.add(histories().generator(50).next(random).value());
            }
        } finally {
            JqwikSession.finish();
        }
        for (History h : histories) {
            String t = SuspenseClaimsTest.cmo();
            int n = 0;
            for (List<Filings.Line> usage : h.periods()) {
                SuspenseClaimsTest.distribute(t, "2026-Q" + (++n), usage);
                conserved(t, h);
            }
            // a downward correction of the first held key, balanced by its member side as a correction would be
            JsonPath held = SuspenseClaimsTest.api(t, "nadia").get("/suspense").then().statusCode(200).extract().jsonPath();
            if (h.correction() > 0 && !held.getList("$").isEmpty()) {
                String period = held.getString("[0].period");
                OwnerSql.execute("""
                        INSERT INTO tenant_entry (tenant_id, account, amount, origin_period_id, category_key, member_ref, cause, cause_id, reason)
                        VALUES (?, 'SUSPENSE', ?, (SELECT id FROM period WHERE tenant_id = ? AND label = ?), ?, ?, 'test-correction', 1, 'test')""",
                        t, -h.correction(), t, period, held.getString("[0].category"), held.getString("[0].ref"));
                OwnerSql.execute("""
                        INSERT INTO account_entry (tenant_id, member_ref, kind, amount, cause, cause_id, reason)
                        VALUES (?, 'carol', 'ADJUSTED', ?, 'test-correction', 1, 'test')""", t, h.correction());
                conserved(t, h);
            }
            long before = heldTotal(t);
            var claim = SuspenseClaimsTest.api(t, h.claimant()).contentType(ContentType.JSON)
                    .body(Map.of("ref", h.claimed(), "memberRef", h.claimant(), "evidence", "generated")).post("/claims");
            claim.then().statusCode(oneOf(201, 422));
            if (claim.statusCode() == 201) {
                long id = claim.jsonPath().getLong("id");
                SuspenseClaimsTest.api(t, "nadia").post("/claims/" + id + "/accept").then().statusCode(200);
                long released = minor(SuspenseClaimsTest.api(t, "noah").post("/claims/" + id + "/confirm").then().statusCode(200)
                        .extract().jsonPath().getString("released"));
                assertThat(before - heldTotal(t)).as(h.toString()).isEqualTo(released);
                conserved(t, h);
            }
            SuspenseClaimsTest.api(t, "nadia").contentType(ContentType.JSON).body(Map.of("suspenseHoldMonths", 0)).patch("")
                    .then().statusCode(200);
            before = heldTotal(t);
            var proposal = SuspenseClaimsTest.api(t, "nadia").contentType(ContentType.JSON).body(Map.of()).post("/suspense/releases");
            proposal.then().statusCode(oneOf(201, 409));
            if (proposal.statusCode() == 201) {
                long total = minor(proposal.jsonPath().getString("total"));
                SuspenseClaimsTest.api(t, "noah").post("/suspense/releases/" + proposal.jsonPath().getLong("id") + "/confirm")
                        .then().statusCode(200);
                assertThat(before - heldTotal(t)).as(h.toString()).isEqualTo(total);
                conserved(t, h);
            }
            // what is left is held for a reason: a net negative, or a period in which nobody was paid
            JsonPath left = SuspenseClaimsTest.api(t, "nadia").get("/suspense").then().statusCode(200).extract().jsonPath();
            for (int i = 0; i < left.getList("$").size(); i++) {
                long amount = minor(left.getString("[" + i + "].amount"));
                long paidInPeriod = OwnerSql.number("""
                        SELECT count(*) FROM run_ref r JOIN distribution_run d ON d.id = r.run_id JOIN period p ON p.id = d.period_id
                         WHERE r.tenant_id = ? AND p.label = ? AND d.status = 'DISTRIBUTED' AND r.matched AND r.total > 0""",
                        t, left.getString("[" + i + "].period"));
                assertThat(amount < 0 || paidInPeriod == 0).as(h + ": " + left.getMap("[" + i + "]")).isTrue();
            }
        }
    }

    private static long heldTotal(String t) {
        JsonPath held = SuspenseClaimsTest.api(t, "nadia").get("/suspense").then().statusCode(200).extract().jsonPath();
        return held.getList("amount", String.class).stream().mapToLong(SuspenseConservationTest::minor).sum();
    }

    private static void conserved(String t, History h) {
        SuspenseClaimsTest.api(t, "nadia").get("/conservation").then().statusCode(200).body("holds", equalTo(true));
    }

    static long minor(String amount) {
        return amount.startsWith("-") ? -Amounts.parse(amount.substring(1), USD) : Amounts.parse(amount, USD);
    }
}
