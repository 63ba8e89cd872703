package org.cmoportal.filing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import org.cmoportal.testsupport.OwnerSql;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A file with more pairs than the combiner holds is staged, added up in SQL and cut into blocks there (V49): every pair
 * once with its sum, in blocks of at most 32,768 pairs, as the pairs held in memory are.
 */
@QuarkusTest
@TestProfile(StagedUsageBlocksTest.FewPairsInMemory.class)
class StagedUsageBlocksTest {

    /** Room for 1,000 pairs in memory, so that a file of 70,000 is staged. */
    public static class FewPairsInMemory implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cmo.filing.combined-pairs", "1000");
        }
    }

    @BeforeAll
    static void fixture() {
        IntakeFixture.ensure();
    }

    @Test
    void aStagedFileIsStoredInBlocksOfOneCategoryWithEveryPairAndItsSum() throws SQLException {
        // news (the one category newsguild administers): 70,000 refs, the first 10,000 on two lines each (units i + 1
        // and 5)
        StringBuilder csv = new StringBuilder("category,member_ref,units\n");
        for (int i = 0; i < 80_000; i++) {
            csv.append("news,r").append(i % 70_000).append(',').append(i < 70_000 ? i + 1 : 5).append('\n');
        }
        String period = IntakeFixture.openPeriod("newsguild");
        long id = FilingApiTest.post("newsguild", period, FilingApiTest.EXAMPLE, csv.toString().getBytes(StandardCharsets.UTF_8), null)
                .then().statusCode(201).extract().jsonPath().getLong("id");

        assertThat(OwnerSql.number("SELECT count(*) FROM filing_usage_pair WHERE filing_id = ? AND category_key = 'news'", id))
                .isEqualTo(70_000);
        assertThat(OwnerSql.number("SELECT count(DISTINCT member_ref) FROM filing_usage_pair WHERE filing_id = ? AND category_key = 'news'", id))
                .isEqualTo(70_000);
        // r9999: units 10,000 and 5; r10000: once, 10,001
        assertThat(OwnerSql.number("SELECT units FROM filing_usage_pair WHERE filing_id = ? AND member_ref = 'r9999'", id))
                .isEqualTo(10_005);
        assertThat(OwnerSql.number("SELECT units FROM filing_usage_pair WHERE filing_id = ? AND member_ref = 'r10000'", id))
                .isEqualTo(10_001);
        // 1 + 2 + ... + 70,000 on the first lines, 10,000 x 5 on the repeated ones
        assertThat(OwnerSql.number("SELECT sum(units) FROM filing_usage_pair WHERE filing_id = ? AND category_key = 'news'", id))
                .isEqualTo(70_000L * 70_001 / 2 + 50_000);
        try (Connection c = OwnerSql.connect()) {
            // the blocks: 32,768 + 32,768 + 4,464 pairs
            assertThat(OwnerSql.strings(c, "SELECT category_key || ' ' || cardinality(member_refs) FROM filing_usage"
                    + " WHERE filing_id = ? ORDER BY category_key, cardinality(member_refs) DESC", id))
                    .containsExactly("news 32768", "news 32768", "news 4464");
        }
    }
}
