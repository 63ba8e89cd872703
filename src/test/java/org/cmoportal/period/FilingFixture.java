package org.cmoportal.period;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.cmoportal.distribution.AcceptedFiling;
import org.cmoportal.distribution.CategoryAmount;
import org.cmoportal.distribution.CategoryDistribution;
import org.cmoportal.distribution.DistributionRule;
import org.cmoportal.distribution.FilingCalculation;
import org.cmoportal.distribution.FilingCalculator;
import org.cmoportal.distribution.FilingFigures;
import org.cmoportal.distribution.MixtureWeights;
import org.cmoportal.distribution.ShareBand;
import org.cmoportal.distribution.TenantTerms;
import org.cmoportal.distribution.Usage;
import org.cmoportal.money.Rate;

/**
 * Writes filings as the intake writes them (status SUBMITTED, an earlier filing of the same model SUPERSEDED;
 * filing_category with every mixture category; filing_usage summed per category and ref), with figures from
 * the engine. The engine's calculation is kept: it is the reference the run is held to.
 */
final class FilingFixture {

    /** A filing as a builder would send it, amounts in minor units. */
    record Spec(String model, long revenue, long servingCost, long postTrainingCost, String share,
            Map<String, String> weights, List<Line> usage) {
    }

    /** One usage line. */
    record Line(String category, String ref, long units) {
    }

    /** The stored filing and the engine's calculation of it. */
    record Filed(long id, String model, FilingCalculation calculation) {
        AcceptedFiling accepted() {
            return new AcceptedFiling(String.valueOf(id), "Acme AI", model, calculation);
        }
    }

    private FilingFixture() {
    }

    static Filed file(String tenant, String period, Spec spec) {
        try (Connection c = Cmo.owner()) {
            c.setAutoCommit(false);
            Filed filed = file(c, tenant, period, spec);
            c.commit();
            return filed;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Filed file(Connection c, String tenant, String period, Spec spec) throws SQLException {
        TenantTerms terms = terms(c, tenant);
        Set<String> members = new HashSet<>(strings(c, "SELECT ref FROM member WHERE tenant_id = ?", tenant));
        Usage.Builder usage = Usage.builder();
        spec.usage().forEach(l -> usage.add(l.category(), l.ref(), l.units()));
        FilingCalculation calc = FilingCalculator.calculate(new FilingFigures(spec.revenue(), spec.servingCost(),
                spec.postTrainingCost(), Rate.parse(spec.share()), MixtureWeights.parse(spec.weights())), terms,
                usage.build(), members);
        long periodId = number(c, "SELECT id FROM period WHERE tenant_id = ? AND label = ?", tenant, period);
        long builderId = number(c, "SELECT id FROM builder_org WHERE slug = ?", "acme-ai");
        long seq = number(c, "SELECT coalesce(max(seq), 0) + 1 FROM filing WHERE period_id = ? AND builder_id = ? AND model = ?",
                periodId, builderId, spec.model());
        update(c, "UPDATE filing SET status = 'SUPERSEDED' WHERE period_id = ? AND builder_id = ? AND model = ? AND status = 'SUBMITTED'",
                periodId, builderId, spec.model());
        long id;
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO filing (tenant_id, period_id, builder_id, model, seq, status, currency, revenue, serving_cost,
                    post_training_cost, data_value_share, operating_profit, pool, tenant_gross, share_flagged, content_sha256,
                    submitted_by)
                VALUES (?, ?, ?, ?, ?, 'SUBMITTED', 'USD', ?, ?, ?, ?::numeric, ?, ?, ?, ?, ?, 'bruno') RETURNING id""")) {
            int i = 1;
            st.setString(i++, tenant);
            st.setLong(i++, periodId);
            st.setLong(i++, builderId);
            st.setString(i++, spec.model());
            st.setLong(i++, seq);
            st.setLong(i++, spec.revenue());
            st.setLong(i++, spec.servingCost());
            st.setLong(i++, spec.postTrainingCost());
            st.setString(i++, spec.share());
            st.setLong(i++, calc.operatingProfit());
            st.setLong(i++, calc.pool());
            st.setLong(i++, calc.tenantGross());
            st.setBoolean(i++, !calc.shareWithinBand());
            st.setString(i++, sha256(spec.toString() + seq));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO filing_category (filing_id, tenant_id, category_key, weight, amount, administered, fee, net, units)
                VALUES (?, ?, ?, ?::numeric, ?, ?, ?, ?, ?)""")) {
            for (CategoryAmount a : calc.categoryAmounts()) {
                st.setLong(1, id);
                st.setString(2, tenant);
                st.setString(3, a.category());
                st.setString(4, a.weight().toBigDecimal().toPlainString());
                st.setLong(5, a.amount());
                st.setBoolean(6, a.administered());
                CategoryDistribution d = a.administered() ? calc.distribution(a.category()).orElseThrow() : null;
                setNullable(st, 7, d == null ? null : d.fee());
                setNullable(st, 8, d == null ? null : d.net());
                setNullable(st, 9, d == null ? null : d.categoryUnits());
                st.addBatch();
            }
            st.executeBatch();
        }
        Map<String, Long> summed = new LinkedHashMap<>();
        spec.usage().forEach(l -> summed.merge(l.category() + "\u0000" + l.ref(), l.units(), Long::sum));
        try (PreparedStatement st = c.prepareStatement(
                "INSERT INTO filing_usage (filing_id, tenant_id, category_key, member_ref, units) VALUES (?, ?, ?, ?, ?)")) {
            for (Map.Entry<String, Long> e : summed.entrySet()) {
                String[] key = e.getKey().split("\u0000", 2);
                st.setLong(1, id);
                st.setString(2, tenant);
                st.setString(3, key[0]);
                st.setString(4, key[1]);
                st.setLong(5, e.getValue());
                st.addBatch();
            }
            st.executeBatch();
        }
        return new Filed(id, spec.model(), calc);
    }

    private static TenantTerms terms(Connection c, String tenant) throws SQLException {
        Map<String, DistributionRule> categories = new TreeMap<>();
        Rate fee;
        ShareBand band;
        try (PreparedStatement st = c.prepareStatement("SELECT admin_fee_rate, share_min, share_max FROM tenant WHERE id = ?")) {
            st.setString(1, tenant);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                fee = Rate.parse(rs.getBigDecimal(1).stripTrailingZeros().toPlainString());
                band = new ShareBand(Rate.parse(rs.getBigDecimal(2).stripTrailingZeros().toPlainString()),
                        Rate.parse(rs.getBigDecimal(3).stripTrailingZeros().toPlainString()));
            }
        }
        try (PreparedStatement st = c.prepareStatement("SELECT key, rule FROM category WHERE tenant_id = ?")) {
            st.setString(1, tenant);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    categories.put(rs.getString(1), DistributionRule.valueOf(rs.getString(2)));
                }
            }
        }
        return new TenantTerms(fee, band, categories);
    }

    static List<String> strings(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement st = prepare(c, sql, args); ResultSet rs = st.executeQuery()) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    static long number(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement st = prepare(c, sql, args); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement st = prepare(c, sql, args)) {
            return st.executeUpdate();
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement st = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            st.setObject(i + 1, args[i]);
        }
        return st;
    }

    private static void setNullable(PreparedStatement st, int index, Long value) throws SQLException {
        if (value == null) {
            st.setNull(index, java.sql.Types.BIGINT);
        } else {
            st.setLong(index, value);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
