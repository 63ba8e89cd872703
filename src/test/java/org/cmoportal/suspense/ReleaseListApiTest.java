package org.cmoportal.suspense;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.cmoportal.testsupport.ApiPaging;
import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.OwnerSql;
import org.cmoportal.testsupport.Tenants;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Releases of aged suspense grow with the years: {@code GET /api/v1/tenants/{t}/suspense/releases} is read a page at a
 * time ({@code page}, {@code size}) the latest first, the whole count in {@code X-Total-Count} (no search: a release is
 * found by its number); for the tenant's administrators alone, as before.
 */
@QuarkusTest
class ReleaseListApiTest {

    @Test
    void releasesArePaged() throws SQLException {
        String tenant = Tenants.administeredBy("rla", "Release Lists", "nadia");
        // five confirmed releases, as the owner writes them
        OwnerSql.execute("""
                INSERT INTO suspense_release (tenant_id, as_of, hold_months, fingerprint, total, state, proposed_by, confirmed_by, confirmed_at)
                SELECT ?, DATE '2030-01-01' + g, 36, repeat('a', 64), 100 * g, 'CONFIRMED', 'nadia', 'noah', now()
                  FROM generate_series(1, 5) g ORDER BY g""", tenant);
        List<Long> ids;
        try (Connection c = OwnerSql.connect()) {
            ids = OwnerSql.strings(c, "SELECT id::text FROM suspense_release WHERE tenant_id = ? ORDER BY id", tenant).stream()
                    .map(Long::valueOf).toList();
        }

        ApiPaging<Long> releases = ApiPaging.of(() -> DevTokens.as("nadia").basePath("/api/v1/tenants/" + tenant), "/suspense/releases",
                "id", Long.class);
        releases.assertPaged(ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0));
        assertThat(releases.get(null, 2, 2).response().jsonPath().getList("shares[0]")).as("no shares in the list, as before").isEmpty();

        // as before: a member is not allowed, another CMO's administrator finds no such tenant
        DevTokens.as("alice").queryParam("page", 2).get("/api/v1/tenants/newsguild/suspense/releases").then().statusCode(403);
        DevTokens.as("cora").get("/api/v1/tenants/" + tenant + "/suspense/releases").then().statusCode(404);
    }
}
