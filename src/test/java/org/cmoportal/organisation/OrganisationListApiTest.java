package org.cmoportal.organisation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cmoportal.testsupport.DevTokens.as;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.cmoportal.testsupport.ApiPaging;
import org.cmoportal.testsupport.Unique;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The operator's API lists of builder and evaluator organisations grow with the platform: each is searched by name or
 * slug ({@code q}), read a page at a time ({@code page}, {@code size}), with the whole count in {@code X-Total-Count},
 * and for the operator alone.
 */
@QuarkusTest
class OrganisationListApiTest {

    static final int MADE = 5;

    @Test
    void builderOrganisationsArePagedAndSearched() {
        String marker = Unique.name("bap");
        for (int i = 1; i <= MADE; i++) {
            as("olivia").contentType(ContentType.JSON).body(Map.of("slug", marker + "-o" + i,
                    "name", "Paged Builder " + marker.toUpperCase() + " " + i, "admin", "omar"))
                    .post("/api/v1/builders").then().statusCode(201);
        }
        ApiPaging<String> builders = organisations("/api/v1/builders");
        builders.assertPaged(marker, made(marker + "-o"));
        // each organisation still comes with its users, as the list always gave them
        assertThat(builders.get(marker, 2, 2).response().jsonPath().getList("[0].users.username", String.class)).containsExactly("omar");

        // by name in another case, and by slug
        builders.assertFinds("paged builder " + marker + " 2", marker + "-o2");
        builders.assertFinds(marker + "-o4", marker + "-o4");
        builders.assertFinds("nothing-" + marker);
        // without a search: every organisation counted, a page of the default size at most
        builders.assertUnsearchedCountsAtLeast(MADE);

        for (String other : List.of("nadia", "bruno", "eva", "alice")) {
            as(other).queryParam("q", marker).get("/api/v1/builders").then().statusCode(403);
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
        ApiPaging<String> evaluators = organisations("/api/v1/evaluators");
        evaluators.assertPaged(marker, made(marker + "-e"));
        assertThat(evaluators.get(marker, 2, 2).response().jsonPath().getList("[1].users", String.class)).containsExactly(user);

        evaluators.assertFinds("PAGED EVALS " + marker + " 1", marker + "-e1");
        evaluators.assertFinds(marker + "-e2", marker + "-e2");
        evaluators.assertUnsearchedCountsAtLeast(MADE);

        for (String other : List.of("nadia", "bruno", "eva", "alice")) {
            as(other).queryParam("q", marker).get("/api/v1/evaluators").then().statusCode(403);
        }
    }

    /** The slugs made: {@code prefix} 1 to {@link #MADE}. */
    private static List<String> made(String prefix) {
        return IntStream.rangeClosed(1, MADE).mapToObj(i -> prefix + i).toList();
    }

    /** The operator's list at {@code list}, by slug. */
    private static ApiPaging<String> organisations(String list) {
        return ApiPaging.of(() -> as("olivia"), list, "slug", String.class);
    }
}
