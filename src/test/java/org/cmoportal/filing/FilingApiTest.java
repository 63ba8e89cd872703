package org.cmoportal.filing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Filings;
import org.cmoportal.testsupport.OwnerSql;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Filing through the API: the worked example, every validation rule, idempotency, resubmission and isolation. */
@QuarkusTest
class FilingApiTest {

    static final String EXAMPLE = """
            {"model": "acme-llm-7", "currency": "USD", "revenue": "1250000.00", "servingCost": "400000.00",
             "postTrainingCost": "100000.00", "dataValueShare": "0.30",
             "mixtureWeights": {"news": "0.25", "code": "0.40", "books": "0.15", "other": "0.20"}}""";
    static final String USAGE = "category,member_ref,units\nnews,alice,2\nnews,bob,1\nnews,zed,3\nnews,alice,1\n";

    @BeforeAll
    static void fixture() {
        IntakeFixture.ensure();
    }

    /** bruno files for acme-ai, his only organisation licensed with the intake CMOs. */
    static Response post(String tenant, String period, String json, byte[] csv, String key) {
        return Filings.post("bruno", tenant, period, json, csv, key, null);
    }

    static Response post(String period, String json, String csv) {
        return post("newsguild", period, json, csv.getBytes(StandardCharsets.UTF_8), null);
    }

    /**
     * The pairs go from memory straight into filing_usage, a statement per run of one category: every ref arrives as
     * written, whatever its characters, and each pair once with its lines' sum, across several statements (60,000
     * pairs of code: more than one statement holds).
     */
    @Test
    void everyPairIsStoredAsWrittenWithItsSum() throws SQLException {
        String period = IntakeFixture.openPeriod("codebooks");
        List<String> refs = List.of("alice", "back\\slash", "it's", "zoë", "李", "a b", "x".repeat(128), "{brace}", "comma, quoted",
                "tab-free \"quote\"", "NULL", "\\N");
        StringBuilder csv = new StringBuilder("category,member_ref,units\n");
        java.util.Map<String, Long> expected = new java.util.TreeMap<>();
        for (int i = 0; i < 100_000; i++) {
            String category = i % 3 == 0 ? "books" : "code";
            String ref = i < 2 * refs.size() ? refs.get(i % refs.size()) : "r-" + (i % 90_000);
            long units = 1 + i % 7;
            csv.append(category).append(',').append('"').append(ref.replace("\"", "\"\"")).append('"').append(',').append(units).append('\n');
            expected.merge(category + "/" + ref, units, Long::sum);
        }
        Response r = post("codebooks", period, EXAMPLE, csv.toString().getBytes(StandardCharsets.UTF_8), null);
        r.then().statusCode(201);
        long id = r.jsonPath().getLong("id");
        java.util.Map<String, Long> stored = new java.util.TreeMap<>();
        try (Connection c = OwnerSql.connect()) {
            for (String row : OwnerSql.strings(c, "SELECT category_key || '/' || member_ref || chr(10) || units FROM filing_usage_pair WHERE filing_id = ?", id)) {
                int cut = row.lastIndexOf('\n');
                assertThat(stored.put(row.substring(0, cut), Long.parseLong(row.substring(cut + 1)))).isNull();
            }
        }
        assertThat(stored).isEqualTo(expected);
    }

    @Test
    void theWorkedExampleIsStoredWithTheEnginesFigures() {
        String period = IntakeFixture.openPeriod("newsguild");
        Response r = post(period, EXAMPLE, USAGE);
        r.then().statusCode(201).header("Location", containsString("/filings/"))
                .body("status", equalTo("SUBMITTED"), "seq", equalTo(1), "builder", equalTo("acme-ai"),
                        "operatingProfit", equalTo("750000.00"), "pool", equalTo("225000.00"),
                        "tenantGross", equalTo("56250.00"), "shareFlagged", equalTo(false),
                        "categories.find { it.category == 'news' }.amount", equalTo("56250.00"),
                        "categories.find { it.category == 'news' }.fee", equalTo("5625.00"),
                        "categories.find { it.category == 'news' }.net", equalTo("50625.00"),
                        "categories.find { it.category == 'news' }.units", equalTo(7),
                        "categories.find { it.category == 'code' }.amount", equalTo("90000.00"),
                        "categories.find { it.category == 'code' }.administered", equalTo(false),
                        "categories.find { it.category == 'code' }.fee", equalTo(null),
                        "categories", hasSize(4), "usage.lines", equalTo(4),
                        "contentSha256", matchesPattern("[0-9a-f]{64}"));
        long id = r.jsonPath().getLong("id");
        // usage summed per (category, member_ref): alice's two lines are one row of 3 units
        assertThat(OwnerSql.number("SELECT units FROM filing_usage_pair WHERE filing_id = ? AND member_ref = 'alice'", id)).isEqualTo(3);
        assertThat(OwnerSql.number("SELECT count(*) FROM filing_usage_pair WHERE filing_id = ?", id)).isEqualTo(3);
        assertThat(OwnerSql.number("SELECT count(*) FROM audit_event WHERE tenant_id = 'newsguild' AND action = 'filing.submit' AND object_id = ?",
                String.valueOf(id))).isEqualTo(1);

        given().auth().oauth2(DevTokens.of("bruno")).get("/api/v1/tenants/newsguild/periods/{p}/filings/{id}", period, id)
                .then().statusCode(200).body("id", equalTo((int) id), "pool", equalTo("225000.00"),
                        "categories.find { it.category == 'news' }.units", equalTo(7));
    }

    @Test
    void aByteOrderMarkAndCrlfLineEndsAreAccepted() {
        String period = IntakeFixture.openPeriod("newsguild");
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] csv = concat(bom, "category,member_ref,units\r\nnews,alice,2\r\nnews,\"b,ob\",5\r\n".getBytes(StandardCharsets.UTF_8));
        post("newsguild", period, EXAMPLE, csv, null).then().statusCode(201)
                .body("categories.find { it.category == 'news' }.units", equalTo(7), "usage.lines", equalTo(2));
    }

    static Stream<Arguments> malformed() {
        String csv = USAGE;
        return Stream.of(
                Arguments.of("malformed JSON", "{\"model\": \"x\",\n \"revenue\": }", csv, "filing.json", "line 2, column"),
                Arguments.of("missing field", EXAMPLE.replace("\"revenue\": \"1250000.00\", ", ""), csv, "revenue", "missing"),
                Arguments.of("amount precision", EXAMPLE.replace("1250000.00", "1250000.001"), csv, "revenue", "3 fraction digits; USD allows at most 2"),
                Arguments.of("amount sign", EXAMPLE.replace("\"400000.00\"", "\"-400000.00\""), csv, "servingCost", "has a sign"),
                Arguments.of("amount as a number", EXAMPLE.replace("\"1250000.00\"", "1250000.00"), csv, "revenue", "as a string"),
                Arguments.of("rate out of range", EXAMPLE.replace("\"0.30\"", "\"1.5\""), csv, "dataValueShare", "above 1"),
                Arguments.of("rate with 7 digits", EXAMPLE.replace("\"0.30\"", "\"0.3000001\""), csv, "dataValueShare", "7 fraction digits"),
                Arguments.of("weights not summing to 1", EXAMPLE.replace("\"other\": \"0.20\"", "\"other\": \"0.15\""), csv,
                        "mixtureWeights", "the weights sum to 0.95; they must sum to exactly 1 (0.05 short of 1)"),
                Arguments.of("a weight that is no rate", EXAMPLE.replace("\"news\": \"0.25\"", "\"news\": \"a quarter\""), csv,
                        "mixtureWeights.news", "contains 'a'"),
                Arguments.of("another currency", EXAMPLE.replace("\"USD\"", "\"EUR\""), csv, "currency", "takes filings in USD"),
                Arguments.of("unknown field", EXAMPLE.replace("{\"model\"", "{\"builder\": \"acme-ai\", \"model\""), csv, "builder", "remove this field"),
                Arguments.of("unadministered category", EXAMPLE, csv + "sports,alice,1\n", "usage.csv line 6",
                        "category \"sports\" is not administered by Press & News Guild"),
                Arguments.of("wrong header", EXAMPLE, "category,ref,units\nnews,alice,1\n", "usage.csv line 1", "must be exactly category,member_ref,units"),
                Arguments.of("units not an integer", EXAMPLE, "category,member_ref,units\nnews,alice,1.5\n", "usage.csv line 2", "not a whole number"),
                Arguments.of("units zero", EXAMPLE, "category,member_ref,units\nnews,alice,0\n", "usage.csv line 2", "units are 0"),
                Arguments.of("units negative", EXAMPLE, "category,member_ref,units\nnews,alice,-2\n", "usage.csv line 2", "are negative"),
                Arguments.of("units not a number", EXAMPLE, "category,member_ref,units\nnews,alice,lots\n", "usage.csv line 2", "not a number"),
                Arguments.of("wrong field count", EXAMPLE, "category,member_ref,units\nnews,alice\n", "usage.csv line 2", "has 2 fields"),
                Arguments.of("ref with white space around it", EXAMPLE, "category,member_ref,units\nnews, alice,1\n", "usage.csv line 2", "white space"),
                Arguments.of("empty file", EXAMPLE, "", "usage.csv", "the file is empty"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void aMalformedFilingIsRefusedWithWhereAndWhatAndNothingIsStored(String name, String json, String csv, String where, String message) {
        String period = IntakeFixture.openPeriod("newsguild");
        post(period, json, csv).then().statusCode(422).contentType("application/problem+json")
                .body("errors.find { it.where == '" + where + "' }.message", containsString(message));
        assertThat(IntakeFixture.storedRows("newsguild", period)).isZero();
    }

    @Test
    void badUtf8IsReportedWithItsLine() {
        String period = IntakeFixture.openPeriod("newsguild");
        byte[] csv = concat("category,member_ref,units\nnews,alice,1\nnews,zo".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xEB, '.', ',', '1', '\n'});
        post("newsguild", period, EXAMPLE, csv, null).then().statusCode(422)
                .body("errors.find { it.where == 'usage.csv line 3' }.message", containsString("not valid UTF-8"));
        assertThat(IntakeFixture.storedRows("newsguild", period)).isZero();
    }

    @Test
    void aMissingUsagePartIsReported() {
        String period = IntakeFixture.openPeriod("newsguild");
        post("newsguild", period, EXAMPLE, null, null).then().statusCode(422)
                .body("errors.where", hasItem("usage.csv"), "errors.message", hasItem(containsString("missing")));
    }

    @Test
    void everyProblemIsReportedInOneAnswerAndNoUsageLineIsKept() {
        String period = IntakeFixture.openPeriod("newsguild");
        // 5,000 good lines go to COPY before the first bad line: the whole upload must still be rolled back.
        StringBuilder csv = new StringBuilder("category,member_ref,units\n");
        for (int i = 0; i < 5000; i++) {
            csv.append("news,ref-").append(i).append(",1\n");
        }
        csv.append("news,alice,x\nsports,bob,1\n");
        String json = EXAMPLE.replace("1250000.00", "12.345").replace("\"0.30\"", "\"2\"");
        Response r = post(period, json, csv.toString());
        r.then().statusCode(422).body("errors", hasSize(4));
        assertThat(r.jsonPath().getList("errors.where", String.class))
                .containsExactly("revenue", "dataValueShare", "usage.csv line 5002", "usage.csv line 5003");
        assertThat(IntakeFixture.storedRows("newsguild", period)).isZero();
    }

    @Test
    void aShareOutsideTheBandIsStoredButFlagged() {
        String period = IntakeFixture.openPeriod("newsguild");
        post(period, EXAMPLE.replace("\"0.30\"", "\"0.6\""), USAGE).then().statusCode(201)
                .body("status", equalTo("SUBMITTED"), "shareFlagged", equalTo(true), "dataValueShare", equalTo("0.6"),
                        "pool", equalTo("450000.00"));
    }

    @Test
    void theSameKeyAndContentGivesTheFirstAnswerAgain() {
        String period = IntakeFixture.openPeriod("newsguild");
        byte[] csv = USAGE.getBytes(StandardCharsets.UTF_8);
        Response first = post("newsguild", period, EXAMPLE, csv, "key-" + period);
        first.then().statusCode(201).header(FilingApi.REPLAYED, "false");
        // the same content written differently ("0.3" for "0.30", other key order) is the same filing
        String sameContent = EXAMPLE.replace("\"0.30\"", "\"0.3\"").replace("\"news\": \"0.25\", \"code\": \"0.40\"", "\"code\": \"0.4\", \"news\": \"0.25\"");
        Response again = post("newsguild", period, sameContent, csv, "key-" + period);
        again.then().statusCode(201).header(FilingApi.REPLAYED, "true");
        assertThat(again.jsonPath().getLong("id")).isEqualTo(first.jsonPath().getLong("id"));
        assertThat(again.jsonPath().getInt("seq")).isEqualTo(1);
        assertThat(OwnerSql.number("SELECT count(*) FROM filing f JOIN period p ON p.id = f.period_id WHERE p.label = ?", period)).isEqualTo(1);
    }

    /** A client whose first answer was lost retries after the period closed: it gets that answer, not the close. */
    @Test
    void aRetryAfterTheCloseGetsTheFirstAnswerAgain() {
        String period = IntakeFixture.openPeriod("newsguild");
        byte[] csv = USAGE.getBytes(StandardCharsets.UTF_8);
        Response first = post("newsguild", period, EXAMPLE, csv, "lost-" + period);
        first.then().statusCode(201).header(FilingApi.REPLAYED, "false");
        OwnerSql.execute("UPDATE period SET state = 'CLOSED', closed_at = now() WHERE tenant_id = 'newsguild' AND label = ?", period);
        long stored = IntakeFixture.storedRows("newsguild", period);

        Response again = post("newsguild", period, EXAMPLE, csv, "lost-" + period);
        again.then().statusCode(201).header(FilingApi.REPLAYED, "true").header("Location", containsString("/filings/"));
        assertThat(again.jsonPath().getLong("id")).isEqualTo(first.jsonPath().getLong("id"));
        // the same key with other content is refused as in an open period; a new key meets the closed period
        post("newsguild", period, EXAMPLE.replace("1250000.00", "1250001.00"), csv, "lost-" + period)
                .then().statusCode(422).body("errors[0].where", equalTo("Idempotency-Key"),
                        "errors[0].message", containsString("with different content"));
        post("newsguild", period, EXAMPLE, csv, "new-" + period).then().statusCode(409).body("code", equalTo("period-not-open"));
        assertThat(IntakeFixture.storedRows("newsguild", period)).isEqualTo(stored);
    }

    @Test
    void theSameKeyWithOtherContentIsRefused() {
        String period = IntakeFixture.openPeriod("newsguild");
        post(period, EXAMPLE, USAGE).then().statusCode(201);
        long before = IntakeFixture.storedRows("newsguild", period);
        post("newsguild", period, EXAMPLE, USAGE.getBytes(StandardCharsets.UTF_8), "k-" + period).then().statusCode(201);
        long afterFirst = IntakeFixture.storedRows("newsguild", period);
        // other usage under the same key
        post("newsguild", period, EXAMPLE, (USAGE + "news,carol,1\n").getBytes(StandardCharsets.UTF_8), "k-" + period)
                .then().statusCode(422)
                .body("errors[0].where", equalTo("Idempotency-Key"), "errors[0].message", containsString("with different content"));
        // other figures under the same key
        post("newsguild", period, EXAMPLE.replace("1250000.00", "1250001.00"), USAGE.getBytes(StandardCharsets.UTF_8), "k-" + period)
                .then().statusCode(422).body("errors[0].where", equalTo("Idempotency-Key"));
        assertThat(afterFirst).isGreaterThan(before);
        assertThat(IntakeFixture.storedRows("newsguild", period)).isEqualTo(afterFirst);
    }

    @Test
    void aResubmissionSupersedesTheEarlierOneAndBothAreKept() {
        String period = IntakeFixture.openPeriod("newsguild");
        long first = post(period, EXAMPLE, USAGE).then().statusCode(201).extract().jsonPath().getLong("id");
        long other = post(period, EXAMPLE.replace("acme-llm-7", "acme-llm-8"), USAGE).then().statusCode(201)
                .extract().jsonPath().getLong("id");
        Response second = post(period, EXAMPLE.replace("1250000.00", "1300000.00"), USAGE);
        second.then().statusCode(201).body("seq", equalTo(2), "status", equalTo("SUBMITTED"), "supersedes", equalTo((int) first));
        String token = DevTokens.of("bruno");
        given().auth().oauth2(token).get("/api/v1/tenants/newsguild/periods/{p}/filings/{id}", period, first)
                .then().statusCode(200).body("status", equalTo("SUPERSEDED"), "seq", equalTo(1));
        // another model's filing is its own series
        given().auth().oauth2(token).get("/api/v1/tenants/newsguild/periods/{p}/filings/{id}", period, other)
                .then().statusCode(200).body("status", equalTo("SUBMITTED"), "seq", equalTo(1));
        List<Map<String, Object>> mine = given().auth().oauth2(token).get("/api/v1/tenants/newsguild/periods/{p}/filings", period)
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(mine).extracting(m -> m.get("model") + "#" + m.get("seq") + " " + m.get("status"))
                .containsExactlyInAnyOrder("acme-llm-7#2 SUBMITTED", "acme-llm-7#1 SUPERSEDED", "acme-llm-8#1 SUBMITTED");
        assertThat(OwnerSql.number("SELECT count(*) FROM audit_event WHERE tenant_id = 'newsguild' AND action = 'filing.supersede' AND object_id = ?",
                String.valueOf(first))).isEqualTo(1);
    }

    @Test
    void aClosedPeriodTakesNoFiling() {
        String period = IntakeFixture.openPeriod("newsguild");
        OwnerSql.execute("UPDATE period SET state = 'CLOSED' WHERE tenant_id = 'newsguild' AND label = ?", period);
        post(period, EXAMPLE, USAGE).then().statusCode(409).body("detail", containsString("is CLOSED"));
        assertThat(IntakeFixture.storedRows("newsguild", period)).isZero();
    }

    @Test
    void anotherOrganisationsFilingIsNotFound() {
        String period = IntakeFixture.openPeriod("newsguild");
        long rival = rivalFiling(period);
        given().auth().oauth2(DevTokens.of("bruno")).get("/api/v1/tenants/newsguild/periods/{p}/filings/{id}", period, rival)
                .then().statusCode(404);
        given().auth().oauth2(DevTokens.of("bruno")).get("/api/v1/tenants/newsguild/periods/{p}/filings", period)
                .then().statusCode(200).body("$", hasSize(0));
        // and bruno's own filing is visible, to show the 404 is about the organisation
        long own = post(period, EXAMPLE, USAGE).then().statusCode(201).extract().jsonPath().getLong("id");
        given().auth().oauth2(DevTokens.of("bruno")).get("/api/v1/tenants/newsguild/periods/{p}/filings/{id}", period, own)
                .then().statusCode(200);
        // a filing id from another tenant is not found through this tenant either
        String otherPeriod = IntakeFixture.openPeriod("codebooks");
        given().auth().oauth2(DevTokens.of("bruno")).get("/api/v1/tenants/codebooks/periods/{p}/filings/{id}", otherPeriod, own)
                .then().statusCode(404);
    }

    @Test
    void anUnlicensedTenantIsNotFound() {
        String period = IntakeFixture.openPeriod("lonelyguild");
        post("lonelyguild", period, EXAMPLE, USAGE.getBytes(StandardCharsets.UTF_8), null).then().statusCode(404);
        assertThat(IntakeFixture.storedRows("lonelyguild", period)).isZero();
    }

    @Test
    void aCmoAdministratorsRoleIsNotABuilders() {
        String period = IntakeFixture.openPeriod("newsguild");
        given().auth().oauth2(DevTokens.of("nadia")).multiPart("filing", "filing.json", EXAMPLE.getBytes(StandardCharsets.UTF_8))
                .multiPart("usage", "usage.csv", USAGE.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/tenants/newsguild/periods/{p}/filings", period).then().statusCode(403);
    }

    /** A filing of rival-ai, whose user the test provider does not know: written directly as the schema owner. */
    static long rivalFiling(String period) {
        try (Connection c = OwnerSql.connect()) {
            long periodId = OwnerSql.number(c, "SELECT id FROM period WHERE tenant_id = 'newsguild' AND label = ?", period);
            long rival = OwnerSql.number(c, "SELECT id FROM builder_org WHERE slug = 'rival-ai'");
            return Filings.raw("newsguild", periodId, rival, "rival-1").submittedBy("rita").content("a".repeat(64))
                    .stored(100, 0, 0, "0.3", 100, 30, 30).insert(c).id();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
