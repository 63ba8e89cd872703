package org.cmoportal.stake;

import static org.cmoportal.csv.CsvTable.figure;
import static org.cmoportal.csv.CsvTable.text;

import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.account.DistributedPeriods;
import org.cmoportal.csv.CsvTable;
import org.cmoportal.distribution.Stakes;
import org.cmoportal.error.DomainException;
import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.money.Fraction;
import org.cmoportal.tenancy.TenantContext;
import org.cmoportal.tenancy.TenantSql;
import org.cmoportal.tenant.Tenant;
import org.cmoportal.web.Paging;

/**
 * The beneficial stakes of economics.md ("Stakes and control rights"), read from what is stored: a member ref's
 * cumulative payout from a model is the sum of its published statement lines of the model's filings in the tenant's
 * distributed periods plus the restatements' {@code ADJUSTED} entries of the model's filings; its stake is that over
 * the same sum for every ref ({@link Stakes}). SQL only adds up; the fractions are the engine's. At 100,000 members
 * the register is a page at a time and its CSV is streamed.
 */
@ApplicationScoped
public class StakeRegister {

    /**
     * Every payout of the model {@code :model} ({@code :periods}: {@link DistributedPeriods}): (ref, amount, period). A restatement's entry counts in the period it
     * landed in (the restated filing's when it names none).
     */
    static final String PAID = """
            WITH paid AS (
                SELECT s.member_ref AS ref, sl.amount AS amount, s.period_id AS period_id
                  FROM statement_line sl
                  JOIN statement s ON s.tenant_id = :tenant AND s.period_id = sl.period_id AND s.id = sl.statement_id
                  JOIN period p ON p.tenant_id = :tenant AND p.id = s.period_id AND p.state = 'DISTRIBUTED'
                 WHERE sl.tenant_id = :tenant AND sl.period_id = ANY (:periods) AND sl.model = :model
                UNION ALL
                SELECT e.member_ref, e.amount, coalesce(e.period_id, r.period_id)
                  FROM restatement r
                  JOIN filing f ON f.tenant_id = :tenant AND f.id = r.filing_id
                  JOIN account_entry e ON e.tenant_id = :tenant AND e.kind = 'ADJUSTED' AND e.cause = 'restatement'
                                      AND e.cause_id = r.id
                 WHERE r.tenant_id = :tenant AND f.model = :model)
            """;

    /** Per ref with a stake (a positive cumulative payout), ranked largest first (ties by ref, bytewise). */
    private static final String HOLDERS = PAID + """
            , holder AS (SELECT ref, sum(amount) AS payout FROM paid GROUP BY ref HAVING sum(amount) > 0)
            """;

    /** A model filed in the tenant: its name and the organisations that filed it. */
    public record Model(String name, List<Long> builderIds, String builders) {
    }

    /** A ref's stake in one model. */
    public record Holding(String model, String builders, BigInteger payout, BigInteger total, Fraction stake) {

        public long payoutMinor() {
            return payout.longValueExact();
        }

        public long totalMinor() {
            return total.longValueExact();
        }
    }

    /** A ref's stake after each period with payouts of the model. */
    public record Point(long periodId, String period, BigInteger paidInPeriod, BigInteger cumulative, BigInteger total,
            Fraction stake) {

        public long paidMinor() {
            return paidInPeriod.longValueExact();
        }

        public long cumulativeMinor() {
            return cumulative.longValueExact();
        }
    }

    /** One holder in the register. */
    public record Holder(long rank, String ref, String name, BigInteger payout, Fraction stake) {

        public long payoutMinor() {
            return payout.longValueExact();
        }
    }

    /** The share of the whole stake held by the top 1% and the top 10% of holders (at least one holder each). */
    public record Concentration(long holders, long top1Count, Fraction top1, long top10Count, Fraction top10) {
    }

    /** One page of a model's register: the holders whose ref or name contains {@code query} (every holder for none). */
    public record Page(String tenantId, String tenantName, CurrencyUnit currency, Model model, BigInteger total,
            Concentration concentration, String query, Paging paging, List<Holder> rows) {

        public long totalMinor() {
            return total.longValueExact();
        }
    }

    @Inject
    TenantSql sql;

    @Inject
    DistributedPeriods distributedPeriods;

    @Inject
    TenantContext tenant;

    /** The model as filed in the entered tenant, if any organisation filed it here. */
    @Transactional
    public Optional<Model> model(String name) {
        if (name == null || name.isEmpty() || name.length() > 200) {
            return Optional.empty();
        }
        List<Filer> filers = sql.sql("""
                SELECT f.builder_id, b.name FROM filing f JOIN builder_org b ON b.id = f.builder_id
                 WHERE f.tenant_id = :tenant AND f.model = :model GROUP BY f.builder_id, b.name ORDER BY b.name""")
                .bind("model", name).list(rs -> new Filer(rs.getLong(1), rs.getString(2)));
        if (filers.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Model(name, filers.stream().map(Filer::builderId).toList(),
                String.join(", ", filers.stream().map(Filer::name).toList())));
    }

    /** The model, or 404 as for any object of another tenant. */
    @Transactional
    public Model requireModel(String name) {
        return model(name).orElseThrow(() -> DomainException.notFound("The model named in the address"));
    }

    /** One page of the tenant's models, by name ({@code paging.count}: the models that match the search). */
    public record Models(List<Model> models, Paging paging) {
    }

    /**
     * Each organisation that filed each model here ({@code filer}), and the models whose name or one of whose builders'
     * names match {@code :like} ({@code matching}; NULL for every model): a model found by one builder keeps all its builders.
     */
    private static final String FILERS = """
            WITH filer AS (SELECT f.model, f.builder_id, b.name FROM filing f JOIN builder_org b ON b.id = f.builder_id
                            WHERE f.tenant_id = :tenant GROUP BY f.model, f.builder_id, b.name),
                 matching AS (SELECT model FROM filer
                               WHERE CAST(:like AS text) IS NULL OR lower(model) LIKE :like OR lower(name) LIKE :like
                               GROUP BY model)
            """;

    /**
     * The page {@code requested} of the models filed in the tenant whose name or a builder's name contains
     * {@code query} (every model for none), by name in code point order, each with all the organisations that filed it.
     */
    @Transactional
    public Models models(String query, int requested) {
        String like = Paging.like(query);
        Paging paging = Paging.of(requested, Paging.SIZE, sql.sql(FILERS + "SELECT count(*) FROM matching")
                .bind("like", like).single(rs -> rs.getLong(1)));
        return new Models(grouped(sql.sql(FILERS + """
                , shown AS (SELECT model FROM matching ORDER BY model COLLATE "C" LIMIT :limit OFFSET :offset)
                SELECT x.model, x.builder_id, x.name FROM filer x JOIN shown s ON s.model = x.model
                 ORDER BY x.model COLLATE "C", x.name""")
                .bind("like", like).bind("limit", paging.size()).bind("offset", paging.offset())), paging);
    }

    /**
     * The models that one of the organisations {@code builderIds} filed here, by name, each with every organisation that
     * filed it: a builder's own models, read without reading anyone else's.
     */
    @Transactional
    public List<Model> filedBy(Collection<Long> builderIds) {
        if (builderIds.isEmpty()) {
            return List.of();
        }
        return grouped(sql.sql("""
                SELECT f.model, f.builder_id, b.name FROM filing f JOIN builder_org b ON b.id = f.builder_id
                 WHERE f.tenant_id = :tenant
                   AND f.model IN (SELECT o.model FROM filing o WHERE o.tenant_id = :tenant AND o.builder_id = ANY (:builders))
                 GROUP BY f.model, f.builder_id, b.name ORDER BY f.model COLLATE "C", b.name""")
                .bind("builders", builderIds.toArray(Long[]::new)));
    }

    /** Whether any model is filed in the tenant (a ballot needs one). */
    @Transactional
    public boolean anyModel() {
        return sql.sql("SELECT 1 FROM filing WHERE tenant_id = :tenant LIMIT 1").one(rs -> 1).isPresent();
    }

    /** Rows of (model, builder id, builder name), ordered by model, as one {@link Model} per model. */
    private static List<Model> grouped(TenantSql.Statement rows) {
        List<Model> models = new ArrayList<>();
        String[] current = {null};
        List<Long> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        rows.stream(rs -> {
            String model = rs.getString(1);
            if (current[0] != null && !current[0].equals(model)) {
                models.add(new Model(current[0], List.copyOf(ids), String.join(", ", names)));
                ids.clear();
                names.clear();
            }
            current[0] = model;
            ids.add(rs.getLong(2));
            names.add(rs.getString(3));
        });
        if (current[0] != null) {
            models.add(new Model(current[0], List.copyOf(ids), String.join(", ", names)));
        }
        return models;
    }

    /** Whether the ref is a member of the entered tenant. */
    @Transactional
    public boolean memberExists(String ref) {
        return sql.sql("SELECT 1 FROM member WHERE tenant_id = :tenant AND ref = :ref").bind("ref", ref).one(rs -> 1).isPresent();
    }

    /** The ref's cumulative payout from the model and every ref's. */
    @Transactional
    public BigInteger[] payoutAndTotal(String model, String ref) {
        return sql.sql(PAID + """
                SELECT coalesce(sum(amount) FILTER (WHERE ref = :ref), 0), coalesce(sum(amount), 0) FROM paid""")
                .bind("periods", distributedPeriods.ids()).bind("model", model).bind("ref", ref)
                .single(rs -> new BigInteger[] {big(rs, 1), big(rs, 2)});
    }

    /** Whether the ref holds a stake in the model now (a positive cumulative payout). */
    @Transactional
    public boolean holdsStake(String model, String ref) {
        return payoutAndTotal(model, ref)[0].signum() > 0;
    }

    /** The models the ref {@code :ref} was paid from (restated to nothing included): the rows of its holdings. */
    private static final String HELD = """
            WITH held AS (
                SELECT DISTINCT sl.model FROM statement s
                  JOIN statement_line sl ON sl.tenant_id = :tenant AND sl.period_id = ANY (:periods) AND sl.period_id = s.period_id
                                         AND sl.statement_id = s.id
                  JOIN period p ON p.tenant_id = :tenant AND p.id = s.period_id AND p.state = 'DISTRIBUTED'
                 WHERE s.tenant_id = :tenant AND s.member_ref = :ref
                UNION
                SELECT f.model FROM account_entry e
                  JOIN restatement r ON r.tenant_id = :tenant AND r.id = e.cause_id
                  JOIN filing f ON f.tenant_id = :tenant AND f.id = r.filing_id
                 WHERE e.tenant_id = :tenant AND e.member_ref = :ref AND e.kind = 'ADJUSTED' AND e.cause = 'restatement')
            """;

    /** The ref's stake in every model it was paid from (restated to nothing included: a zero stake). */
    @Transactional
    public List<Holding> holdings(String ref) {
        return holdingsIn(sql.sql(HELD + "SELECT model FROM held ORDER BY 1").bind("periods", distributedPeriods.ids()).bind("ref", ref)
                .list(rs -> rs.getString(1)), ref);
    }

    /**
     * The page {@code requested} ({@code size} models) of the ref's holdings whose model contains {@code query} (any
     * case), by model: the page of models is counted and chosen in the database, and only its models' stakes are summed.
     */
    @Transactional
    public Paging.Page<Holding> holdings(String ref, String query, int requested, int size) {
        String like = Paging.like(query);
        String matching = " FROM held WHERE CAST(:like AS text) IS NULL OR lower(model) LIKE :like";
        Paging paging = Paging.of(requested, size, sql.sql(HELD + "SELECT count(*)" + matching).bind("periods", distributedPeriods.ids())
                .bind("ref", ref).bind("like", like).single(rs -> rs.getLong(1)));
        List<String> models = sql.sql(HELD + "SELECT model" + matching + " ORDER BY 1 LIMIT :limit OFFSET :offset")
                .bind("periods", distributedPeriods.ids()).bind("ref", ref).bind("like", like).bind("limit", paging.size())
                .bind("offset", paging.offset()).list(rs -> rs.getString(1));
        return new Paging.Page<>(holdingsIn(models, ref), paging);
    }

    private List<Holding> holdingsIn(List<String> models, String ref) {
        List<Holding> holdings = new ArrayList<>();
        for (String model : models) {
            BigInteger[] pt = payoutAndTotal(model, ref);
            String builders = model(model).map(Model::builders).orElse("");
            holdings.add(new Holding(model, builders, pt[0], pt[1], Stakes.of(pt[0].max(BigInteger.ZERO), pt[1])));
        }
        return holdings;
    }

    /** The ref's stake in the model after each period with payouts of the model, oldest first. */
    @Transactional
    public List<Point> history(String model, String ref) {
        List<Point> points = new ArrayList<>();
        BigInteger[] running = {BigInteger.ZERO, BigInteger.ZERO};
        sql.sql(PAID + """
                SELECT p.id, p.label, coalesce(sum(x.amount) FILTER (WHERE x.ref = :ref), 0), coalesce(sum(x.amount), 0)
                  FROM paid x JOIN period p ON p.tenant_id = :tenant AND p.id = x.period_id
                 GROUP BY p.id, p.label ORDER BY p.id""").bind("periods", distributedPeriods.ids()).bind("model", model).bind("ref", ref)
                .stream(rs -> {
                    BigInteger mine = big(rs, 3);
                    running[0] = running[0].add(mine);
                    running[1] = running[1].add(big(rs, 4));
                    points.add(new Point(rs.getLong(1), rs.getString(2), mine, running[0], running[1],
                            Stakes.of(running[0].max(BigInteger.ZERO), running[1])));
                });
        return points;
    }

    /** How a ref's stake in one of its models stood after one period with payouts of the model. */
    public record Change(String model, String period, BigInteger paidInPeriod, BigInteger cumulative, Fraction stake) {

        public long paidMinor() {
            return paidInPeriod.longValueExact();
        }

        public long cumulativeMinor() {
            return cumulative.longValueExact();
        }
    }

    /** A page of a ref's stakes by model and period. */
    public record History(List<Change> rows, Paging paging) {
    }

    /**
     * Per model of {@code :models} and period with payouts of it, the ref {@code :ref}'s payout in the period and, summed
     * over the periods up to it, the ref's and everyone's: {@link #PAID} for several models at once, the running sums
     * taken in the database so that a page of periods is read without the periods before it.
     */
    private static final String RUNNING = """
            WITH paid AS (
                SELECT sl.model AS model, s.member_ref AS ref, sl.amount AS amount, s.period_id AS period_id
                  FROM statement_line sl
                  JOIN statement s ON s.tenant_id = :tenant AND s.period_id = sl.period_id AND s.id = sl.statement_id
                  JOIN period p ON p.tenant_id = :tenant AND p.id = s.period_id AND p.state = 'DISTRIBUTED'
                 WHERE sl.tenant_id = :tenant AND sl.period_id = ANY (:periods) AND sl.model = ANY (:models)
                UNION ALL
                SELECT f.model, e.member_ref, e.amount, coalesce(e.period_id, r.period_id)
                  FROM restatement r
                  JOIN filing f ON f.tenant_id = :tenant AND f.id = r.filing_id
                  JOIN account_entry e ON e.tenant_id = :tenant AND e.kind = 'ADJUSTED' AND e.cause = 'restatement'
                                      AND e.cause_id = r.id
                 WHERE r.tenant_id = :tenant AND f.model = ANY (:models)),
                 per AS (SELECT model, period_id, coalesce(sum(amount) FILTER (WHERE ref = :ref), 0) AS mine,
                                sum(amount) AS everyone
                           FROM paid GROUP BY model, period_id),
                 running AS (SELECT model, period_id, mine, sum(mine) OVER w AS mine_so_far, sum(everyone) OVER w AS everyone_so_far
                               FROM per WINDOW w AS (PARTITION BY model ORDER BY period_id))
            """;

    /**
     * The page {@code requested} of the ref's stakes after each period with payouts, in the given models whose name
     * contains {@code query} (all for none): by model, the latest period first. SQL adds up; the stakes are the engine's.
     */
    @Transactional
    public History history(String ref, List<String> models, String query, int requested) {
        String like = Paging.like(query);
        String[] names = models.toArray(String[]::new);
        Long[] periods = distributedPeriods.ids();
        String where = " WHERE CAST(:like AS text) IS NULL OR lower(x.model) LIKE :like";
        Paging paging = Paging.of(requested, Paging.SIZE, sql.sql(RUNNING + "SELECT count(*) FROM running x" + where)
                .bind("periods", periods).bind("models", names).bind("ref", ref).bind("like", like).single(rs -> rs.getLong(1)));
        List<Change> rows = sql.sql(RUNNING + """
                SELECT x.model, p.label, x.mine, x.mine_so_far, x.everyone_so_far
                  FROM running x JOIN period p ON p.tenant_id = :tenant AND p.id = x.period_id""" + where + """

                 ORDER BY x.model COLLATE "C", x.period_id DESC LIMIT :limit OFFSET :offset""")
                .bind("periods", periods).bind("models", names).bind("ref", ref).bind("like", like)
                .bind("limit", paging.size()).bind("offset", paging.offset())
                .list(rs -> {
                    BigInteger soFar = big(rs, 4);
                    return new Change(rs.getString(1), rs.getString(2), big(rs, 3), soFar,
                            Stakes.of(soFar.max(BigInteger.ZERO), big(rs, 5)));
                });
        return new History(rows, paging);
    }

    /**
     * The holders ranked in the whole register, with their names: a search narrows the rows, never a holder's rank.
     * {@code :like} is a LIKE pattern on the ref or the name, NULL for every holder.
     */
    private static final String RANKED = HOLDERS + """
            , ranked AS (SELECT h.ref, m.name, h.payout,
                                row_number() OVER (ORDER BY h.payout DESC, h.ref COLLATE "C") AS rank,
                                count(*) OVER () AS n,
                                (CAST(:like AS text) IS NULL OR lower(h.ref) LIKE :like OR lower(m.name) LIKE :like) AS matches
                           FROM holder h LEFT JOIN member m ON m.tenant_id = :tenant AND m.ref = h.ref)
            """;

    /**
     * One page of the model's register: holders largest first, those whose ref or name contains {@code query} (every
     * holder for none), each with their rank among all, and the concentration of the whole register.
     */
    @Transactional
    public Page page(String modelName, String query, int page) {
        Model model = requireModel(modelName);
        Tenant t = Tenant.findById(tenant.tenantId());
        String like = Paging.like(query);
        Head head = sql.sql(RANKED + """
                SELECT count(*), coalesce(sum(payout), 0),
                       coalesce(sum(payout) FILTER (WHERE rank <= (n + 99) / 100), 0),
                       coalesce(sum(payout) FILTER (WHERE rank <= (n + 9) / 10), 0),
                       count(*) FILTER (WHERE matches)
                  FROM ranked""").bind("periods", distributedPeriods.ids()).bind("model", modelName).bind("like", like)
                .single(rs -> new Head(rs.getLong(1), big(rs, 2), big(rs, 3), big(rs, 4), rs.getLong(5)));
        long holders = head.holders();
        BigInteger total = head.total();
        Concentration concentration = new Concentration(holders, (holders + 99) / 100,
                Stakes.of(head.top1Percent(), total), (holders + 9) / 10, Stakes.of(head.top10Percent(), total));
        Paging paging = Paging.of(page, Paging.SIZE, head.matching());
        List<Holder> rows = sql.sql(RANKED + """
                SELECT rank, ref, name, payout FROM ranked WHERE matches ORDER BY rank LIMIT :limit OFFSET :offset""")
                .bind("periods", distributedPeriods.ids()).bind("model", modelName).bind("like", like).bind("limit", paging.size()).bind("offset", paging.offset())
                .list(rs -> {
                    BigInteger payout = big(rs, 4);
                    return new Holder(rs.getLong(1), rs.getString(2), rs.getString(3), payout, Stakes.of(payout, total));
                });
        return new Page(t.id, t.name, CurrencyUnit.of(t.currency), model, total, concentration, Paging.query(query), paging, rows);
    }

    static final List<String> CSV_HEADER = List.of("tenant", "model", "rank", "member_ref", "name", "cumulative_payout",
            "currency", "stake", "stake_exact");

    /** Every holder of the model, largest first, streamed in the caller's transaction. */
    @Transactional
    public void csv(String modelName, Writer out) {
        requireModel(modelName);
        Tenant t = Tenant.findById(tenant.tenantId());
        CurrencyUnit currency = CurrencyUnit.of(t.currency);
        BigInteger total = sql.sql(HOLDERS + "SELECT coalesce(sum(payout), 0) FROM holder").bind("periods", distributedPeriods.ids()).bind("model", modelName)
                .single(rs -> big(rs, 1));
        CsvTable csv = CsvTable.start(out, CSV_HEADER);
        CsvTable.Cell tenantCell = text(t.id);
        CsvTable.Cell modelCell = text(modelName);
        CsvTable.Cell currencyCell = text(currency.code());
        long[] rank = {0};
        sql.sql(HOLDERS + """
                SELECT h.ref, m.name, h.payout FROM holder h
                  LEFT JOIN member m ON m.tenant_id = :tenant AND m.ref = h.ref
                 ORDER BY h.payout DESC, h.ref COLLATE "C"
                """).bind("periods", distributedPeriods.ids()).bind("model", modelName)
                .stream(rs -> {
                    BigInteger payout = big(rs, 3);
                    Fraction stake = Stakes.of(payout, total);
                    csv.row(tenantCell, modelCell, figure(++rank[0]), text(rs.getString(1)),
                            text(rs.getString(2) == null ? "" : rs.getString(2)),
                            figure(Amounts.format(payout.longValueExact(), currency)), currencyCell, figure(stake.rate6()),
                            text(stake.toString()));
                });
        csv.flush();
    }

    static BigInteger big(ResultSet rs, int column) throws SQLException {
        BigDecimal value = rs.getBigDecimal(column);
        return value == null ? BigInteger.ZERO : value.toBigIntegerExact();
    }

    /** A builder organisation that filed the model. */
    private record Filer(long builderId, String name) {
    }

    /**
     * The register's head: how many hold a stake, the total paid, what the top 1% and 10% of holders were paid, and how
     * many holders match the search.
     */
    private record Head(long holders, BigInteger total, BigInteger top1Percent, BigInteger top10Percent, long matching) {
    }
}
