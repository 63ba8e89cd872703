package org.cmoportal.filing;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.cmoportal.verification.VerificationService;
import jakarta.transaction.Transactional;

import org.cmoportal.audit.AuditLog;
import org.cmoportal.distribution.CategoryAmount;
import org.cmoportal.distribution.CategoryDistribution;
import org.cmoportal.distribution.DistributionRule;
import org.cmoportal.distribution.FilingCalculation;
import org.cmoportal.distribution.FilingCalculator;
import org.cmoportal.distribution.ShareBand;
import org.cmoportal.distribution.TenantTerms;
import org.cmoportal.distribution.Usage;
import org.cmoportal.error.DomainException;
import org.cmoportal.error.Problem;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.money.Rate;
import org.cmoportal.organisation.BuilderOrg;
import org.cmoportal.period.Period;
import org.cmoportal.preference.OptOutFlags;
import org.cmoportal.tenancy.TenantContext;
import org.cmoportal.tenancy.TenantSql;
import org.cmoportal.tenant.Category;
import org.cmoportal.tenant.Tenant;
import org.cmoportal.web.Formats;
import org.cmoportal.web.Paging;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Parameters;

/**
 * Takes builders' filings whole or not at all, numbers resubmissions, and shows a filing only to its builder
 * organisation (and the CMO's administrators): the one place that decides who sees which filing.
 */
@ApplicationScoped
public class FilingService {

    private static final Logger LOG = Logger.getLogger(FilingService.class);

    /** An Idempotency-Key: printable ASCII, as Stripe's and the IETF draft's keys are. */
    private static final String KEY = "[\\x21-\\x7E]{1,200}";

    /** The usage part of an upload: read once, from disk, as a stream. */
    public interface UsageUpload {
        long size();

        InputStream open() throws IOException;
    }

    /**
     * The parts of a submission as they arrive, in whatever order the sender wrote them: {@link #deliver} hands the
     * filing (read into a document, or why it could not be) and the usage file (a stream, read while the receiver
     * has it) to the receiver. A part that never comes is never handed over.
     */
    public interface Parts {
        void deliver(Receiver receiver) throws IOException, SQLException;
    }

    /** Takes a submission's parts; the first filing and the first usage file count, later ones are ignored. */
    public interface Receiver {
        void filing(FilingDocument document, List<Problem> problems);

        void usage(InputStream csv) throws IOException, SQLException;
    }

    /** The result of a submission: the filing, and whether it is the replay of an earlier answer. */
    public record Submission(Filing filing, boolean replayed) {
    }

    /** A filing with what the pages and the API show about it. */
    public record Loaded(Filing filing, String periodLabel, Period.State periodState, String builderSlug,
            String builderName, List<CategoryRow> categories, FilingTerms terms) {
    }

    /** An organisation the caller may file for with the current CMO. */
    public record Filer(String slug, String name) {
    }

    /** One category of a stored filing (filing_category). */
    public record CategoryRow(String category, Rate weight, long amount, boolean administered, Long fee, Long net, Long units) {
    }

    @Inject
    CurrentUser user;

    @Inject
    TenantContext tenant;

    @Inject
    AuditLog audit;

    @Inject
    VerificationService verification;

    @Inject
    OptOutFlags optOutFlags;

    @Inject
    TenantSql sql;

    @Inject
    FilingConfig config;

    /** The current CMO's terms for filings: currency, fee, share band, categories and their rules. */
    @Transactional
    public FilingTerms terms() {
        Tenant t = Tenant.findById(tenant.tenantId());
        Map<String, DistributionRule> categories = new LinkedHashMap<>();
        for (Category c : Category.<Category>list("order by key")) {
            categories.put(c.key, DistributionRule.valueOf(c.rule.name()));
        }
        TenantTerms terms = new TenantTerms(rate(t.adminFeeRate),
                new ShareBand(rate(t.shareMin), rate(t.shareMax)), categories);
        return new FilingTerms(t.id, t.name, CurrencyUnit.of(t.currency), terms, t.requiresAttestation);
    }

    /** The open period with this label, or 404 / 409 (a period not open takes no filings). */
    @Transactional
    public Period openPeriod(String label) {
        Period p = period(label);
        requireOpen(p);
        return p;
    }

    /**
     * Takes a filing: checks everything, stages and adds up the usage, computes the figures with the engine and
     * supersedes the previous submission of the same model, all in one transaction. Every problem is reported at
     * once in a 422; nothing is stored unless everything is right.
     *
     * @param builder      the slug of the organisation the filing is for; needed only when more than one of the
     *                     caller's organisations is licensed with this CMO
     * @param document     the filing as written, or null when it could not be read (then {@code readProblems} say why)
     * @param readProblems what was wrong while reading the document
     * @param usage        the usage file, or null when none was attached
     */
    public Submission submit(String periodLabel, String builder, FilingDocument document, List<Problem> readProblems,
            UsageUpload usage, String idempotencyKey) {
        if (usage != null && usage.size() > config.maxUsageSize().asLongValue()) {
            throw tooLarge(usage.size());
        }
        return submit(periodLabel, builder, receiver -> {
            receiver.filing(document, readProblems);
            if (usage != null) {
                try (InputStream in = usage.open()) {
                    receiver.usage(in);
                }
            }
        }, idempotencyKey);
    }

    /**
     * Takes a filing whose parts are read while it is taken (the API's request body, as it arrives): the same checks,
     * the same one transaction. The usage is checked, hashed, added up and staged in one pass over its bytes, on two
     * threads ({@link UsagePipeline}); a usage part over the size limit is refused (413) as soon as it passes it.
     */
    public Submission submit(String periodLabel, String builder, Parts parts, String idempotencyKey) {
        return QuarkusTransaction.requiringNew().timeout(config.transactionTimeout())
                .call(() -> submitInTransaction(periodLabel, builder, parts, idempotencyKey));
    }

    /** A restating filing as taken in (economics.md, "Restating a distributed filing"): checked as any filing is. */
    public record Restating(ValidFiling valid, FilingTerms terms, String usageSha256, long usageLines) {
    }

    /** Where a restatement keeps what intake took in: its own rows, never a filing (V19). */
    public interface RestatementStore {
        /** Stores the restatement's row from the checked filing; answers its id, under which the usage is added up. */
        long store(Restating restating);

        /** Once the usage is in {@code restatement_usage}, in the same transaction: compute, record, audit. */
        void usageStored(long restatementId);
    }

    /**
     * Takes a restatement of a distributed filing of {@code builderId}'s model {@code model}: the same parts, the same
     * checks and the same streamed usage as a filing ({@link #submit}), every problem at once in a 422, but nothing is
     * stored as a filing: the usage is added up into {@code restatement_usage} under the id {@code store} answers, so
     * the distributed period's board, run and statements never see it. The filing must be for the same model.
     * All in one transaction; answers the restatement's id.
     */
    public long restate(String periodLabel, String model, Parts parts, RestatementStore store) {
        return QuarkusTransaction.requiringNew().timeout(config.transactionTimeout()).call(() -> {
            List<Problem> problems = new ArrayList<>();
            FilingTerms terms = terms();
            try (TenantSql.Jdbc jdbc = sql.jdbc(); Intake intake = new Intake(jdbc, terms, periodLabel, true)) {
                parts.deliver(intake);
                if (!intake.filingReceived) {
                    problems.addAll(FilingJsonReader.read(null).problems());
                }
                problems.addAll(intake.documentProblems);
                if (intake.outcome == null) {
                    problems.add(new Problem(UsageCsvReader.FILE, "missing; attach the restated usage file (header category,member_ref,units)"));
                } else {
                    problems.addAll(intake.outcome.read().problems());
                }
                if (intake.checked != null && problems.isEmpty()) {
                    ValidFiling valid = intake.checked.valid(terms, periodLabel);
                    if (!valid.model().equals(model)) {
                        problems.add(new Problem("model", "is \"" + valid.model() + "\" but the restated filing is of \"" + model
                                + "\"; a restatement corrects the same model's filing"));
                    }
                }
                if (!problems.isEmpty()) {
                    throw DomainException.invalid(problems);
                }
                UsageCsvReader.Result read = intake.outcome.read();
                long id = store.store(new Restating(intake.checked.valid(terms, periodLabel), terms, read.sha256(), read.lines()));
                intake.staging.aggregateIntoRestatement(id, intake.outcome);
                store.usageStored(id);
                return id;
            }
        });
    }

    DomainException tooLarge(long size) {
        return tooLarge("the file has " + size + " bytes");
    }

    private DomainException tooLarge(String what) {
        long max = config.maxUsageSize().asLongValue();
        return new DomainException(DomainException.Kind.TOO_LARGE, "too-large", "The usage file is too large.",
                List.of(new Problem(UsageCsvReader.FILE, what + "; the largest accepted is " + max
                        + " bytes (" + human(max) + "); split the usage across models, or ask the CMO to raise the limit")));
    }

    /** The usage file as read, refused with a 413 the moment it passes the size limit. */
    private InputStream limited(InputStream in) {
        long max = config.maxUsageSize().asLongValue();
        return new java.io.FilterInputStream(in) {
            private long count;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    counted(1);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    counted(n);
                }
                return n;
            }

            private void counted(int n) {
                count += n;
                if (count > max) {
                    throw tooLarge("the file has more than " + max + " bytes");
                }
            }
        };
    }

    static String human(long bytes) {
        if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + " GiB";
        }
        if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        if (bytes >= 1L << 10 && bytes % (1L << 10) == 0) {
            return (bytes >> 10) + " KiB";
        }
        return bytes + " bytes";
    }

    private Submission submitInTransaction(String periodLabel, String builder, Parts parts, String idempotencyKey)
            throws IOException, SQLException {
        List<Problem> problems = new ArrayList<>();
        Long builderId = filer(builder, problems);
        Period period = period(periodLabel);
        FilingTerms terms = terms();

        // The key before the period's state: a retry whose first answer was lost gets that answer even after the
        // period closed, since the filing it asks about was taken while the period was open.
        String key = idempotencyKey == null || idempotencyKey.isEmpty() ? null : idempotencyKey;
        if (key != null) {
            if (!key.matches(KEY)) {
                throw DomainException.invalid("Idempotency-Key", "use 1 to 200 printable ASCII characters, for example a UUID");
            }
            // a key is the organisation's: without one named, there is nothing to replay and the filing is refused below
            if (builderId != null) {
                lock("idempotency:" + tenant.tenantId() + ":" + builderId + ":" + key);
                Filing earlier = Filing.find("builderId = ?1 and idempotencyKey = ?2", builderId, key).firstResult();
                if (earlier != null) {
                    return replay(earlier, key, periodLabel, parts, terms);
                }
            }
        }
        // FOR SHARE: closing the period waits for this submission, and this one sees a close that came first.
        String state = sql.sql("SELECT state FROM period WHERE tenant_id = :tenant AND id = :id FOR SHARE").bind("id", period.id)
                .single(rs -> rs.getString(1));
        requireOpen(period.label, Period.State.valueOf(state));

        // One pass over the parts as they arrive: every line of the usage checked, hashed, added up and COPYed.
        long started = System.nanoTime();
        try (TenantSql.Jdbc jdbc = sql.jdbc(); Intake intake = new Intake(jdbc, terms, periodLabel, problems.isEmpty())) {
            parts.deliver(intake);
            if (!intake.filingReceived) {
                problems.addAll(FilingJsonReader.read(null).problems());
            }
            problems.addAll(intake.documentProblems);
            if (intake.outcome == null) {
                problems.add(new Problem(UsageCsvReader.FILE, "missing; attach the usage file (header category,member_ref,units)"));
            } else {
                problems.addAll(intake.outcome.read().problems());
            }
            if (!problems.isEmpty()) {
                throw DomainException.invalid(problems); // the rollback drops the staging table and its lines
            }
            long staged = System.nanoTime();
            UsageCsvReader.Result read = intake.outcome.read();
            ValidFiling valid = intake.checked.valid(terms, periodLabel);
            Filing filing = store(valid, terms, builderId, period, read, key);
            boolean held = intake.outcome.held() != null;
            long rows = intake.staging.aggregateInto(filing.id, intake.outcome);
            // digests, commitments, sibling consistency, voided attestations: in the same transaction
            verification.onFilingStored(filing.id);
            // usage naming members who had opted out of train-ai before the period opened: flagged for review
            int optedOut = optOutFlags.onFilingStored(filing.id);
            LOG.infof("filing %d: %d usage lines received, read and added up in %d ms (%s), stored with %d"
                    + " (category, member ref) pairs in %d ms, %d of them naming a member who opted out of train-ai",
                    filing.id, read.lines(), (staged - started) / 1_000_000, held
                            ? "every pair held in memory, inserted straight"
                            : intake.outcome.rowsStaged() + " partial sums staged, added up again in SQL", rows,
                    (System.nanoTime() - staged) / 1_000_000, optedOut);
            return new Submission(filing, false);
        }
    }

    /**
     * The receiving end of one submission, in its transaction: the filing is checked as soon as it arrives; the usage
     * is read, checked and, unless the submission is already refused, added up and staged while it arrives.
     */
    private final class Intake implements Receiver, AutoCloseable {

        private final TenantSql.Jdbc jdbc;
        private final FilingTerms terms;
        private final String periodLabel;
        private final boolean builderKnown;
        boolean filingReceived;
        FilingValidator.Checked checked;
        List<Problem> documentProblems = List.of();
        UsagePipeline.Outcome outcome;
        UsageStaging staging;

        Intake(TenantSql.Jdbc jdbc, FilingTerms terms, String periodLabel, boolean builderKnown) {
            this.jdbc = jdbc;
            this.terms = terms;
            this.periodLabel = periodLabel;
            this.builderKnown = builderKnown;
        }

        @Override
        public void filing(FilingDocument document, List<Problem> readProblems) {
            if (filingReceived) {
                return;
            }
            filingReceived = true;
            if (document == null) {
                documentProblems = List.copyOf(readProblems);
            } else {
                checked = FilingValidator.check(document, terms, periodLabel, readProblems);
                documentProblems = checked.problems();
            }
        }

        @Override
        public void usage(InputStream csv) throws IOException, SQLException {
            if (outcome != null) {
                return;
            }
            InputStream in = limited(csv);
            UsageCsvReader reader = new UsageCsvReader(terms.categories(), terms.tenantName(), config.maxListedProblems());
            if (!builderKnown || !documentProblems.isEmpty()) {
                // refused already, whatever the usage holds: its own problems are still found, nothing is staged
                outcome = new UsagePipeline.Outcome(reader.read(in, (category, ref, offset, length, units) -> {
                }), false, 0);
                return;
            }
            staging = new UsageStaging(jdbc, terms.categories());
            outcome = UsagePipeline.run(in, reader, staging, config.combinedPairs());
        }

        /** Cancels a COPY still open (a refused or failed upload); the transaction's rollback drops the table. */
        @Override
        public void close() throws SQLException {
            if (staging != null) {
                staging.close();
            }
        }
    }

    private Filing store(ValidFiling valid, FilingTerms terms, Long builderId, Period period, UsageCsvReader.Result read,
            String key) {
        // The figures come from the engine; per-member amounts wait for the distribution run.
        FilingCalculation calc = FilingCalculator.calculate(valid.figures(), terms.terms(), Usage.none(), Set.of());
        lock("filing:" + tenant.tenantId() + ":" + period.id + ":" + builderId + ":" + valid.model());
        Filing previous = Filing.find("periodId = ?1 and builderId = ?2 and model = ?3 order by seq desc",
                period.id, builderId, valid.model()).firstResult();
        boolean supersedes = previous != null && previous.status == Filing.Status.SUBMITTED;
        if (supersedes) {
            previous.status = Filing.Status.SUPERSEDED;
            previous.persistAndFlush(); // before the new row: one SUBMITTED filing per model and period
        }
        Filing f = new Filing();
        f.periodId = period.id;
        f.builderId = builderId;
        f.model = valid.model();
        f.seq = previous == null ? 1 : previous.seq + 1;
        f.status = Filing.Status.SUBMITTED;
        f.currency = terms.currency().code();
        f.revenue = valid.figures().revenue();
        f.servingCost = valid.figures().servingCost();
        f.postTrainingCost = valid.figures().postTrainingCost();
        f.dataValueShare = valid.figures().dataValueShare().toBigDecimal();
        f.operatingProfit = calc.operatingProfit();
        f.pool = calc.pool();
        f.tenantGross = calc.tenantGross();
        f.shareFlagged = !calc.shareWithinBand();
        if (valid.attestation() != null) {
            f.attestationEvaluator = valid.attestation().evaluator();
            f.attestationReference = valid.attestation().reference();
            f.attestationSha256 = valid.attestation().sha256();
        }
        f.usageSha256 = read.sha256();
        f.usageLines = read.lines();
        f.contentSha256 = CanonicalFiling.sha256(valid, read.sha256());
        f.idempotencyKey = key;
        f.supersedesId = previous == null ? null : previous.id;
        f.submittedBy = user.actor();
        f.submittedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        f.persistAndFlush();
        for (CategoryAmount a : calc.categoryAmounts()) {
            insertCategory(f.id, a.category(), a.weight(), a.amount(), a.administered(),
                    a.administered() ? calc.distribution(a.category()).orElseThrow() : null, read.unitsByCategory());
        }
        for (CategoryDistribution d : calc.distributions()) {
            if (!valid.figures().mixtureWeights().weights().containsKey(d.category())) {
                // administered here but absent from the mixture: weight 0, recorded so the CMO sees its units
                insertCategory(f.id, d.category(), Rate.ZERO, 0, true, d, read.unitsByCategory());
            }
        }
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("period", period.label);
        after.put("builderId", builderId);
        after.put("model", f.model);
        after.put("seq", f.seq);
        after.put("contentSha256", f.contentSha256);
        after.put("usageLines", f.usageLines);
        after.put("pool", f.pool);
        after.put("tenantGross", f.tenantGross);
        after.put("shareFlagged", f.shareFlagged);
        if (previous != null) {
            after.put("supersedes", previous.id);
        }
        audit.record("filing.submit", "filing", f.id, null, after);
        if (supersedes) {
            audit.record("filing.supersede", "filing", previous.id, Map.of("status", "SUBMITTED"),
                    Map.of("status", "SUPERSEDED", "supersededBy", f.id));
        }
        return f;
    }

    private void insertCategory(long filingId, String category, Rate weight, long amount, boolean administered,
            CategoryDistribution d, Map<String, Long> units) {
        sql.sql("""
                INSERT INTO filing_category (filing_id, tenant_id, category_key, weight, amount, administered, fee, net, units)
                VALUES (:filing, :tenant, :category, :weight, :amount, :administered, :fee, :net, :units)""")
                .bind("filing", filingId).bind("category", category).bind("weight", weight.toBigDecimal())
                .bind("amount", amount).bind("administered", administered)
                .bind("fee", d == null ? null : d.fee()).bind("net", d == null ? null : d.net())
                .bind("units", d == null ? null : units.getOrDefault(category, 0L))
                .update();
    }

    /** The same key and content gives the first answer again; the same key with other content is refused. */
    private Submission replay(Filing earlier, String key, String periodLabel, Parts parts, FilingTerms terms)
            throws IOException, SQLException {
        FilingDocument[] document = {null};
        List<List<Problem>> readProblems = new ArrayList<>();
        String[] usageSha256 = {null};
        parts.deliver(new Receiver() {
            @Override
            public void filing(FilingDocument d, List<Problem> problems) {
                if (readProblems.isEmpty()) {
                    document[0] = d;
                    readProblems.add(problems);
                }
            }

            @Override
            public void usage(InputStream csv) throws IOException {
                if (usageSha256[0] == null) {
                    usageSha256[0] = sha256(limited(csv));
                }
            }
        });
        String content = null;
        if (document[0] != null && usageSha256[0] != null) {
            ValidFiling valid = FilingValidator.check(document[0], terms, periodLabel, readProblems.get(0)).valid(terms, periodLabel);
            if (valid != null) {
                content = CanonicalFiling.sha256(valid, usageSha256[0]);
            }
        }
        if (earlier.contentSha256.equals(content)) {
            return new Submission(earlier, true);
        }
        Period p = Period.findById(earlier.periodId);
        throw DomainException.invalid("Idempotency-Key", "the key \"" + key + "\" was already used for filing " + earlier.id
                + " (model " + earlier.model + ", submission " + earlier.seq + " in period " + p.label
                + ") with different content; send exactly that content to get its answer again, or use a new key for a new filing");
    }

    private static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                sha.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A filing the caller may see (its builder organisation's, or any in a CMO they administer), else 404. */
    @Transactional
    public Loaded get(String periodLabel, long id) {
        Period p = period(periodLabel);
        Filing f = Filing.findById(id);
        if (f == null || !f.periodId.equals(p.id) || !visible(f)) {
            throw DomainException.notFound("Filing " + id);
        }
        return load(f, p);
    }

    /**
     * The page {@code requested} ({@code size} filings) of the period's filings the caller may see, superseded ones
     * included, newest first: every one for the CMO's administrators, those of the caller's own organisations for a
     * builder; those whose model or builder organisation (slug or name) holds {@code query} (any case). Counted and read
     * a page at a time in the database. A period that does not exist is 404.
     */
    @Transactional
    public Paging.Page<Loaded> inPeriod(String periodLabel, String query, int requested, int size) {
        Period p = period(periodLabel);
        String where = "periodId = :period";
        Parameters params = Parameters.with("period", p.id);
        if (!user.affiliations().administers(tenant.tenantId())) {
            Set<Long> builders = user.affiliations().builderIds();
            if (builders.isEmpty()) {
                return new Paging.Page<>(List.of(), Paging.of(1, size, 0));
            }
            where += " and builderId in :builders";
            params = params.and("builders", builders);
        }
        String q = Paging.contains(query);
        if (q != null) {
            where += " and (locate(:q, lower(model)) > 0 or builderId in (select b.id from BuilderOrg b"
                    + " where locate(:q, lower(b.slug)) > 0 or locate(:q, lower(b.name)) > 0))";
            params = params.and("q", q);
        }
        Paging paging = Paging.of(requested, size, Filing.count(where, params));
        List<Filing> list = Filing.<Filing>find(where + " order by id desc", params)
                .range((int) paging.offset(), (int) paging.offset() + size - 1).list();
        return new Paging.Page<>(loaded(list, p), paging);
    }

    /** The filings with their categories and organisations, read with one query per kind of row. */
    private List<Loaded> loaded(List<Filing> list, Period p) {
        if (list.isEmpty()) {
            return List.of();
        }
        // one query per kind of row, whatever the number of filings
        Map<Long, BuilderOrg> orgs = BuilderOrg.<BuilderOrg>list("id in ?1", list.stream().map(f -> f.builderId).collect(Collectors.toSet()))
                .stream().collect(Collectors.toMap(o -> o.id, o -> o));
        Map<Long, List<CategoryRow>> categories = new HashMap<>();
        sql.sql("""
                SELECT filing_id, category_key, weight, amount, administered, fee, net, units FROM filing_category
                WHERE tenant_id = :tenant AND filing_id = ANY(:filings) ORDER BY filing_id, administered DESC, category_key""")
                .bind("filings", list.stream().map(f -> f.id).toArray(Long[]::new))
                .stream(r -> categories.computeIfAbsent(r.getLong(1), id -> new ArrayList<>()).add(new CategoryRow(r.getString(2),
                        rate(r.getBigDecimal(3)), r.getLong(4), r.getBoolean(5), r.getObject(6, Long.class),
                        r.getObject(7, Long.class), r.getObject(8, Long.class))));
        FilingTerms terms = terms();
        return list.stream().map(f -> new Loaded(f, p.label, p.state, orgs.get(f.builderId).slug, orgs.get(f.builderId).name,
                categories.getOrDefault(f.id, List.of()), terms)).toList();
    }

    /** Every submission of the same builder, model and period, newest first. */
    @Transactional
    public List<Filing> history(Filing f) {
        if (!visible(f)) {
            throw DomainException.notFound("Filing " + f.id);
        }
        return Filing.list("periodId = ?1 and builderId = ?2 and model = ?3 order by seq desc", f.periodId, f.builderId, f.model);
    }

    /** The caller's organisations' filings in the current CMO, per period label, newest first. */
    @Transactional
    public Map<String, List<Filing>> mine() {
        Set<Long> builders = user.affiliations().builderIds();
        if (builders.isEmpty()) {
            return Map.of();
        }
        Map<Long, String> labels = Period.<Period>listAll().stream().collect(Collectors.toMap(p -> p.id, p -> p.label));
        Map<String, List<Filing>> byPeriod = new LinkedHashMap<>();
        for (Filing f : Filing.<Filing>list("builderId in ?1 order by periodId desc, model, seq desc", builders)) {
            byPeriod.computeIfAbsent(labels.get(f.periodId), l -> new ArrayList<>()).add(f);
        }
        return byPeriod;
    }

    /** One of the person's organisations' filings with the current tenant, with its period's label. */
    public record MineRow(String period, Filing filing) {
    }

    /** A page of the person's organisations' filings with the current tenant. */
    public record MineFound(List<MineRow> rows, Paging paging) {
    }

    /**
     * The page {@code requested} of the filings of the person's organisations with the current tenant, the latest
     * period first, those whose model or period contains {@code query}; superseded submissions stay listed.
     */
    @Transactional
    public MineFound mine(String query, int requested) {
        return mine(query, requested, Paging.SIZE);
    }

    /** As {@link #mine(String, int)}, {@code size} filings a page: a home's latest few are read as such. */
    @Transactional
    public MineFound mine(String query, int requested, int size) {
        Set<Long> builders = user.affiliations().builderIds();
        if (builders.isEmpty()) {
            return new MineFound(List.of(), Paging.of(1, size, 0));
        }
        String like = Paging.contains(query);
        String from = " FROM Filing f, Period p WHERE p.id = f.periodId AND f.builderId IN :builders"
                + (like == null ? "" : " AND (locate(:like, lower(f.model)) > 0 OR locate(:like, lower(p.label)) > 0)");
        var count = Filing.getEntityManager().createQuery("SELECT count(f)" + from, Long.class).setParameter("builders", builders);
        var rows = Filing.getEntityManager().createQuery("SELECT p.label, f" + from + " ORDER BY f.periodId DESC, f.model, f.seq DESC",
                jakarta.persistence.Tuple.class).setParameter("builders", builders);
        if (like != null) {
            count.setParameter("like", like);
            rows.setParameter("like", like);
        }
        Paging paging = Paging.of(requested, size, count.getSingleResult());
        return new MineFound(rows.setFirstResult((int) paging.offset()).setMaxResults(paging.size()).getResultList().stream()
                .map(t -> new MineRow(t.get(0, String.class), t.get(1, Filing.class))).toList(), paging);
    }

    /**
     * Facts about a stored filing from the builder's own figures and usage (a flagged share, no profit, a category
     * without usage). Not whether its refs match members: that is the CMO's to know, and telling the builder would let
     * it probe any name; administrators see unmatched refs as suspense in the run.
     */
    public List<Problem> notes(Loaded loaded) {
        List<Problem> notes = new ArrayList<>();
        Filing f = loaded.filing();
        if (f.shareFlagged) {
            notes.add(new Problem("dataValueShare", "the share " + Formats.percent(rate(f.dataValueShare)) + " is outside "
                    + loaded.terms().tenantName() + "'s band " + Formats.percent(loaded.terms().terms().shareBand().min()) + " to "
                    + Formats.percent(loaded.terms().terms().shareBand().max()) + ": the filing is kept and flagged; an administrator must accept it with a justification, or reject it"));
        }
        if (f.operatingProfit <= 0) {
            notes.add(new Problem("operatingProfit", "the model made no operating profit, so the pool is 0; a loss is not carried into later periods"));
        }
        for (CategoryRow c : loaded.categories()) {
            if (c.administered() && (c.units() == null || c.units() == 0)) {
                notes.add(new Problem("usage.csv", "no usage for category " + c.category() + ": its net amount will be held in suspense"));
            }
        }
        return notes;
    }

    private Loaded load(Filing f, Period p) {
        BuilderOrg b = BuilderOrg.findById(f.builderId);
        List<CategoryRow> categories = sql.sql("""
                SELECT category_key, weight, amount, administered, fee, net, units FROM filing_category
                WHERE tenant_id = :tenant AND filing_id = :filing ORDER BY administered DESC, category_key""").bind("filing", f.id)
                .list(r -> new CategoryRow(r.getString(1), rate(r.getBigDecimal(2)), r.getLong(3), r.getBoolean(4),
                        r.getObject(5, Long.class), r.getObject(6, Long.class), r.getObject(7, Long.class)));
        return new Loaded(f, p.label, p.state, b.slug, b.name, categories, terms());
    }

    private boolean visible(Filing f) {
        return user.affiliations().administers(tenant.tenantId()) || user.affiliations().builderIds().contains(f.builderId);
    }

    /** The caller's organisations licensed with the current CMO, by slug: those a filing here may be for. */
    @Transactional
    public List<Filer> filers() {
        return licensedOrganisations().stream().map(o -> new Filer(o.slug, o.name)).toList();
    }

    private List<BuilderOrg> licensedOrganisations() {
        Set<Long> mine = user.affiliations().builderIds();
        if (mine.isEmpty()) {
            return List.of();
        }
        return BuilderOrg.<BuilderOrg>list("id in ?1 and id in (select l.builderId from Licence l where l.tenantId = ?2) order by slug",
                mine, tenant.tenantId());
    }

    /**
     * The organisation a filing is for (never a field of the filing): the one named, which must be the caller's
     * (else 404, as for any other organisation), or the caller's only one licensed here. With several and none
     * named, a problem at {@code builder} lists them, and the answer is null.
     */
    private Long filer(String slug, List<Problem> problems) {
        List<BuilderOrg> licensed = licensedOrganisations();
        if (slug != null && !slug.isBlank()) {
            BuilderOrg named = BuilderOrg.findBySlug(slug.strip());
            if (named == null || !user.affiliations().builderIds().contains(named.id)) {
                throw DomainException.notFound("Builder organisation '" + slug.strip() + "'");
            }
            if (licensed.stream().noneMatch(o -> o.id.equals(named.id))) {
                problems.add(new Problem("builder", named.name + " is not licensed with " + tenantName()
                        + "; file for " + listed(licensed) + ", or ask " + tenantName() + " for a licence"));
                return null;
            }
            return named.id;
        }
        if (licensed.isEmpty()) {
            throw DomainException.notFound("Tenant '" + tenant.tenantId() + "'");
        }
        if (licensed.size() > 1) {
            problems.add(new Problem("builder", "you file for several organisations licensed with " + tenantName()
                    + "; say which one this filing is for (builder=<slug>): " + listed(licensed)));
            return null;
        }
        return licensed.get(0).id;
    }

    private static String listed(List<BuilderOrg> orgs) {
        return orgs.stream().map(o -> o.slug + " (" + o.name + ")").collect(Collectors.joining(", "));
    }

    private String tenantName() {
        return Tenant.<Tenant>findById(tenant.tenantId()).name;
    }

    private static Period period(String label) {
        Period p = label == null ? null : Period.findByLabel(label);
        if (p == null) {
            throw DomainException.notFound("Period '" + label + "'");
        }
        return p;
    }

    private static void requireOpen(Period p) {
        requireOpen(p.label, p.state);
    }

    private static void requireOpen(String label, Period.State state) {
        if (state != Period.State.OPEN) {
            throw DomainException.conflict("period-not-open", "Period " + label + " is " + state
                    + ": it takes no filings any more. Filings are taken while a period is OPEN.");
        }
    }

    private void lock(String name) {
        sql.sql("SELECT pg_advisory_xact_lock(hashtext(:name))").bind("name", name).execute();
    }

    private static Rate rate(java.math.BigDecimal value) {
        return Rate.ofMillionths(value.movePointRight(6).longValueExact());
    }
}
