package org.cmoportal.stake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * A member's stakes grow with every model that pays them: {@code GET .../members/{ref}/stakes} is searched by model
 * ({@code q}), read a page at a time ({@code page}, {@code size}) by model, the whole count in {@code X-Total-Count};
 * the member holding the ref and the administrators read it, as before.
 */
@QuarkusTest
class StakeListApiTest {

    @Test
    void aMembersStakesArePagedAndSearched() {
        StakeWorld world = StakeWorld.create();
        // b1 was paid from both models: rival-llm-... before stake-llm-... by name
        Response second = get(world.api("bob"), null, 2, 1);
        assertThat(second.header("X-Total-Count")).isEqualTo("2");
        assertThat(models(second)).containsExactly(world.model);
        assertThat(second.jsonPath().getString("[0].builder")).isEqualTo("Acme AI");
        // a page beyond the last is the last
        assertThat(models(get(world.api("nadia"), null, 9, 1))).containsExactly(world.model);
        Response rival = get(world.api("nadia"), world.rivalModel.toUpperCase(), null, null);
        assertThat(rival.header("X-Total-Count")).isEqualTo("1");
        assertThat(models(rival)).containsExactly(world.rivalModel);
        assertThat(rival.jsonPath().getString("[0].stake")).isEqualTo("1.000000");
        assertThat(models(get(world.api("bob"), "nothing-like-it", null, null))).isEmpty();
        assertThat(models(get(world.api("bob"), null, null, null))).containsExactly(world.rivalModel, world.model);
        assertThat(models(get(world.api("bob"), null, 1, 0))).containsExactly(world.rivalModel);
        assertThat(models(get(world.api("bob"), null, 1, 1_000_000))).hasSize(2);

        // as before: another member's stakes are not found, a builder is not allowed, nor is anyone of another CMO
        world.api("alice").queryParam("page", 2).get("/members/b1/stakes").then().statusCode(404);
        world.api("nadia").queryParam("q", "x").get("/members/nobody/stakes").then().statusCode(404);
        world.api("bruno").get("/members/b1/stakes").then().statusCode(403);
        world.api("cora").get("/members/b1/stakes").then().statusCode(404);
    }

    private static List<String> models(Response r) {
        return r.jsonPath().getList("model", String.class);
    }

    private static Response get(RequestSpecification request, String query, Integer page, Integer size) {
        if (query != null) {
            request = request.queryParam("q", query);
        }
        if (page != null) {
            request = request.queryParam("page", page);
        }
        if (size != null) {
            request = request.queryParam("size", size);
        }
        return request.get("/members/b1/stakes").then().statusCode(200).extract().response();
    }
}
