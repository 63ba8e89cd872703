package org.cmoportal.dispute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * A line may be disputed within the tenant's {@code disputeWindowDays} of its period's distribution (economics.md,
 * "Disputes"): on the last day, not the day after; the refusal says when the window closed.
 */
@QuarkusTest
class DisputeWindowTest {

    @Test
    void day270IsTheLastDayOfTheDefaultWindow() {
        DisputeWorld world = DisputeWorld.create();
        world.distribute("2027-Q1");
        long[] news = world.line("alice", "2027-Q1", "news");
        long[] code = world.line("alice", "2027-Q1", "code");

        world.distributedDaysAgo("2027-Q1", 271);
        LocalDate lastDay = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        open(world, news[0]).then().statusCode(422).body("errors[0].where", equalTo("statementLineId"))
                .body("errors[0].message", containsString("closed on " + lastDay))
                .body("errors[0].message", containsString("270 days after its distribution"));

        world.distributedDaysAgo("2027-Q1", 270);
        open(world, news[0]).then().statusCode(201);

        // the tenant sets a shorter window: the same day is now past it
        world.api("nadia").contentType(ContentType.JSON).body(Map.of("disputeWindowDays", 269)).patch("").then().statusCode(200);
        open(world, code[0]).then().statusCode(422).body("errors[0].message", containsString("269 days"));
        // and a longer one opens it again
        world.api("noah").contentType(ContentType.JSON).body(Map.of("disputeWindowDays", 400)).patch("").then().statusCode(200);
        open(world, code[0]).then().statusCode(201);
    }

    @Test
    void aWindowOfZeroDaysIsTheDayOfTheDistribution() {
        DisputeWorld world = DisputeWorld.create();
        world.api("nadia").contentType(ContentType.JSON).body(Map.of("disputeWindowDays", 0)).patch("").then().statusCode(200);
        world.distribute("2027-Q1");
        long[] news = world.line("bob", "2027-Q1", "news");
        long[] code = world.line("bob", "2027-Q1", "code");
        // the statement page offers the dispute on the day itself
        String page = DisputePagesTest.statementPage(world, "bob", "2027-Q1");
        assertThat(page).contains("Dispute the line");
        open(world, "bob", news[0]).then().statusCode(201);

        world.distributedDaysAgo("2027-Q1", 1);
        open(world, "bob", code[0]).then().statusCode(422);
        assertThat(DisputePagesTest.statementPage(world, "bob", "2027-Q1")).doesNotContain("Dispute the line");
    }

    private static Response open(DisputeWorld world, long line) {
        return open(world, "alice", line);
    }

    private static Response open(DisputeWorld world, String member, long line) {
        return world.api(member).contentType(ContentType.JSON).body(Map.of("statementLineId", line, "message", "Please check."))
                .post("/disputes");
    }
}
