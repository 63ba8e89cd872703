package org.cmoportal.organisation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cmoportal.testsupport.DevTokens.as;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.cmoportal.testsupport.ApiPaging;
import org.cmoportal.testsupport.ApiPaging.Page;
import org.cmoportal.testsupport.Organisations;
import org.cmoportal.testsupport.Unique;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * An organisation's users grow with it: {@code GET /api/v1/builders/{b}/users} gives the organisation with a page of its
 * users ({@code users}, administrators first; {@code q}, {@code page}, {@code size}), the count that matches in
 * {@code X-Total-Count} and all its users in {@code userCount}; the operator's list gives each organisation its first
 * page. Who may read it does not change: its own users and the operator, anyone else 404 (or 403 without the role).
 */
@QuarkusTest
class BuilderUsersApiTest {

    static final int PLAIN = 5;

    @Test
    void anOrganisationsUsersArePagedAndSearched() {
        String slug = Unique.name("bus");
        Organisations.ensure(slug, "Users Org " + slug, "omar");
        for (int i = 1; i <= PLAIN; i++) {
            as("omar").contentType(ContentType.JSON).body(Map.of("username", slug + "-u" + i)).post(users(slug))
                    .then().statusCode(201);
        }
        int all = PLAIN + 1;

        // omar first (the administrator), then the users as they were added
        ApiPaging<String> omars = users("omar", slug);
        List<String> everyone = new ArrayList<>(List.of("omar"));
        for (int i = 1; i <= PLAIN; i++) {
            everyone.add(slug + "-u" + i);
        }
        omars.assertPaged(null, everyone);
        Response second = omars.get(null, 2, 2).response();
        assertThat(second.jsonPath().getString("slug")).isEqualTo(slug);
        assertThat(second.jsonPath().getLong("userCount")).isEqualTo(all);

        // a part of the username in another case: the count is of those found, userCount still all of them
        ApiPaging<String> olivias = users("olivia", slug);
        Page<String> found = olivias.assertFinds((slug + "-U3").toUpperCase(), slug + "-u3");
        assertThat(found.response().jsonPath().getLong("userCount")).isEqualTo(all);
        olivias.assertFinds("nobody-" + slug);

        // the operator's list: the organisation with its first page of users and how many it has
        Response listed = as("olivia").queryParam("q", slug).get("/api/v1/builders").then().statusCode(200).extract().response();
        assertThat(listed.jsonPath().getList("[0].users.username", String.class)).hasSize(all).startsWith("omar");
        assertThat(listed.jsonPath().getLong("[0].userCount")).isEqualTo(all);

        // as before: another organisation's administrator and a stranger find nothing, a CMO administrator has no role
        as("bruno").queryParam("page", 2).get(users(slug)).then().statusCode(404);
        as("nils").queryParam("q", "omar").get(users(slug)).then().statusCode(404);
        as("nadia").get(users(slug)).then().statusCode(403);
        as("omar").queryParam("page", 2).get(users("no-such-" + slug)).then().statusCode(404);
    }

    /** The organisation's users, by username, as {@code who} reads them. */
    private static ApiPaging<String> users(String who, String slug) {
        return ApiPaging.of(() -> as(who), users(slug), "users.username", String.class);
    }

    private static String users(String slug) {
        return "/api/v1/builders/" + slug + "/users";
    }
}
