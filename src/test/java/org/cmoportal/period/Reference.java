package org.cmoportal.period;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.cmoportal.distribution.CategoryDistribution;
import org.cmoportal.distribution.MemberStatement;
import org.cmoportal.distribution.PeriodAggregator;
import org.cmoportal.distribution.PeriodDistribution;
import org.cmoportal.distribution.StatementLine;
import org.cmoportal.testsupport.OwnerSql;

/** Holds what the database computed to what the engine computes, to the minor unit. */
final class Reference {

    private Reference() {
    }

    static PeriodDistribution engine(List<FilingFixture.Filed> accepted) {
        return PeriodAggregator.aggregate(accepted.stream().map(FilingFixture.Filed::accepted).toList());
    }

    /** Every run line equals the engine's payout or category suspense for that filing, category and ref. */
    static void assertRunLinesMatch(long runId, List<FilingFixture.Filed> accepted) throws SQLException {
        Map<String, String> expected = new TreeMap<>();
        for (FilingFixture.Filed f : accepted) {
            for (CategoryDistribution d : f.calculation().distributions()) {
                if (!d.hasUsage()) {
                    expected.put(f.id() + "|" + d.category() + "|", "false/0/0/" + d.categorySuspense());
                }
                for (int i = 0; i < d.payoutCount(); i++) {
                    expected.put(f.id() + "|" + d.category() + "|" + d.ref(i),
                            d.matched(i) + "/" + d.units(i) + "/" + d.categoryUnits() + "/" + d.payout(i));
                }
            }
        }
        Map<String, String> actual = new TreeMap<>();
        try (Connection c = OwnerSql.connect(); PreparedStatement st = c.prepareStatement("""
                SELECT filing_id, category_key, coalesce(member_ref, ''), matched, units, category_units, amount
                FROM run_line WHERE run_id = ?""")) {
            st.setLong(1, runId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String previous = actual.put(rs.getLong(1) + "|" + rs.getString(2) + "|" + rs.getString(3),
                            rs.getBoolean(4) + "/" + rs.getLong(5) + "/" + rs.getLong(6) + "/" + rs.getLong(7));
                    assertThat(previous).as("one line per filing, category and ref").isNull();
                }
            }
        }
        assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);

        // Each category's rounding as the engine counted it, and as the trail used to work it out over the lines in SQL
        // (what V43 fills for runs calculated before it).
        Map<String, String> expectedRounding = new TreeMap<>();
        for (FilingFixture.Filed f : accepted) {
            for (CategoryDistribution d : f.calculation().distributions()) {
                expectedRounding.put(f.id() + "|" + d.category(), d.payoutCount() + "/" + d.roundingLeftover() + "/" + d.roundingLeftover());
            }
        }
        Map<String, String> rounding = new TreeMap<>();
        try (Connection c = OwnerSql.connect(); PreparedStatement st = c.prepareStatement("""
                SELECT c.filing_id, c.category_key, c.refs, c.leftover,
                       c.net - CASE WHEN c.refs = 0 THEN c.net
                                    WHEN c.rule = 'EQUAL_SHARES' THEN c.refs * (c.net / c.refs)
                                    ELSE (SELECT sum(div(c.net::numeric * l.units, nullif(l.category_units, 0))) FROM run_line l
                                           WHERE l.run_id = c.run_id AND l.filing_id = c.filing_id
                                             AND l.category_key = c.category_key AND l.member_ref IS NOT NULL) END
                  FROM run_category c WHERE c.run_id = ?""")) {
            st.setLong(1, runId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rounding.put(rs.getLong(1) + "|" + rs.getString(2), rs.getLong(3) + "/" + rs.getLong(4) + "/" + rs.getLong(5));
                }
            }
        }
        assertThat(rounding).as("refs / leftover stored / net less the rounded-down shares").isEqualTo(expectedRounding);

        // The run's lines are numbered from one block of their own (V43): distinct, consecutive, and no other run's.
        try (Connection c = OwnerSql.connect(); PreparedStatement st = c.prepareStatement("""
                SELECT count(*), count(DISTINCT id), coalesce(max(id) - min(id) + 1, 0),
                       (SELECT count(*) FROM run_line o WHERE o.run_id <> ? AND o.id BETWEEN min(l.id) AND max(l.id))
                  FROM run_line l WHERE l.run_id = ?""")) {
            st.setLong(1, runId);
            st.setLong(2, runId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                assertThat(List.of(rs.getLong(2), rs.getLong(3), rs.getLong(4))).as("distinct ids, the block's width, other runs' lines in it")
                        .containsExactly(rs.getLong(1), rs.getLong(1), 0L);
            }
        }
    }

    /** The published statements are the engine's, ref by ref and line by line. */
    static void assertStatementsMatch(String tenant, String period, PeriodDistribution engine) throws SQLException {
        Map<String, String> expected = new TreeMap<>();
        for (MemberStatement s : engine.statements()) {
            StringBuilder b = new StringBuilder().append(s.total());
            for (StatementLine l : s.lines().stream().sorted(java.util.Comparator
                    .comparing(StatementLine::filingId).thenComparing(StatementLine::category)).toList()) {
                b.append(';').append(l.filingId()).append('/').append(l.builder()).append('/').append(l.model()).append('/')
                        .append(l.category()).append('/').append(l.units()).append('/').append(l.categoryUnits())
                        .append('/').append(l.amount());
            }
            expected.put(s.ref(), b.toString());
        }
        Map<String, String> actual = new TreeMap<>();
        try (Connection c = OwnerSql.connect(); PreparedStatement st = c.prepareStatement("""
                SELECT s.member_ref, s.total, string_agg(l.filing_id || '/' || l.builder_name || '/' || l.model || '/'
                       || l.category_key || '/' || l.units || '/' || l.category_units || '/' || l.amount, ';'
                       ORDER BY l.filing_id::text COLLATE "C", l.category_key COLLATE "C")
                FROM statement s JOIN period p ON p.id = s.period_id JOIN statement_line l ON l.statement_id = s.id
                WHERE s.tenant_id = ? AND p.label = ? GROUP BY s.member_ref, s.total""")) {
            st.setString(1, tenant);
            st.setString(2, period);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    actual.put(rs.getString(1), rs.getLong(2) + ";" + rs.getString(3));
                }
            }
        }
        assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);
    }

    static long runId(String tenant, String period) throws SQLException {
        try (Connection c = OwnerSql.connect()) {
            return OwnerSql.number(c, """
                    SELECT r.id FROM distribution_run r JOIN period p ON p.id = r.period_id
                    WHERE p.tenant_id = ? AND p.label = ? AND r.status <> 'DISCARDED'""", tenant, period);
        }
    }
}
