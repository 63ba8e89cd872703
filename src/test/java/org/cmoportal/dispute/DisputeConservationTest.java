package org.cmoportal.dispute;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import jakarta.inject.Inject;

import org.cmoportal.account.Conservation;
import org.cmoportal.money.Amounts;
import org.cmoportal.tenancy.TenantScope;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;

/**
 * Conservation after every step of random sequences of disputes (economics.md, "Disputes": the CMO answers for an
 * adjustment from its fees, so the identity holds unchanged), and each member's balance is the sum of their entries
 * and what the distribution and the approved adjustments put there. The sequences are drawn by jqwik's generators with
 * a seed printed on failure: the property runs against the running portal, which jqwik's own engine cannot start.
 */
@QuarkusTest
class DisputeConservationTest {

    /** One step: a line (0..3), what the administrators do, and the adjustment proposed (minor units, any sign). */
    record Step(int line, Decision decision, long adjustment) {
    }

    enum Decision { REJECT, APPROVE, REPLACE_THEN_APPROVE, PROPOSE_THEN_REJECT }

    static final Arbitrary<List<Step>> SEQUENCES = Combinators.combine(Arbitraries.integers().between(0, 3),
            Arbitraries.of(Decision.class), Arbitraries.longs().between(-400_000_00L, 400_000_00L)
                    .edgeCases(c -> c.includeOnly(0L, -1L, 1L)))
            .as(Step::new).list().ofMinSize(1).ofMaxSize(6);

    @Inject
    Conservation conservation;

    @Inject
    TenantScope scope;

    @Test
    void randomDisputesApprovedOrRejectedKeepConservation() {
        DisputeWorld world = DisputeWorld.create();
        world.distribute("2027-Q1");
        world.openPeriod("2027-Q2");
        String[] members = {"alice", "alice", "bob", "bob"};
        String[] categories = {"news", "code", "news", "code"};
        long[][] lines = new long[4][];
        Map<String, Long> expected = new HashMap<>();
        for (int i = 0; i < 4; i++) {
            lines[i] = world.line(members[i], "2027-Q1", categories[i]);
            expected.merge(members[i], lines[i][1], Long::sum);
        }
        long[] corrected = {lines[0][1], lines[1][1], lines[2][1], lines[3][1]};
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        List<List<Step>> sequences = new ArrayList<>();
        // jqwik's generators outside a property run in a session of their own
        JqwikSession.start();
        try {
            RandomGenerator<List<Step>> generator = SEQUENCES.generator(100, true);
            for (int attempt = 0; attempt < 6; attempt++) {
                sequences.add(generator.next(random).value());
            }
        } finally {
            JqwikSession.finish();
        }
        List<Step> done = new ArrayList<>();
        for (List<Step> sequence : sequences) {
            for (Step step : sequence) {
                done.add(step);
                String why = "seed " + seed + ", steps " + done;
                int i = step.line();
                long id = world.api(members[i]).contentType(ContentType.JSON)
                        .body(Map.of("statementLineId", lines[i][0], "message", "Step " + done.size()))
                        .post("/disputes").then().statusCode(201).extract().jsonPath().getLong("id");
                if (step.decision() == Decision.REJECT) {
                    resolve(world, "nadia", id, null).then().statusCode(200);
                } else {
                    long adjustment = step.adjustment();
                    boolean valid = adjustment != 0 && corrected[i] + adjustment >= 0;
                    Response proposed = resolve(world, "nadia", id, adjustment);
                    assertThat(proposed.statusCode()).as(why).isEqualTo(valid ? 200 : 422);
                    if (!valid) {
                        // refused, nothing stored: the dispute waits; take back at most the line instead
                        adjustment = -corrected[i];
                        if (adjustment == 0) {
                            resolve(world, "nadia", id, null).then().statusCode(200);
                            check(world, expected, why);
                            continue;
                        }
                        resolve(world, "nadia", id, adjustment).then().statusCode(200);
                    }
                    if (step.decision() == Decision.PROPOSE_THEN_REJECT) {
                        // the second administrator disagrees and rejects with a reason
                        resolve(world, "noah", id, null).then().statusCode(200);
                    } else {
                        String approver = "noah";
                        if (step.decision() == Decision.REPLACE_THEN_APPROVE) {
                            // noah replaces the proposal with half of it, so nadia approves
                            long half = adjustment / 2 == 0 ? adjustment : adjustment / 2;
                            resolve(world, "noah", id, half).then().statusCode(200);
                            adjustment = half;
                            approver = "nadia";
                        }
                        world.api(approver).post("/disputes/" + id + "/approve").then().statusCode(200);
                        corrected[i] += adjustment;
                        expected.merge(members[i], adjustment, Long::sum);
                    }
                }
                check(world, expected, why);
            }
        }
    }

    private void check(DisputeWorld world, Map<String, Long> expected, String why) {
        Conservation.Identity identity = scope.call(world.tenant, () -> conservation.check());
        assertThat(identity.difference()).as(why + ": " + identity).isZero();
        assertThat(identity.holds()).as(why).isTrue();
        for (Map.Entry<String, Long> m : expected.entrySet()) {
            JsonPath account = world.api(m.getKey()).get("/members/" + m.getKey() + "/account").then().statusCode(200)
                    .extract().jsonPath();
            long sum = account.getList("entries.amount", String.class).stream().mapToLong(DisputeWorld::minor).sum();
            assertThat(DisputeWorld.minor(account.getString("balance"))).as(why).isEqualTo(sum).isEqualTo(m.getValue());
            assertThat(world.balanceInDb(m.getKey())).as(why).isEqualTo(m.getValue());
        }
    }

    private static Response resolve(DisputeWorld world, String admin, long id, Long adjustment) {
        Map<String, Object> body = adjustment == null ? Map.of("reason", "No change is due.")
                : Map.of("adjustment", Amounts.format(adjustment, DisputeWorld.USD), "reason", "Corrected by step.");
        return world.api(admin).contentType(ContentType.JSON).body(body).post("/disputes/" + id + "/resolve");
    }
}
