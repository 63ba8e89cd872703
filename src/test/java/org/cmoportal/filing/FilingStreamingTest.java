package org.cmoportal.filing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.OwnerSql;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * The API reads a filing's body as it arrives, straight into the checks and the COPY: the parts may come in either
 * order, every guarantee of intake holds (located problems, nothing stored on bad input, idempotency), and a body
 * that is not a whole multipart upload is refused.
 */
@QuarkusTest
class FilingStreamingTest {

    static final String BOUNDARY = "cmo-test-boundary-4f1c";

    @BeforeAll
    static void fixture() {
        IntakeFixture.ensure();
    }

    /** One part as a builder's system writes it: a name, a file name (null for a plain field) and the bytes. */
    record Part(String name, String fileName, byte[] content) {
        static Part filing(String json) {
            return new Part("filing", "filing.json", json.getBytes(StandardCharsets.UTF_8));
        }

        static Part usage(String csv) {
            return new Part("usage", "usage.csv", csv.getBytes(StandardCharsets.UTF_8));
        }
    }

    static byte[] body(boolean closed, Part... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part p : parts) {
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + p.name() + "\""
                    + (p.fileName() == null ? "" : "; filename=\"" + p.fileName() + "\"") + "\r\n"
                    + (p.fileName() == null ? "" : "Content-Type: application/octet-stream\r\n") + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(p.content());
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        if (closed) {
            out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    static Response send(String period, String key, byte[] body) {
        var r = DevTokens.as("bruno").contentType("multipart/form-data; boundary=" + BOUNDARY).body(body);
        if (key != null) {
            r = r.header("Idempotency-Key", key);
        }
        return r.post("/api/v1/tenants/newsguild/periods/{p}/filings", period);
    }

    /** The figures of a filing, without what differs between two periods (ids, period, time). */
    static Map<String, Object> figures(JsonPath filing) {
        return Map.of("operatingProfit", filing.get("operatingProfit"), "pool", filing.get("pool"), "tenantGross", filing.get("tenantGross"),
                "categories", filing.get("categories"), "usage", filing.get("usage"));
    }

    @Test
    void theUsageMayComeBeforeTheFilingAndGivesTheSameFiling() {
        String first = IntakeFixture.openPeriod("newsguild");
        JsonPath filingFirst = send(first, null, body(true, Part.filing(FilingApiTest.EXAMPLE), Part.usage(FilingApiTest.USAGE)))
                .then().statusCode(201).extract().jsonPath();
        String second = IntakeFixture.openPeriod("newsguild");
        JsonPath usageFirst = send(second, null, body(true, Part.usage(FilingApiTest.USAGE), Part.filing(FilingApiTest.EXAMPLE)))
                .then().statusCode(201).extract().jsonPath();
        assertThat(figures(usageFirst)).isEqualTo(figures(filingFirst));
        assertThat(usageFirst.getString("tenantGross")).isEqualTo("56250.00");
        long id = usageFirst.getLong("id");
        assertThat(OwnerSql.number("SELECT units FROM filing_usage_pair WHERE filing_id = ? AND member_ref = 'alice'", id)).isEqualTo(3);
        assertThat(OwnerSql.number("SELECT count(*) FROM filing_usage_pair WHERE filing_id = ?", id)).isEqualTo(3);
    }

    @Test
    void aBadFilingAfterTheUsageIsRefusedWithEveryProblemInTheUsualOrderAndNothingStored() {
        String period = IntakeFixture.openPeriod("newsguild");
        Response r = send(period, null, body(true, Part.usage("category,member_ref,units\nnews,alice,1\nnews,bob,zero\n"),
                Part.filing(FilingApiTest.EXAMPLE.replace("1250000.00", "12.345"))));
        r.then().statusCode(422);
        assertThat(r.jsonPath().getList("errors.where", String.class)).containsExactly("revenue", "usage.csv line 3");
        assertThat(IntakeFixture.storedRows("newsguild", period)).isZero();
        // the usage alone was good: staged, then dropped with the transaction
        send(period, null, body(true, Part.usage("category,member_ref,units\nnews,alice,1\n"),
                Part.filing(FilingApiTest.EXAMPLE.replace("1250000.00", "12.345")))).then().statusCode(422)
                .body("errors.where", equalTo(List.of("revenue")));
        assertThat(IntakeFixture.storedRows("newsguild", period)).isZero();
    }

    @Test
    void anErrorOnTheLastLineOfALargeBodyStoresNothing() {
        String period = IntakeFixture.openPeriod("newsguild");
        StringBuilder csv = new StringBuilder("category,member_ref,units\n");
        for (int i = 0; i < 300_000; i++) {
            csv.append("news,member-").append(i % 40_000).append(',').append(1 + i % 9).append('\n');
        }
        String good = csv.toString();
        csv.append("news,member-7,1.5\n");
        send(period, null, body(true, Part.filing(FilingApiTest.EXAMPLE), Part.usage(csv.toString()))).then().statusCode(422)
                .body("errors.where", equalTo(List.of("usage.csv line 300002")), "errors[0].message", containsString("not a whole number"));
        assertThat(IntakeFixture.storedRows("newsguild", period)).isZero();
        // the same file without its last line is taken, added up per ref
        long id = send(period, null, body(true, Part.filing(FilingApiTest.EXAMPLE), Part.usage(good))).then().statusCode(201)
                .body("usage.lines", equalTo(300_000)).extract().jsonPath().getLong("id");
        assertThat(OwnerSql.number("SELECT count(*) FROM filing_usage_pair WHERE filing_id = ?", id)).isEqualTo(40_000);
        assertThat(OwnerSql.number("SELECT sum(units) FROM filing_usage_pair WHERE filing_id = ?", id))
                .isEqualTo(300_000 / 9 * 45 + 1 + 2 + 3);
    }

    @Test
    void aFilingGivenAsAPlainFieldIsReadAsTheFile() {
        String period = IntakeFixture.openPeriod("newsguild");
        send(period, null, body(true, new Part("filing", null, FilingApiTest.EXAMPLE.getBytes(StandardCharsets.UTF_8)),
                Part.usage(FilingApiTest.USAGE))).then().statusCode(201).body("pool", equalTo("225000.00"));
    }

    @Test
    void aBodyWithoutItsClosingBoundaryIsRefusedAndNothingStored() {
        String period = IntakeFixture.openPeriod("newsguild");
        send(period, null, body(false, Part.filing(FilingApiTest.EXAMPLE), Part.usage(FilingApiTest.USAGE))).then().statusCode(422)
                .body("errors[0].where", equalTo("request"), "errors[0].message", containsString("send the whole upload again"));
        assertThat(IntakeFixture.storedRows("newsguild", period)).isZero();
    }

    @Test
    void aMissingFilingPartIsReportedWithTheUsagesOwnProblems() {
        String period = IntakeFixture.openPeriod("newsguild");
        Response r = send(period, null, body(true, Part.usage("category,member_ref,units\nnews,alice,0\n")));
        r.then().statusCode(422);
        assertThat(r.jsonPath().getList("errors.where", String.class)).containsExactly("filing.json", "usage.csv line 2");
        assertThat(IntakeFixture.storedRows("newsguild", period)).isZero();
    }

    @Test
    void theSameKeyAndContentInTheOtherOrderGivesTheFirstAnswerAgain() {
        String period = IntakeFixture.openPeriod("newsguild");
        String key = "stream-" + System.nanoTime();
        long id = send(period, key, body(true, Part.filing(FilingApiTest.EXAMPLE), Part.usage(FilingApiTest.USAGE))).then()
                .statusCode(201).header(FilingApi.REPLAYED, "false").extract().jsonPath().getLong("id");
        send(period, key, body(true, Part.usage(FilingApiTest.USAGE), Part.filing(FilingApiTest.EXAMPLE))).then()
                .statusCode(201).header(FilingApi.REPLAYED, "true").body("id", equalTo((int) id));
        send(period, key, body(true, Part.usage(FilingApiTest.USAGE + "news,zed,1\n"), Part.filing(FilingApiTest.EXAMPLE))).then()
                .statusCode(422).body("errors[0].where", equalTo("Idempotency-Key"));
        assertThat(OwnerSql.number("SELECT count(*) FROM filing WHERE id <> ? AND idempotency_key = ?", id, key)).isZero();
    }

    /**
     * The proof that nothing waits for the whole body: with only half of it sent, the COPY of its lines is already
     * running in the database (a body parsed or stored first would not reach the COPY before its last byte).
     */
    @Test
    void theCopyRunsWhileTheBodyIsStillArriving() throws Exception {
        String period = IntakeFixture.openPeriod("newsguild");
        StringBuilder csv = new StringBuilder("category,member_ref,units\n");
        for (int i = 0; i < 200_000; i++) {
            csv.append("news,member-").append(i).append(",1\n");
        }
        byte[] body = body(true, Part.filing(FilingApiTest.EXAMPLE), Part.usage(csv.toString()));
        int half = body.length / 2;
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/tenants/newsguild/periods/" + period + "/filings HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + DevTokens.of("bruno") + "\r\nContent-Type: multipart/form-data; boundary=" + BOUNDARY
                    + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, half);
            out.flush();
            long copying = 0;
            for (int i = 0; i < 200 && copying == 0; i++) {
                Thread.sleep(50);
                copying = OwnerSql.number("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY usage_staging%' AND state = 'active'");
            }
            assertThat(copying).as("a COPY running while half of the body is unsent").isEqualTo(1);
            out.write(body, half, body.length - half);
            out.flush();
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertThat(status).contains(" 201 ");
        }
        assertThat(IntakeFixture.storedRows("newsguild", period)).isEqualTo(1 + 4 + 200_000);
    }
}
