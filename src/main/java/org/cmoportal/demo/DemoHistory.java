package org.cmoportal.demo;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.cmoportal.dispute.Disputes;
import org.cmoportal.filing.FilingDocument;
import org.cmoportal.filing.FilingService;
import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.organisation.BuilderOrgService;
import org.cmoportal.organisation.LicenceService;
import org.cmoportal.payment.BankAccounts;
import org.cmoportal.payment.PaymentRuns;
import org.cmoportal.period.FilingReview;
import org.cmoportal.period.PeriodService;
import org.cmoportal.period.PeriodWorkflow;
import org.cmoportal.restatement.Restatements;
import org.cmoportal.stake.BallotCloser;
import org.cmoportal.stake.Ballots;
import org.cmoportal.stake.StakeGrants;
import org.cmoportal.suspense.Claims;
import org.cmoportal.tenancy.TenantSql;
import org.cmoportal.verification.AttestationRequest;
import org.cmoportal.verification.TrustSettings;
import org.cmoportal.verification.VerificationService;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The demo's history (with {@code cmo.demo-history=true}, the dev profile only): what a year of real use leaves behind,
 * done step by step through the services as the people of the README would do it in the pages, each step as that
 * person ({@link DemoUsers}). Three quarters distributed in each CMO (2025-Q4, 2026-Q1, 2026-Q2), then 2026-Q3 open
 * with filings waiting; a second builder organisation, Lumen Labs (lena), licensed by the news guild; attested
 * (by eva of Example Evals) and unattested filings; a restatement; unmatched refs held in suspense and claims of them;
 * a dispute; a payment run with a returned payment; a stake grant, a closed and an open ballot; members with and
 * without bank accounts. Four-eyes steps are taken by two administrators: nadia then noah, cora then colin.
 *
 * <p>Nothing is dated in the past: every step happens when the demo is loaded, so dispute windows, ballots and
 * deadlines hold relative to the day the demo starts.
 */
@ApplicationScoped
public class DemoHistory {

    /** The distributed quarters, oldest first, and the open one the README names. */
    public static final List<String> DISTRIBUTED = List.of("2025-Q4", "2026-Q1", "2026-Q2");
    public static final String OPEN = "2026-Q3";

    public static final String NEWS_MODEL = "acme-news-7b";
    public static final String CODE_MODEL = "acme-code-13b";
    public static final String LUMEN_MODEL = "lumen-1";
    public static final String EVALUATOR = "example-evals";

    /** A ref in the news guild's usage that names no member: held in suspense, and claimed by bob. */
    public static final String BOB_OLD_REF = "b.okafor-1998";
    /** A ref in the codebooks' usage that names no member: held in suspense, and claimed by erin. */
    public static final String ERIN_PEN_NAME = "e.walsh-novels";

    /** The open ballot closes this long after the demo is loaded; the other closes seconds after it opens. */
    static final long OPEN_BALLOT_DAYS = 30;

    private static final String NEWSGUILD = "newsguild";
    private static final String CODEBOOKS = "codebooks";
    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @Inject
    DemoUsers as;

    @Inject
    BuilderOrgService organisations;

    @Inject
    LicenceService licences;

    @Inject
    TrustSettings trust;

    @Inject
    PeriodService periods;

    @Inject
    PeriodWorkflow workflow;

    @Inject
    FilingReview review;

    @Inject
    FilingService filings;

    @Inject
    VerificationService verification;

    @Inject
    Restatements restatements;

    @Inject
    BankAccounts bankAccounts;

    @Inject
    PaymentRuns paymentRuns;

    @Inject
    Claims claims;

    @Inject
    Disputes disputes;

    @Inject
    StakeGrants grants;

    @Inject
    Ballots ballots;

    @Inject
    BallotCloser closer;

    @Inject
    TenantSql sql;

    /** One usage line of a filing. */
    record Usage(String category, String ref, long units) {
    }

    /** Loads the history onto the demo's CMOs, people and builder, with no period opened yet. */
    public void load() {
        as.run("olivia", null, () -> organisations.create("lumen-labs", "Lumen Labs", "lena"));
        // each CMO trusts the evaluator and puts its own bank account on file, the debtor of its payment runs' bank files
        as.run("nadia", NEWSGUILD, () -> {
            licences.grant("lumen-labs");
            trust.trust(EVALUATOR);
            bankAccounts.setDebtor(new BankAccounts.Entry("Press & News Guild", "FR1420041010050500013M02606", "BNPAFRPPXXX"));
        });
        as.run("cora", CODEBOOKS, () -> {
            trust.trust(EVALUATOR);
            bankAccounts.setDebtor(new BankAccounts.Entry("Code & Books Collective", "BE68539007547034", "GKCCBEBB"));
        });
        as.run("alice", NEWSGUILD, () -> bankAccounts.set("alice",
                new BankAccounts.Entry("Alice Martin", "DE89370400440532013000", "COBADEFFXXX")));
        as.run("carol", NEWSGUILD, () -> bankAccounts.set("carol",
                new BankAccounts.Entry("Carol Nguyen", "NL91ABNA0417164300", "ABNANL2A")));
        as.run("dave", CODEBOOKS, () -> bankAccounts.set("dave",
                new BankAccounts.Entry("Dave Schmidt", "GB82WEST12345698765432", "WESTGB22")));

        long acmeNewsQ2 = 0;
        for (int q = 0; q < DISTRIBUTED.size(); q++) {
            String period = DISTRIBUTED.get(q);
            // the news guild: Acme (attested by eva) and Lumen Labs (unattested)
            as.run("nadia", NEWSGUILD, () -> periods.open(period));
            long acme = file("bruno", NEWSGUILD, period, news(NEWS_MODEL, q, true), newsUsage(q));
            attest(NEWSGUILD, acme, q);
            long lumen = file("lena", NEWSGUILD, period, news(LUMEN_MODEL, q, false), lumenUsage(q));
            distribute(NEWSGUILD, period, "nadia", "noah", List.of(acme, lumen));
            acmeNewsQ2 = acme;
            // the codebooks: Acme's code model, attested
            as.run("cora", CODEBOOKS, () -> periods.open(period));
            long code = file("bruno", CODEBOOKS, period, code(q), codeUsage(q));
            attest(CODEBOOKS, code, q);
            distribute(CODEBOOKS, period, "cora", "colin", List.of(code));
            if (q == 1) {
                payNewsGuild();
            }
        }

        // the ballot that closes is opened now, so that the rest of the story passes while it runs
        Instant closing = stakesAndBallots();

        // 2026-Q3, open: a filing waiting for eva, one for review, one attested in the codebooks
        as.run("nadia", NEWSGUILD, () -> periods.open(OPEN));
        as.run("cora", CODEBOOKS, () -> periods.open(OPEN));
        file("bruno", NEWSGUILD, OPEN, news(NEWS_MODEL, 3, true), newsUsage(3));
        file("lena", NEWSGUILD, OPEN, news(LUMEN_MODEL, 3, false), lumenUsage(3));
        long openCode = file("bruno", CODEBOOKS, OPEN, code(3), codeUsage(3));
        attest(CODEBOOKS, openCode, 3);

        restate(acmeNewsQ2);
        claimsAndDisputes();
        // proposals waiting for the second administrator: what noah and colin find first
        as.run("nadia", NEWSGUILD, () -> paymentRuns.propose());
        as.run("cora", CODEBOOKS, () -> paymentRuns.propose());
        closeBallot(closing);
    }

    // ---------------------------------------------------------------- filings

    /** A filing as a builder's system sends it, in major units, with the demo's growing revenue. */
    private static FilingDocument news(String model, int quarter, boolean attested) {
        boolean acme = model.equals(NEWS_MODEL);
        long revenue = (acme ? 1_200_000 : 400_000) + quarter * (acme ? 150_000L : 60_000L);
        Map<String, String> weights = new LinkedHashMap<>();
        weights.put("news", acme ? "0.40" : "0.55");
        weights.put("other", acme ? "0.60" : "0.45");
        return new FilingDocument(model, null, "USD", revenue + ".00", (revenue * 3 / 10) + ".00", "50000.00",
                acme ? "0.30" : "0.25", weights,
                attested ? new FilingDocument.Attestation(EVALUATOR, "report-" + model + "-q" + quarter, SHA) : null);
    }

    private static FilingDocument code(int quarter) {
        long revenue = 2_000_000 + quarter * 250_000L;
        Map<String, String> weights = new LinkedHashMap<>();
        weights.put("code", "0.45");
        weights.put("books", "0.20");
        weights.put("other", "0.35");
        return new FilingDocument(CODE_MODEL, null, "USD", revenue + ".00", (revenue / 4) + ".00", "120000.00", "0.35",
                weights, new FilingDocument.Attestation(EVALUATOR, "report-" + CODE_MODEL + "-q" + quarter, SHA));
    }

    private static List<Usage> newsUsage(int q) {
        List<Usage> usage = new ArrayList<>(List.of(new Usage("news", "alice", 4_000 + 500L * q),
                new Usage("news", "bob", 2_500 + 300L * q), new Usage("news", "carol", 1_500 + 700L * q),
                new Usage("news", BOB_OLD_REF, 900)));
        for (int wire = 1; wire <= 6; wire++) {
            usage.add(new Usage("news", "wire-" + (100 + wire), 120L * wire + 10L * q));
        }
        return usage;
    }

    private static List<Usage> lumenUsage(int q) {
        return List.of(new Usage("news", "alice", 1_000 + 100L * q), new Usage("news", "carol", 3_000),
                new Usage("news", "wire-101", 250), new Usage("news", "wire-207", 400 + 50L * q));
    }

    private static List<Usage> codeUsage(int q) {
        List<Usage> usage = new ArrayList<>(List.of(new Usage("code", "carol", 7_000 + 800L * q),
                new Usage("code", "dave", 12_000 + 400L * q), new Usage("books", "erin", 300 + 20L * q),
                new Usage("books", "carol", 150), new Usage("books", ERIN_PEN_NAME, 80),
                new Usage("code", "gh-anon-42", 2_200)));
        for (int repo = 1; repo <= 4; repo++) {
            usage.add(new Usage("code", "repo-" + (500 + repo), 300L * repo + 25L * q));
        }
        return usage;
    }

    /** Files through intake as {@code builder} and answers the filing's id. */
    private long file(String builder, String tenant, String period, FilingDocument doc, List<Usage> usage) {
        byte[] csv = csv(usage);
        return as.call(builder, tenant, () -> filings.submit(period, null, receiver -> {
            receiver.filing(doc, List.of());
            receiver.usage(new ByteArrayInputStream(csv));
        }, null).filing().id);
    }

    private static byte[] csv(List<Usage> usage) {
        StringBuilder csv = new StringBuilder("category,member_ref,units\n");
        usage.forEach(u -> csv.append(u.category()).append(',').append(u.ref()).append(',').append(u.units()).append('\n'));
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Eva attests the share and the mixture of a filing addressed to Example Evals. */
    private void attest(String tenant, long filingId, int quarter) {
        as.run("eva", tenant, () -> verification.attest(filingId, new AttestationRequest(true, true, false,
                "Scaling-law fit on held-out data; mixture weights checked against the training manifest.",
                "ee-" + tenant + "-" + filingId + "-q" + quarter, SHA, null)));
    }

    /** From OPEN to DISTRIBUTED: the first administrator closes, reviews and calculates; the second approves and distributes. */
    private void distribute(String tenant, String period, String first, String second, List<Long> accepted) {
        as.run(first, tenant, () -> {
            workflow.close(period);
            accepted.forEach(id -> review.accept(period, id, null));
            workflow.calculate(period);
        });
        as.run(second, tenant, () -> {
            workflow.approve(period, null);
            workflow.distribute(period);
        });
    }

    // ---------------------------------------------------------------- the rest of the story

    /** After 2026-Q1: nadia proposes, noah approves; the bank returns carol's payment (her account was closed). */
    private void payNewsGuild() {
        long run = as.call("nadia", NEWSGUILD, () -> paymentRuns.propose().id());
        as.run("noah", NEWSGUILD, () -> {
            paymentRuns.approve(run);
            long paid = QuarkusTransaction.requiringNew().call(() -> sql.sql("""
                    SELECT balance FROM payment_run_member
                     WHERE tenant_id = :tenant AND run_id = :run AND member_ref = 'carol' AND why IS NULL""")
                    .bind("run", run).single(r -> r.getLong(1)));
            paymentRuns.recordReturn(run, "carol", Amounts.format(paid, CurrencyUnit.of("USD")),
                    "Account closed: the bank returned the payment (AC04).");
        });
    }

    /** Acme corrects its 2026-Q2 news usage (carol's was undercounted); nadia and noah approve it into 2026-Q3. */
    private void restate(long filingId) {
        List<Usage> corrected = new ArrayList<>(newsUsage(2));
        corrected.replaceAll(u -> u.ref().equals("carol") ? new Usage("news", "carol", u.units() + 1_200) : u);
        byte[] csv = csv(corrected);
        FilingDocument doc = news(NEWS_MODEL, 2, true);
        long id = as.call("bruno", NEWSGUILD, () -> restatements.propose(DISTRIBUTED.get(2), filingId,
                () -> "Carol Nguyen's articles syndicated through a partner were counted under the partner; recounted.",
                receiver -> {
                    receiver.filing(doc, List.of());
                    receiver.usage(new ByteArrayInputStream(csv));
                }));
        as.run("nadia", NEWSGUILD, () -> restatements.approve(id));
        as.run("noah", NEWSGUILD, () -> restatements.approve(id));
    }

    /**
     * Acme grants the news guild's members 5% of its news model, held in trust once two administrators agree; nadia
     * opens two ballots on the model: one closes a few seconds later with alice's and carol's votes ({@link #closeBallot}),
     * one stays open with alice's vote. Answers when the first closes.
     */
    private Instant stakesAndBallots() {
        long grant = as.call("bruno", NEWSGUILD, () -> grants.propose(NEWS_MODEL, "0.05", "equity-grant-2026-01", SHA).id());
        as.run("nadia", NEWSGUILD, () -> grants.accept(grant));
        as.run("noah", NEWSGUILD, () -> grants.confirm(grant));
        Instant soon = Instant.now().plus(3, ChronoUnit.SECONDS).truncatedTo(ChronoUnit.SECONDS);
        Instant later = Instant.now().plus(OPEN_BALLOT_DAYS, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        long closing = as.call("nadia", NEWSGUILD, () -> ballots.open(NEWS_MODEL,
                "May acme-news-7b be offered for on-premise deployment?", soon.toString(), "0.2", "0.5").id());
        long open = as.call("nadia", NEWSGUILD, () -> ballots.open(NEWS_MODEL,
                "May acme-news-7b's next release be trained on our news category?", later.toString(), "0.2", "0.5").id());
        as.run("alice", NEWSGUILD, () -> ballots.vote(closing, "alice", "yes"));
        as.run("carol", NEWSGUILD, () -> ballots.vote(closing, "carol", "no"));
        as.run("alice", NEWSGUILD, () -> ballots.vote(open, "alice", "yes"));
        return soon;
    }

    /** The closer closes the ballot at its time, as it does in a running portal; the demo waits for that time. */
    private void closeBallot(Instant soon) {
        long wait = soon.toEpochMilli() - System.currentTimeMillis() + 50;
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the ballot to close", e);
            }
        }
        closer.closeDue(Instant.now());
    }

    /** Bob and erin claim refs held in suspense (open claims); bob disputes a line of his 2026-Q2 statement (open). */
    private void claimsAndDisputes() {
        as.run("bob", NEWSGUILD, () -> claims.claim(BOB_OLD_REF, "bob",
                "My articles from 1998 to 2004 were published under this byline; see the Guild's archive, volume 12."));
        as.run("erin", CODEBOOKS, () -> claims.claim(ERIN_PEN_NAME, "erin",
                "E. Walsh is my pen name for the novels; ISBN 978-0-00-000000-2 names me as the author."));
        as.run("bob", NEWSGUILD, () -> {
            long line = QuarkusTransaction.requiringNew().call(() -> sql.sql("""
                    SELECT l.id FROM statement_line l
                      JOIN statement s ON s.tenant_id = :tenant AND s.id = l.statement_id
                      JOIN period p ON p.tenant_id = :tenant AND p.id = s.period_id
                     WHERE l.tenant_id = :tenant AND s.member_ref = 'bob' AND p.label = :period AND l.model = :model""")
                    .bind("period", DISTRIBUTED.get(2)).bind("model", NEWS_MODEL).single(r -> r.getLong(1)));
            disputes.open(line, "My investigations series ran every week of the quarter, yet acme-news-7b's usage of my"
                    + " work is lower than in 2026-Q1; please check Acme's usage report.");
        });
    }
}
