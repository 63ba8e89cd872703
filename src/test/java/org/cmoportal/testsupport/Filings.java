package org.cmoportal.testsupport;

import static io.restassured.RestAssured.given;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.cmoportal.distribution.CategoryAmount;
import org.cmoportal.distribution.CategoryDistribution;
import org.cmoportal.distribution.DistributionRule;
import org.cmoportal.distribution.FilingCalculation;
import org.cmoportal.distribution.FilingCalculator;
import org.cmoportal.distribution.FilingFigures;
import org.cmoportal.distribution.ShareBand;
import org.cmoportal.distribution.TenantTerms;
import org.cmoportal.distribution.Usage;
import org.cmoportal.money.Rate;
import org.cmoportal.verification.FilingDigests;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The one way tests write a filing.
 *
 * <p>As a builder does, through the API ({@link #post}, {@link #submit}): the filing is checked, stored, audited and
 * verified by the application itself. Every test that can should file this way.
 *
 * <p>As raw rows ({@link #raw}), for what the API cannot produce or where its side effects would stand in a test's
 * way: a filing already ACCEPTED in a period a fixture publishes by hand, one of an organisation whose user the
 * test provider does not know, a schema of an older version, or workflow tests that pin the audit trail to the
 * workflow's own entries. The rows are those intake writes ({@code filing}, {@code filing_category} with every
 * category of the mixture, {@code filing_usage} summed per category and ref; an earlier SUBMITTED filing of the same
 * model SUPERSEDED and the new one numbered after it), the figures from the engine with the tenant's terms as
 * the database holds them, unless a test gives the stored figures itself.
 */
public final class Filings {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Filings() {
    }

    /** One line of usage.csv. */
    public record Line(String category, String ref, long units) {
    }

    /** An independent evaluator's attestation, as filing.json names it. */
    public record Attestation(String evaluator, String reference, String sha256) {
    }

    /** What a builder's filing.json says (amounts in major units, as text) and its usage.csv. */
    public record Filing(String model, String currency, String revenue, String servingCost, String postTrainingCost,
            String share, Map<String, String> weights, Attestation attestation, List<Line> usage) {

        /** filing.json, members in the order builders write them. */
        public String json() {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("model", model);
            doc.put("currency", currency);
            doc.put("revenue", revenue);
            doc.put("servingCost", servingCost);
            doc.put("postTrainingCost", postTrainingCost);
            doc.put("dataValueShare", share);
            doc.put("mixtureWeights", weights);
            if (attestation != null) {
                doc.put("attestation", Map.of("evaluator", attestation.evaluator(), "reference", attestation.reference(),
                        "sha256", attestation.sha256()));
            }
            try {
                return JSON.writeValueAsString(doc);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        /** usage.csv with its header, a cell quoted where RFC 4180 needs it. */
        public byte[] csv() {
            return Filings.csv(usage);
        }
    }

    /** usage.csv with its header, a cell quoted where RFC 4180 needs it. */
    public static byte[] csv(List<Line> usage) {
        StringBuilder csv = new StringBuilder("category,member_ref,units\n");
        for (Line l : usage) {
            csv.append(cell(l.category())).append(',').append(cell(l.ref())).append(',').append(l.units()).append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String cell(String text) {
        boolean quote = text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r");
        return quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }

    // ---------------------------------------------------------------- through the API

    /**
     * {@code POST /api/v1/tenants/{tenant}/periods/{period}/filings} as {@code user}, with the parts a builder's system
     * sends; a null part, key or organisation is left out. The answer is the test's to check.
     */
    public static Response post(String user, String tenant, String period, String json, byte[] csv, String idempotencyKey,
            String builder) {
        RequestSpecification r = given().auth().oauth2(DevTokens.of(user)).redirects().follow(false);
        if (json != null) {
            r = r.multiPart("filing", "filing.json", json.getBytes(StandardCharsets.UTF_8), "application/json");
        }
        if (csv != null) {
            r = r.multiPart("usage", "usage.csv", csv, "text/csv");
        }
        if (idempotencyKey != null) {
            r = r.header("Idempotency-Key", idempotencyKey);
        }
        if (builder != null) {
            r = r.queryParam("builder", builder);
        }
        return r.post("/api/v1/tenants/{t}/periods/{p}/filings", tenant, period);
    }

    /** Files {@code filing} as {@code user} for the organisation {@code builder} (null: the user's only one) and returns the new filing's id. */
    public static long submit(String user, String tenant, String period, String builder, Filing filing) {
        Response r = post(user, tenant, period, filing.json(), filing.csv(), null, builder);
        if (r.statusCode() != 201) {
            throw new IllegalStateException(user + " could not file " + filing.model() + " with " + tenant + " in " + period
                    + ": " + r.statusCode() + " " + r.asString());
        }
        return r.jsonPath().getLong("id");
    }

    // ---------------------------------------------------------------- raw rows

    /** A filing of the organisation {@code builderId} in the period {@code periodId} of {@code tenant}, to write as raw rows. */
    public static Raw raw(String tenant, long periodId, long builderId, String model) {
        return new Raw(tenant, periodId, builderId, model);
    }

    /** What {@link Raw#insert} wrote: the filing's id and the engine's calculation (null for figures given as stored). */
    public record Written(long id, FilingCalculation calculation) {
    }

    /** The rows of one filing, in USD; SUBMITTED by bruno unless told otherwise. */
    public static final class Raw {

        private final String tenant;
        private final long periodId;
        private final long builderId;
        private final String model;
        private String status = "SUBMITTED";
        private final String currency = "USD";
        private String submittedBy = "bruno";
        private Attestation attestation;
        private String content;
        private FilingFigures figures;
        private List<Line> usage = List.of();
        private long[] stored;
        private BigDecimal storedShare;

        private Raw(String tenant, long periodId, long builderId, String model) {
            this.tenant = tenant;
            this.periodId = periodId;
            this.builderId = builderId;
            this.model = model;
        }

        public Raw status(String value) {
            status = value;
            return this;
        }

        public Raw submittedBy(String value) {
            submittedBy = value;
            return this;
        }

        /** The attestation the builder named (any part may be null, as in rows written before a part existed). */
        public Raw attestation(String evaluator, String reference, String sha256) {
            attestation = new Attestation(evaluator, reference, sha256);
            return this;
        }

        /** The content digest; without one, a digest of the row's own values. */
        public Raw content(String sha256) {
            content = sha256;
            return this;
        }

        /** Figures and usage the engine calculates with the tenant's terms and members, as intake does. */
        public Raw figures(FilingFigures value, List<Line> lines) {
            figures = value;
            usage = List.copyOf(lines);
            stored = null;
            return this;
        }

        /** Figures stored as given, with neither categories nor usage: for rows whose values are not the point. */
        public Raw stored(long revenue, long servingCost, long postTrainingCost, String share, long operatingProfit, long pool,
                long tenantGross) {
            stored = new long[] {revenue, servingCost, postTrainingCost, operatingProfit, pool, tenantGross};
            storedShare = new BigDecimal(share);
            figures = null;
            usage = List.of();
            return this;
        }

        /** Writes the rows on {@code c} (the caller's transaction, if any, is left to the caller). */
        public Written insert(Connection c) throws SQLException {
            FilingCalculation calc = null;
            long[] v = stored;
            BigDecimal share = storedShare;
            boolean flagged = false;
            if (figures != null) {
                Usage.Builder lines = Usage.builder();
                usage.forEach(l -> lines.add(l.category(), l.ref(), l.units()));
                calc = FilingCalculator.calculate(figures, terms(c, tenant),
                        lines.build(), new HashSet<>(OwnerSql.strings(c, "SELECT ref FROM member WHERE tenant_id = ?", tenant)));
                v = new long[] {figures.revenue(), figures.servingCost(), figures.postTrainingCost(), calc.operatingProfit(),
                        calc.pool(), calc.tenantGross()};
                share = figures.dataValueShare().toBigDecimal();
                flagged = !calc.shareWithinBand();
            }
            if (v == null) {
                throw new IllegalStateException("give the filing's figures or its stored values");
            }
            long seq = OwnerSql.number(c, "SELECT coalesce(max(seq), 0) + 1 FROM filing WHERE tenant_id = ? AND period_id = ?"
                    + " AND builder_id = ? AND model = ?", tenant, periodId, builderId, model);
            if ("SUBMITTED".equals(status)) {
                OwnerSql.update(c, "UPDATE filing SET status = 'SUPERSEDED' WHERE tenant_id = ? AND period_id = ? AND builder_id = ?"
                        + " AND model = ? AND status = 'SUBMITTED'", tenant, periodId, builderId, model);
            }
            Attestation a = attestation == null ? new Attestation(null, null, null) : attestation;
            String digest = content != null ? content : FilingDigests.sha256(String.join("|", tenant, Long.toString(periodId),
                    Long.toString(builderId), model, Long.toString(seq), Arrays.toString(v), share.toPlainString(), usage.toString()));
            long id = OwnerSql.number(c, """
                    INSERT INTO filing (tenant_id, period_id, builder_id, model, seq, status, currency, revenue, serving_cost,
                        post_training_cost, data_value_share, operating_profit, pool, tenant_gross, share_flagged,
                        attestation_evaluator, attestation_reference, attestation_sha256, content_sha256, submitted_by)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""",
                    tenant, periodId, builderId, model, (int) seq, status, currency, v[0], v[1], v[2], share, v[3], v[4], v[5],
                    flagged, a.evaluator(), a.reference(), a.sha256(), digest, submittedBy);
            if (calc != null) {
                categories(c, id, calc);
                usage(c, id);
            }
            return new Written(id, calc);
        }

        private void categories(Connection c, long id, FilingCalculation calc) throws SQLException {
            try (PreparedStatement st = c.prepareStatement("""
                    INSERT INTO filing_category (filing_id, tenant_id, category_key, weight, amount, administered, fee, net, units)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                for (CategoryAmount ca : calc.categoryAmounts()) {
                    CategoryDistribution d = calc.distribution(ca.category()).orElse(null);
                    st.setLong(1, id);
                    st.setString(2, tenant);
                    st.setString(3, ca.category());
                    st.setBigDecimal(4, ca.weight().toBigDecimal());
                    st.setLong(5, ca.amount());
                    st.setBoolean(6, ca.administered());
                    setNullable(st, 7, d == null ? null : d.fee());
                    setNullable(st, 8, d == null ? null : d.net());
                    setNullable(st, 9, d == null ? null : d.categoryUnits());
                    st.addBatch();
                }
                st.executeBatch();
            }
        }

        /** The usage summed per (category, ref), in the order the lines first name them. */
        private void usage(Connection c, long id) throws SQLException {
            Map<List<String>, Long> summed = new LinkedHashMap<>();
            usage.forEach(l -> summed.merge(List.of(l.category(), l.ref()), l.units(), Long::sum));
            // a block of pairs per category (V49), each in the order the lines first name its refs
            Map<String, List<Map.Entry<List<String>, Long>>> byCategory = new LinkedHashMap<>();
            summed.entrySet().forEach(e -> byCategory.computeIfAbsent(e.getKey().get(0), k -> new java.util.ArrayList<>()).add(e));
            try (PreparedStatement st = c.prepareStatement(
                    "INSERT INTO filing_usage (filing_id, tenant_id, category_key, member_refs, units, period_id)"
                            + " SELECT ?, ?, ?, ?, ?, period_id FROM filing WHERE id = ?")) {
                for (Map.Entry<String, List<Map.Entry<List<String>, Long>>> e : byCategory.entrySet()) {
                    st.setLong(1, id);
                    st.setString(2, tenant);
                    st.setString(3, e.getKey());
                    st.setArray(4, c.createArrayOf("text", e.getValue().stream().map(p -> p.getKey().get(1)).toArray()));
                    st.setArray(5, c.createArrayOf("bigint", e.getValue().stream().map(Map.Entry::getValue).toArray()));
                    st.setLong(6, id);
                    st.addBatch();
                }
                st.executeBatch();
            }
        }
    }

    /** The tenant's fee, share band and categories as the database holds them. */
    private static TenantTerms terms(Connection c, String tenant) throws SQLException {
        Rate fee;
        ShareBand band;
        try (PreparedStatement st = OwnerSql.prepare(c, "SELECT admin_fee_rate, share_min, share_max FROM tenant WHERE id = ?", tenant);
                ResultSet rs = st.executeQuery()) {
            rs.next();
            fee = rate(rs.getBigDecimal(1));
            band = new ShareBand(rate(rs.getBigDecimal(2)), rate(rs.getBigDecimal(3)));
        }
        Map<String, DistributionRule> categories = new TreeMap<>();
        try (PreparedStatement st = OwnerSql.prepare(c, "SELECT key, rule FROM category WHERE tenant_id = ?", tenant);
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                categories.put(rs.getString(1), DistributionRule.valueOf(rs.getString(2)));
            }
        }
        return new TenantTerms(fee, band, categories);
    }

    private static Rate rate(BigDecimal stored) {
        return Rate.parse(stored.stripTrailingZeros().toPlainString());
    }

    private static void setNullable(PreparedStatement st, int index, Long value) throws SQLException {
        if (value == null) {
            st.setNull(index, Types.BIGINT);
        } else {
            st.setLong(index, value);
        }
    }
}
