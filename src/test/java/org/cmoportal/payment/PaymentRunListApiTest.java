package org.cmoportal.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.cmoportal.testsupport.ApiPaging;
import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.OwnerSql;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Payment runs grow with every payout: {@code GET /api/v1/tenants/{t}/payment-runs} is searched by number, state or who
 * proposed or approved ({@code q}), read a page at a time ({@code page}, {@code size}) the latest first, the whole count
 * in {@code X-Total-Count}; for the tenant's administrators alone, as before.
 */
@QuarkusTest
class PaymentRunListApiTest {

    @Test
    void paymentRunsArePagedAndSearched() throws SQLException {
        PayCmo cmo = PayCmo.create("EUR", Map.of());
        // five decided runs, as the owner writes them: the last two proposed by colin
        OwnerSql.execute("""
                INSERT INTO payment_run (tenant_id, state, currency, minimum_payout, total, payments, covered, carried,
                       carried_total, proposed_by, decided_by, decided_at)
                SELECT ?, 'DISCARDED', 'EUR', 0, 0, 0, 0, 0, 0, CASE WHEN g > 3 THEN 'colin' ELSE 'nadia' END, 'noah', now()
                  FROM generate_series(1, 5) g ORDER BY g""", cmo.slug);
        List<Long> runs;
        try (Connection c = OwnerSql.connect()) {
            runs = OwnerSql.strings(c, "SELECT id::text FROM payment_run WHERE tenant_id = ? ORDER BY id", cmo.slug).stream()
                    .map(Long::valueOf).toList();
        }
        assertThat(runs).hasSize(5);

        ApiPaging<Long> paymentRuns = ApiPaging.of(() -> DevTokens.as("nadia").basePath("/api/v1/tenants/" + cmo.slug), "/payment-runs",
                "id", Long.class);
        paymentRuns.assertPaged(runs.get(4), runs.get(3), runs.get(2), runs.get(1), runs.get(0));
        paymentRuns.assertFinds("COLIN", runs.get(4), runs.get(3));
        paymentRuns.assertFinds("#" + runs.get(1), runs.get(1));
        paymentRuns.assertFinds("approved");

        // as before: a member is not allowed, another CMO's administrator finds no such tenant
        DevTokens.as("alice").queryParam("page", 2).get("/api/v1/tenants/newsguild/payment-runs").then().statusCode(403);
        DevTokens.as("cora").queryParam("q", "colin").get("/api/v1/tenants/" + cmo.slug + "/payment-runs").then().statusCode(404);
    }
}
