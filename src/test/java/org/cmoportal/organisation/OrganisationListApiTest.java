package org.cmoportal.organisation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cmoportal.testsupport.DevTokens.as;

import java.util.List;
import java.util.Map;

import org.cmoportal.testsupport.Unique;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The operator's API lists of builder and evaluator organisations grow with the platform: each is searched by name or
 * slug ({@code q}), read a page at a time ({@code page}, {@code size}), with the whole count in {@code X-Total-Count},
 * and for the operator alone.
 */
@QuarkusTest
class OrganisationListApiTest {

    static final int MADE = 5;

    /** The page size when none is asked, as the API documents it. */
    static final int DEFAULT_SIZE = 100;

    @Test
    void builderOrganisationsArePagedAndSearched() {
        String marker = Unique.name("bap");
        for (int i = 1; i <= MADE; i++) {
            as("olivia").contentType(ContentType.JSON).body(Map.of("slug", marker + "-o" + i,
                    "name", "Paged Builder " + marker.toUpperCase() + " " + i, "admin", "omar"))
                    .post("/api/v1/builders").then().statusCode(201);
        }
        String list = "/api/v1/builders";

        Response second = get(list, marker, 2, 2);
        assertThat(second.header("X-Total-Count")).isEqualTo(String.valueOf(MADE));
        assertThat(second.jsonPath().getList("slug", String.class)).containsExactly(marker + "-o3", marker + "-o4");
        // each organisation still comes with its users, as the list always gave them
        assertThat(second.jsonPath().getList("[0].users.username", String.class)).containsExactly("omar");
        assertThat(get(list, marker, 3, 2).jsonPath().getList("slug", String.class)).containsExactly(marker + "-o5");
        // a page beyond the last is the last, as on every list
        assertThat(get(list, marker, 9, 2).jsonPath().getList("slug", String.class)).containsExactly(marker + "-o5");

        // by name in another case, and by slug
        Response byName = get(list, "paged builder " + marker + " 2", null, null);
        assertThat(byName.header("X-Total-Count")).isEqualTo("1");
        assertThat(byName.jsonPath().getList("slug", String.class)).containsExactly(marker + "-o2");
        assertThat(get(list, marker + "-o4", null, null).jsonPath().getList("slug", String.class)).containsExactly(marker + "-o4");
        assertThat(get(list, "nothing-" + marker, null, null).header("X-Total-Count")).isEqualTo("0");

        // without a search: every organisation counted, a page of the default size at most
        Response all = get(list, null, null, null);
        assertThat(Long.parseLong(all.header("X-Total-Count"))).isGreaterThanOrEqualTo(MADE);
        assertThat(all.jsonPath().getList("slug")).hasSize((int) Math.min(DEFAULT_SIZE, Long.parseLong(all.header("X-Total-Count"))));
        // a size beyond the largest is the largest, one below the smallest the smallest
        assertThat(get(list, marker, 1, 0).jsonPath().getList("slug", String.class)).containsExactly(marker + "-o1");
        assertThat(get(list, marker, 1, 1_000_000).jsonPath().getList("slug")).hasSize(MADE);

        for (String other : List.of("nadia", "bruno", "eva", "alice")) {
            as(other).queryParam("q", marker).get(list).then().statusCode(403);
        }
    }

    @Test
    void evaluatorOrganisationsArePagedAndSearched() {
        String marker = Unique.name("eap");
        for (int i = 1; i <= MADE; i++) {
            as("olivia").contentType(ContentType.JSON).body(Map.of("slug", marker + "-e" + i,
                    "name", "Paged Evals " + marker.toUpperCase() + " " + i)).post("/api/v1/evaluators").then().statusCode(201);
        }
        String user = Unique.name("aud");
        as("olivia").contentType(ContentType.JSON).body(Map.of("username", user))
                .post("/api/v1/evaluators/" + marker + "-e4/users").then().statusCode(201);
        String list = "/api/v1/evaluators";

        Response second = get(list, marker, 2, 2);
        assertThat(second.header("X-Total-Count")).isEqualTo(String.valueOf(MADE));
        assertThat(second.jsonPath().getList("slug", String.class)).containsExactly(marker + "-e3", marker + "-e4");
        assertThat(second.jsonPath().getList("[1].users", String.class)).containsExactly(user);
        assertThat(get(list, marker, 3, 2).jsonPath().getList("slug", String.class)).containsExactly(marker + "-e5");

        Response byName = get(list, "PAGED EVALS " + marker + " 1", null, null);
        assertThat(byName.header("X-Total-Count")).isEqualTo("1");
        assertThat(byName.jsonPath().getList("slug", String.class)).containsExactly(marker + "-e1");
        assertThat(get(list, marker + "-e2", null, null).jsonPath().getList("slug", String.class)).containsExactly(marker + "-e2");

        Response all = get(list, null, null, null);
        assertThat(Long.parseLong(all.header("X-Total-Count"))).isGreaterThanOrEqualTo(MADE);
        assertThat(all.jsonPath().getList("slug"))
                .hasSize((int) Math.min(DEFAULT_SIZE, Long.parseLong(all.header("X-Total-Count"))));

        for (String other : List.of("nadia", "bruno", "eva", "alice")) {
            as(other).queryParam("q", marker).get(list).then().statusCode(403);
        }
    }

    private static Response get(String list, String query, Integer page, Integer size) {
        var request = as("olivia");
        if (query != null) {
            request = request.queryParam("q", query);
        }
        if (page != null) {
            request = request.queryParam("page", page);
        }
        if (size != null) {
            request = request.queryParam("size", size);
        }
        return request.get(list).then().statusCode(200).extract().response();
    }
}
