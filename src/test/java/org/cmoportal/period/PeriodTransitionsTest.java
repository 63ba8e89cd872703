package org.cmoportal.period;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.cmoportal.testsupport.OwnerSql;
import org.cmoportal.testsupport.Unique;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The database holds a period to its workflow (docs/period-workflow.md), for every role, owner included: a period
 * is opened OPEN and moves only OPEN -> CLOSED -> CALCULATED -> (CLOSED by a discard | APPROVED) -> DISTRIBUTED;
 * its tenant and label never change, and a distributed period is final.
 */
@QuarkusTest
class PeriodTransitionsTest {

    static final String T = "wf-transitions";
    static final List<String> STATES = List.of("OPEN", "CLOSED", "CALCULATED", "APPROVED", "DISTRIBUTED");
    static final Set<String> ALLOWED = Set.of("OPEN->CLOSED", "CLOSED->CALCULATED", "CALCULATED->CLOSED",
            "CALCULATED->APPROVED", "APPROVED->DISTRIBUTED");
    /** The shortest path of allowed moves that brings a new period to each state. */
    static final Map<String, List<String>> PATH = Map.of("OPEN", List.of(), "CLOSED", List.of("CLOSED"),
            "CALCULATED", List.of("CLOSED", "CALCULATED"), "APPROVED", List.of("CLOSED", "CALCULATED", "APPROVED"),
            "DISTRIBUTED", List.of("CLOSED", "CALCULATED", "APPROVED", "DISTRIBUTED"));

    @BeforeEach
    void setUp() {
        Cmo.once(T, List.of("alice"));
    }

    @Test
    void theAppMovesAPeriodOnlyAlongTheWorkflow() throws SQLException {
        try (Connection app = OwnerSql.app(T)) {
            for (String from : STATES) {
                for (String to : STATES) {
                    if (from.equals(to)) {
                        continue;
                    }
                    long id = periodIn(app, from);
                    String move = from + "->" + to;
                    if (ALLOWED.contains(move)) {
                        assertThat(setState(app, id, to)).as(move).isEqualTo(1);
                    } else {
                        assertThatThrownBy(() -> setState(app, id, to)).as(move).isInstanceOf(SQLException.class)
                                .hasMessageContaining("cannot go from " + from + " to " + to);
                        assertThat(OwnerSql.number(app, "SELECT count(*) FROM period WHERE id = ? AND state = ?", id, from))
                                .as("%s left the period %s", move, from).isEqualTo(1);
                    }
                }
            }
        }
    }

    @Test
    void aDiscardedRunLetsThePeriodBeCalculatedAgain() throws SQLException {
        try (Connection app = OwnerSql.app(T)) {
            long id = periodIn(app, "CALCULATED");
            for (String to : List.of("CLOSED", "CALCULATED", "CLOSED", "CALCULATED", "APPROVED", "DISTRIBUTED")) {
                assertThat(setState(app, id, to)).as("to " + to).isEqualTo(1);
            }
        }
    }

    @Test
    void theOwnerIsHeldToTheWorkflowToo() throws SQLException {
        long id;
        try (Connection app = OwnerSql.app(T)) {
            id = periodIn(app, "DISTRIBUTED");
        }
        try (Connection owner = OwnerSql.connect()) {
            for (String to : List.of("OPEN", "APPROVED")) {
                assertThatThrownBy(() -> setState(owner, id, to)).as("DISTRIBUTED->" + to)
                        .hasMessageContaining("cannot go from DISTRIBUTED to " + to);
            }
        }
    }

    @Test
    void aPeriodIsOpenedOpenAndKeepsItsTenantAndLabel() throws SQLException {
        try (Connection app = OwnerSql.app(T)) {
            assertThatThrownBy(() -> OwnerSql.update(app, "INSERT INTO period (tenant_id, label, state, opened_by)"
                    + " VALUES (?, ?, 'DISTRIBUTED', 'nadia')", T, Unique.name("p")))
                    .hasMessageContaining("a period is opened OPEN");
            long id = periodIn(app, "CLOSED");
            assertThatThrownBy(() -> OwnerSql.update(app, "UPDATE period SET label = ? WHERE id = ?", Unique.name("p"), id))
                    .hasMessageContaining("never change");
            assertThatThrownBy(() -> OwnerSql.update(app, "UPDATE period SET opened_by = 'mallory' WHERE id = ?", id))
                    .hasMessageContaining("never change");
        }
    }

    /** A new period of the test CMO, brought to {@code state} by allowed moves. */
    private static long periodIn(Connection c, String state) throws SQLException {
        long id = OwnerSql.number(c, "INSERT INTO period (tenant_id, label, opened_by) VALUES (?, ?, 'nadia') RETURNING id",
                T, Unique.name("p"));
        for (String step : PATH.get(state)) {
            setState(c, id, step);
        }
        return id;
    }

    private static int setState(Connection c, long id, String state) throws SQLException {
        return OwnerSql.update(c, "UPDATE period SET state = ?, version = version + 1 WHERE id = ?", state, id);
    }
}
