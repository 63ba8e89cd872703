package org.cmoportal.stake;

import static org.assertj.core.api.Assertions.assertThat;

import org.cmoportal.testsupport.ApiPaging;
import org.cmoportal.testsupport.ApiPaging.Page;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

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
        ApiPaging<String> bobs = stakes(world, "bob");
        bobs.assertPaged(world.rivalModel, world.model);
        assertThat(bobs.get(null, 2, 1).response().jsonPath().getString("[0].builder")).isEqualTo("Acme AI");
        ApiPaging<String> nadias = stakes(world, "nadia");
        nadias.assertPaged(world.rivalModel, world.model);
        Page<String> rival = nadias.assertFinds(world.rivalModel.toUpperCase(), world.rivalModel);
        assertThat(rival.response().jsonPath().getString("[0].stake")).isEqualTo("1.000000");
        bobs.assertFinds("nothing-like-it");

        // as before: another member's stakes are not found, a builder is not allowed, nor is anyone of another CMO
        world.api("alice").queryParam("page", 2).get("/members/b1/stakes").then().statusCode(404);
        world.api("nadia").queryParam("q", "x").get("/members/nobody/stakes").then().statusCode(404);
        world.api("bruno").get("/members/b1/stakes").then().statusCode(403);
        world.api("cora").get("/members/b1/stakes").then().statusCode(404);
    }

    /** b1's stakes, by model, as {@code who} reads them. */
    private static ApiPaging<String> stakes(StakeWorld world, String who) {
        return ApiPaging.of(() -> world.api(who), "/members/b1/stakes", "model", String.class);
    }
}
