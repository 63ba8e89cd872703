package org.cmoportal.organisation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cmoportal.testsupport.DevTokens.as;

import java.util.Map;

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
        Response second = get("omar", slug, null, 2, 2);
        assertThat(second.header("X-Total-Count")).isEqualTo(String.valueOf(all));
        assertThat(second.jsonPath().getString("slug")).isEqualTo(slug);
        assertThat(second.jsonPath().getLong("userCount")).isEqualTo(all);
        assertThat(second.jsonPath().getList("users.username", String.class)).containsExactly(slug + "-u2", slug + "-u3");
        assertThat(get("omar", slug, null, 1, 2).jsonPath().getList("users.username", String.class))
                .containsExactly("omar", slug + "-u1");
        // a page beyond the last is the last
        assertThat(get("omar", slug, null, 9, 2).jsonPath().getList("users.username", String.class))
                .containsExactly(slug + "-u4", slug + "-u5");

        // a part of the username in another case: the count is of those found, userCount still all of them
        Response found = get("olivia", slug, (slug + "-U3").toUpperCase(), null, null);
        assertThat(found.header("X-Total-Count")).isEqualTo("1");
        assertThat(found.jsonPath().getLong("userCount")).isEqualTo(all);
        assertThat(found.jsonPath().getList("users.username", String.class)).containsExactly(slug + "-u3");
        assertThat(get("olivia", slug, "nobody-" + slug, null, null).jsonPath().getList("users")).isEmpty();

        // the default page holds them all; sizes out of bounds are the bounds
        assertThat(get("omar", slug, null, null, null).jsonPath().getList("users")).hasSize(all);
        assertThat(get("omar", slug, null, 1, 0).jsonPath().getList("users.username", String.class)).containsExactly("omar");
        assertThat(get("omar", slug, null, 1, 1_000_000).jsonPath().getList("users")).hasSize(all);

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

    private static Response get(String who, String slug, String query, Integer page, Integer size) {
        var request = as(who);
        if (query != null) {
            request = request.queryParam("q", query);
        }
        if (page != null) {
            request = request.queryParam("page", page);
        }
        if (size != null) {
            request = request.queryParam("size", size);
        }
        return request.get(users(slug)).then().statusCode(200).extract().response();
    }

    private static String users(String slug) {
        return "/api/v1/builders/" + slug + "/users";
    }
}
