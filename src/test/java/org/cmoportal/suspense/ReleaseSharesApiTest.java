package org.cmoportal.suspense;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.cmoportal.testsupport.OwnerSql;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * A release's shares grow with the members paid: {@code GET .../suspense/releases/{id}} gives the release as before with
 * a page of its shares in {@code shares} (by pot, then member ref; {@code q}, {@code page}, {@code size}), the count that
 * matches in {@code X-Total-Count}, all of them in {@code shareCount}, and the release's stored total over all of them.
 * Who may read it does not change: the tenant's administrators; another CMO's release is not found.
 */
@QuarkusTest
class ReleaseSharesApiTest {

    @Test
    void aReleasesSharesArePagedAndSearchedKeepingItsTotal() {
        String t = SuspenseClaimsTest.cmo();
        String other = SuspenseClaimsTest.cmo();
        long release = release(t, "rel-", 5);
        long elsewhere = release(other, "far-", 2);

        Response second = get(t, release, null, 2, 2);
        assertThat(second.header("X-Total-Count")).isEqualTo("5");
        assertThat(second.jsonPath().getLong("id")).isEqualTo(release);
        assertThat(second.jsonPath().getLong("shareCount")).isEqualTo(5);
        assertThat(second.jsonPath().getString("total")).as("the stored total, over all shares").isEqualTo("0.15");
        assertThat(refs(second)).containsExactly("rel-03", "rel-04");
        assertThat(second.jsonPath().getList("shares.amount", String.class)).containsExactly("0.03", "0.04");
        assertThat(refs(get(t, release, null, 1, 2))).containsExactly("rel-01", "rel-02");
        // a page beyond the last is the last
        assertThat(refs(get(t, release, null, 9, 2))).containsExactly("rel-05");
        // the default page holds them all; sizes out of bounds are the bounds
        assertThat(refs(get(t, release, null, null, null))).containsExactly("rel-01", "rel-02", "rel-03", "rel-04", "rel-05");
        assertThat(refs(get(t, release, null, 1, 0))).containsExactly("rel-01");
        assertThat(refs(get(t, release, null, 1, 1_000_000))).hasSize(5);

        // a part of the member ref in another case: the count is of those found, shareCount and total still all of them
        Response found = get(t, release, "REL-04", null, null);
        assertThat(found.header("X-Total-Count")).isEqualTo("1");
        assertThat(found.jsonPath().getLong("shareCount")).isEqualTo(5);
        assertThat(found.jsonPath().getString("total")).isEqualTo("0.15");
        assertThat(refs(found)).containsExactly("rel-04");
        // by category and by period, and another CMO's members are never among them
        assertThat(get(t, release, "NEWS", 2, 3).header("X-Total-Count")).isEqualTo("5");
        assertThat(refs(get(t, release, "2020-q", 2, 3))).containsExactly("rel-04", "rel-05");
        assertThat(refs(get(t, release, "far-", null, null))).isEmpty();

        // the list of releases still has no shares, and no shareCount
        Response listed = SuspenseClaimsTest.api(t, "nadia").get("/suspense/releases").then().statusCode(200).extract().response();
        assertThat(listed.jsonPath().getList("[0].shares")).isEmpty();
        assertThat(listed.jsonPath().getMap("[0]")).doesNotContainKey("shareCount");

        // as before: another CMO's release is not found, a member is not allowed, another CMO's administrator finds no tenant
        SuspenseClaimsTest.api(t, "nadia").queryParam("page", 2).get("/suspense/releases/" + elsewhere).then().statusCode(404);
        SuspenseClaimsTest.api(t, "alice").queryParam("q", "rel").get("/suspense/releases/" + release).then().statusCode(403);
        SuspenseClaimsTest.api(t, "cora").queryParam("size", 2).get("/suspense/releases/" + release).then().statusCode(404);
    }

    /** A proposed release in {@code tenant} of one pot shared over {@code n} members {@code prefix01..}, 0.01 .. each. */
    private static long release(String tenant, String prefix, int n) {
        long period = OwnerSql.number("INSERT INTO period (tenant_id, label, opened_by) VALUES (?, '2020-Q1', 'nadia') RETURNING id", tenant);
        OwnerSql.execute("INSERT INTO member (tenant_id, ref, name) SELECT ?, ? || lpad(g::text, 2, '0'), 'Sharer ' || g"
                + " FROM generate_series(1, ?) g", tenant, prefix, n);
        long total = (long) n * (n + 1) / 2;
        long release = OwnerSql.number("""
                INSERT INTO suspense_release (tenant_id, as_of, hold_months, fingerprint, total, proposed_by)
                VALUES (?, current_date, 36, repeat('a', 64), ?, 'nadia') RETURNING id""", tenant, total);
        long pot = OwnerSql.number("""
                INSERT INTO release_pot (tenant_id, release_id, period_id, category_key, basis, amount)
                VALUES (?, ?, ?, 'news', 'CATEGORY', ?) RETURNING id""", tenant, release, period, total);
        OwnerSql.execute("INSERT INTO release_share (tenant_id, pot_id, member_ref, amount)"
                + " SELECT ?, ?, ? || lpad(g::text, 2, '0'), g FROM generate_series(1, ?) g ORDER BY g DESC", tenant, pot, prefix, n);
        return release;
    }

    private static Response get(String tenant, long release, String query, Integer page, Integer size) {
        var request = SuspenseClaimsTest.api(tenant, "nadia");
        if (query != null) {
            request = request.queryParam("q", query);
        }
        if (page != null) {
            request = request.queryParam("page", page);
        }
        if (size != null) {
            request = request.queryParam("size", size);
        }
        return request.get("/suspense/releases/" + release).then().statusCode(200).extract().response();
    }

    private static List<String> refs(Response response) {
        return response.jsonPath().getList("shares.ref", String.class);
    }
}
