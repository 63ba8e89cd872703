package org.cmoportal.filing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import org.cmoportal.testsupport.OwnerSql;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The straight insert of a filing's held pairs joins the refs of one statement with line breaks in a buffer of 64 KiB
 * that grows. A ref that ends exactly at the buffer's last byte left no room for the line break before the next one:
 * the upload answered 500 (found by a large streaming test; this file reaches that byte on purpose).
 */
@QuarkusTest
class UsageInsertBufferTest {

    /** The first buffer's size in bytes (UsageStaging.Inserter's initial capacity). */
    private static final int BUFFER = 64 * 1024;

    @BeforeAll
    static void fixture() {
        IntakeFixture.ensure();
    }

    @Test
    void aRefEndingAtTheBuffersLastByteIsStoredWithTheRefsAfterIt() {
        String period = IntakeFixture.openPeriod("newsguild");
        // one ref of 16 bytes, the others of 15: n refs and their n - 1 line breaks fill 16 + 16 * (n - 1) bytes, the
        // whole buffer at n = 4096 whatever order the held pairs come in; the refs after it need the buffer to grow
        int exact = BUFFER / 16;
        int refs = exact + 50;
        StringBuilder csv = new StringBuilder("category,member_ref,units\n");
        csv.append("news,").append("L".repeat(16)).append(",1\n");
        long units = 1;
        for (int i = 1; i < refs; i++) {
            csv.append("news,").append(String.format("r%014d", i)).append(',').append(1 + i % 7).append('\n');
            units += 1 + i % 7;
        }
        assertThat(16 + 16 * (exact - 1)).isEqualTo(BUFFER);

        long id = FilingStreamingTest.send(period, null, FilingStreamingTest.body(true,
                FilingStreamingTest.Part.filing(FilingApiTest.EXAMPLE), FilingStreamingTest.Part.usage(csv.toString())))
                .then().statusCode(201).body("usage.lines", equalTo(refs)).extract().jsonPath().getLong("id");
        assertThat(OwnerSql.number("SELECT count(*) FROM filing_usage_pair WHERE filing_id = ?", id)).isEqualTo(refs);
        assertThat(OwnerSql.number("SELECT sum(units) FROM filing_usage_pair WHERE filing_id = ?", id)).isEqualTo(units);
        assertThat(OwnerSql.number("SELECT count(*) FROM filing_usage_pair WHERE filing_id = ? AND member_ref = ?", id, "L".repeat(16)))
                .isEqualTo(1);
    }
}
