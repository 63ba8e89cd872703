package org.cmoportal.bench;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.OwnerSql;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * The baseline page of bench/statements.sh lives in bench/src/main/java and only the Maven profile {@code bench}
 * compiles it: every other build, the one that ships included, has no such route. Under {@code -Pbench} the same
 * test shows the page answers a member as the bench needs it to.
 */
@QuarkusTest
class BareMemberPageTest {

    @Test
    void theBarePageIsInTheBenchBuildOnly() {
        long alice = OwnerSql.number("SELECT id FROM member WHERE tenant_id = 'newsguild' AND ref = 'alice'");
        Response page = given().auth().oauth2(DevTokens.of("alice")).redirects().follow(false)
                .get("/t/newsguild/bench/members/" + alice);
        if (benchBuild()) {
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.asString()).contains("<h1>Alice Martin</h1>").contains("<code>alice</code>");
        } else {
            assertThat(page.statusCode()).as("the route in a build without the profile bench").isEqualTo(404);
        }
    }

    private static boolean benchBuild() {
        try {
            Class.forName("org.cmoportal.bench.BareMemberPage");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
