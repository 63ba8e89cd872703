package org.cmoportal.filing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A usage file over the configured limit is refused with a 413 that says the limit, and nothing is stored. */
@QuarkusTest
@TestProfile(FilingSizeLimitTest.SmallLimit.class)
class FilingSizeLimitTest {

    /**
     * A limit of 1 KiB, so that the test files stay small; and room for 3 (category, member ref) pairs in memory, so
     * that a small file has more pairs than that.
     */
    public static class SmallLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cmo.filing.max-usage-size", "1K", "cmo.filing.combined-pairs", "3");
        }
    }

    @BeforeAll
    static void fixture() {
        IntakeFixture.ensure();
    }

    static byte[] usageOf(int bytes) {
        StringBuilder csv = new StringBuilder("category,member_ref,units\n");
        while (csv.length() < bytes) {
            csv.append("news,alice,1\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFileJustOverTheLimitIsRefusedOnceReceived() {
        String period = IntakeFixture.openPeriod("newsguild");
        assertThat(usageOf(900)).hasSizeLessThan(1024);
        FilingApiTest.post("newsguild", period, FilingApiTest.EXAMPLE, usageOf(900), null).then().statusCode(201);
        String other = IntakeFixture.openPeriod("newsguild");
        FilingApiTest.post("newsguild", other, FilingApiTest.EXAMPLE, usageOf(2000), null).then().statusCode(413)
                .contentType("application/problem+json")
                .body("errors[0].where", equalTo("usage.csv"),
                        "errors[0].message", containsString("the largest accepted is 1024 bytes (1 KiB)"));
        assertThat(IntakeFixture.storedRows("newsguild", other)).isZero();
    }

    @Test
    void aDeclaredLengthFarOverTheLimitIsRefusedBeforeTheBodyIsRead() {
        String period = IntakeFixture.openPeriod("newsguild");
        FilingApiTest.post("newsguild", period, FilingApiTest.EXAMPLE, usageOf((int) UploadLimit.ENVELOPE + 4096), null)
                .then().statusCode(413).contentType("application/problem+json")
                .body("code", equalTo("too-large"), "errors[0].message", containsString("1 KiB"));
        assertThat(IntakeFixture.storedRows("newsguild", period)).isZero();
    }

    @Test
    void aFileWithMorePairsThanMemoryHoldsIsAddedUpByTheDatabase() {
        String period = IntakeFixture.openPeriod("newsguild");
        StringBuilder csv = new StringBuilder("category,member_ref,units\n");
        for (int i = 0; i < 40; i++) {
            csv.append("news,r").append(i % 8).append(',').append(1 + i).append('\n');
        }
        long id = FilingApiTest.post("newsguild", period, FilingApiTest.EXAMPLE, csv.toString().getBytes(StandardCharsets.UTF_8), null)
                .then().statusCode(201).body("categories.find { it.category == 'news' }.units", equalTo(820))
                .extract().jsonPath().getLong("id");
        assertThat(org.cmoportal.testsupport.OwnerSql.number("SELECT count(*) FROM filing_usage_pair WHERE filing_id = ?", id)).isEqualTo(8);
        // r3 is on lines 4, 12, 20, 28 and 36: units 4 + 12 + 20 + 28 + 36
        assertThat(org.cmoportal.testsupport.OwnerSql.number("SELECT units FROM filing_usage_pair WHERE filing_id = ? AND member_ref = 'r3'", id))
                .isEqualTo(100);
    }
}
