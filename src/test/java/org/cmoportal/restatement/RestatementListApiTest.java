package org.cmoportal.restatement;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.cmoportal.testsupport.ApiPaging;
import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.OwnerSql;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Restatements grow with every period: {@code GET /api/v1/tenants/{t}/restatements} is searched by number, state,
 * period, model, builder or reason ({@code q}), read a page at a time ({@code page}, {@code size}) newest first, the
 * whole count in {@code X-Total-Count}; the CMO's administrators page through every one, a builder through its own
 * organisations' only.
 */
@QuarkusTest
class RestatementListApiTest {

    @Test
    void restatementsArePagedAndSearchedAndABuilderPagesItsOwn() throws SQLException {
        RestatementApiTest.Cmo cmo = RestatementApiTest.distributed();
        Response r = RestatementApiTest.restate("bruno", cmo.slug(), cmo.p1(), cmo.filing(), "acme-llm",
                "category,member_ref,units\nnews,alice,3\nnews,bob,2\nnews,zed,3\n", "Bob's usage was under-reported");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        long real = r.jsonPath().getLong("id");
        // four more, rejected: the last two as rival-ai's (rita's organisation), so a builder's page holds its own only
        OwnerSql.execute("""
                INSERT INTO restatement (tenant_id, period_id, filing_id, state, reason, builder_id, model, currency, revenue,
                       serving_cost, post_training_cost, data_value_share, share_flagged, usage_sha256, usage_lines, proposed_by, rejection)
                SELECT tenant_id, period_id, filing_id, 'REJECTED', 'Batch ' || g,
                       CASE WHEN g > 2 THEN (SELECT id FROM builder_org WHERE slug = 'rival-ai') ELSE builder_id END, model, currency,
                       revenue, serving_cost, post_training_cost, data_value_share, share_flagged, usage_sha256, usage_lines, proposed_by,
                       'not needed'
                  FROM restatement, generate_series(1, 4) g WHERE id = ? ORDER BY g""", real);
        OwnerSql.execute("""
                INSERT INTO restatement_line (restatement_id, tenant_id, kind, category_key, member_ref, before, after)
                SELECT n.id, l.tenant_id, l.kind, l.category_key, l.member_ref, l.before, l.after
                  FROM restatement n JOIN restatement_line l ON l.tenant_id = n.tenant_id AND l.restatement_id = ?
                 WHERE n.tenant_id = ? AND n.id <> ?""", real, cmo.slug(), real);
        List<Long> batch;
        try (Connection c = OwnerSql.connect()) {
            batch = OwnerSql.strings(c, "SELECT id::text FROM restatement WHERE tenant_id = ? AND id <> ? ORDER BY id", cmo.slug(), real)
                    .stream().map(Long::valueOf).toList();
        }
        assertThat(batch).hasSize(4);

        // the administrators: every one, newest first
        ApiPaging<Long> nadias = restatements("nadia", cmo.slug());
        nadias.assertPaged(batch.get(3), batch.get(2), batch.get(1), batch.get(0), real);
        nadias.assertFinds("UNDER-REPORTED", real);
        nadias.assertFinds("#" + real, real);
        nadias.assertFinds("rival", batch.get(3), batch.get(2));

        // a builder: its own organisations' only, paged and searched the same way
        ApiPaging<Long> brunos = restatements("bruno", cmo.slug());
        brunos.assertPaged(batch.get(1), batch.get(0), real);
        brunos.assertFinds("rival");
        restatements("rita", cmo.slug()).assertPaged(batch.get(3), batch.get(2));

        // as before: another CMO's administrator finds no such tenant, a member is not allowed
        api("cora", cmo.slug()).queryParam("page", 2).get("/restatements").then().statusCode(404);
        DevTokens.as("alice").queryParam("q", "x").get("/api/v1/tenants/newsguild/restatements").then().statusCode(403);
    }

    private static ApiPaging<Long> restatements(String user, String slug) {
        return ApiPaging.of(() -> api(user, slug), "/restatements", "id", Long.class);
    }

    private static RequestSpecification api(String user, String slug) {
        return DevTokens.as(user).basePath("/api/v1/tenants/" + slug);
    }
}
