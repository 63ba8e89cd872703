package org.cmoportal.statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cmoportal.testsupport.DevTokens.as;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import jakarta.inject.Inject;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.cmoportal.account.AccountSummary;
import org.cmoportal.account.Adjustments;
import org.cmoportal.money.Amounts;
import org.cmoportal.tenancy.TenantScope;
import org.cmoportal.testsupport.OwnerSql;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The account beside a statement (docs/statements.md): each entry counts on exactly one statement, so one
 * statement's closing balance is the next one's opening balance, and the latest closing balance is the account's
 * balance less the adjustments still waiting for their period. Entries are written around the fixture's two
 * distributions at random times (seeded), then every statement is held to a plain reading of the rule.
 */
@QuarkusTest
class StatementAccountTest {

    @Inject
    StatementFixture fixture;

    @Inject
    AccountSummary summaries;

    @Inject
    TenantScope scope;

    @Inject
    Adjustments adjustments;

    StatementFixture.Result world;
    Map<String, Instant> distributedAt;
    Map<String, Long> periodIds;

    /** An entry as the test wrote it, with the period it names (or none). */
    record Written(long id, String kind, long amount, String period, Instant at) {
    }

    @BeforeEach
    void setUp() {
        world = fixture.standard("nadia", "stmt-builder");
        distributedAt = new LinkedHashMap<>();
        periodIds = new LinkedHashMap<>();
        for (String label : List.of("2026-Q2", "2026-Q3", "2026-Q4")) {
            periodIds.put(label, OwnerSql.number("SELECT id FROM period WHERE tenant_id = ? AND label = ?", world.tenant(), label));
        }
        for (String label : List.of("2026-Q2", "2026-Q3")) {
            distributedAt.put(label, Instant.EPOCH.plus(OwnerSql.number(
                    "SELECT (extract(epoch FROM distributed_at) * 1000000)::bigint FROM period WHERE tenant_id = ? AND label = ?",
                    world.tenant(), label), ChronoUnit.MICROS));
        }
    }

    @Test
    void everyEntryCountsOnOneStatementAndClosingBalancesChainUp() {
        for (String ref : List.of("alice", "bob", "=evil")) {
            List<Written> written = scatter(ref, new Random(ref.hashCode()));
            List<String> periods = world.periods().keySet().stream()
                    .filter(p -> world.period(p).statementIds().containsKey(ref)).toList();
            Long previousClosing = null;
            Set<Long> listed = new HashSet<>();
            for (String label : periods) {
                StatementFixture.PeriodResult p = world.period(label);
                long total = p.distribution().statement(ref).total();
                AccountSummary.View v = scope.call(world.tenant(), () -> summaries.forStatement(p.periodId(), ref, total, null).account());
                String next = label.equals("2026-Q2") ? "2026-Q3" : null;
                Instant start = distributedAt.get(label);
                Instant end = next == null ? null : distributedAt.get(next);

                // the rule, read plainly: EARNED and ADJUSTED count at their period's distribution, the rest when posted
                long opening = earnedBefore(ref, start);
                for (Written w : written) {
                    Instant eff = effective(w);
                    if (eff != null && eff.isBefore(start)) {
                        opening += w.amount();
                    }
                }
                assertThat(v.opening()).as("%s %s opening", ref, label).isEqualTo(opening);
                if (previousClosing != null) {
                    assertThat(v.opening()).as("%s %s opens where the previous statement closed", ref, label).isEqualTo(previousClosing);
                }
                assertThat(v.earned()).isEqualTo(total);
                List<Long> adjustments = written.stream().filter(w -> w.kind().equals("ADJUSTED") && label.equals(w.period()))
                        .map(Written::id).toList();
                assertThat(v.adjustments()).extracting(AccountSummary.Movement::id).containsExactlyInAnyOrderElementsOf(adjustments);
                List<Long> moved = written.stream().filter(w -> !w.kind().equals("ADJUSTED") && !w.at().isBefore(start)
                        && (end == null || w.at().isBefore(end))).map(Written::id).toList();
                assertThat(v.movements()).extracting(AccountSummary.Movement::id).containsExactlyInAnyOrderElementsOf(moved);
                assertThat(v.paid()).isEqualTo(-written.stream().filter(w -> moved.contains(w.id()) && w.kind().equals("PAID"))
                        .mapToLong(Written::amount).sum());
                assertThat(v.closing()).isEqualTo(v.opening() + v.earned() + v.adjusted()
                        + v.movements().stream().mapToLong(AccountSummary.Movement::amount).sum());
                assertThat(v.nextPeriod()).isEqualTo(next);
                v.adjustments().forEach(m -> assertThat(listed.add(m.id())).as("listed once: %s", m).isTrue());
                v.movements().forEach(m -> assertThat(listed.add(m.id())).as("listed once: %s", m).isTrue());
                previousClosing = v.closing();
            }
            // the last closing balance is the account's, less what waits for the open period's statement
            long pending = written.stream().filter(w -> "2026-Q4".equals(w.period())).mapToLong(Written::amount).sum();
            long balance = OwnerSql.number("SELECT sum(amount) FROM account_entry WHERE tenant_id = ? AND member_ref = ?", world.tenant(), ref);
            assertThat(previousClosing).as("%s closes at the balance less pending adjustments", ref).isEqualTo(balance - pending);
        }
    }

    @Test
    void theStatementPageAndPdfShowTheAccount() throws Exception {
        Instant q2 = distributedAt.get("2026-Q2");
        Instant q3 = distributedAt.get("2026-Q3");
        long span = ChronoUnit.MICROS.between(q2, q3);
        long paid = write("alice", "PAID", -1_000_00, null, q2.plus(span / 3, ChronoUnit.MICROS), "Payment run 1");
        long returned = write("alice", "RETURNED", 250_00, null, q2.plus(span / 2, ChronoUnit.MICROS), "Returned by the bank: closed account");
        write("alice", "ADJUSTED", -12_34, "2026-Q3", q3.minusSeconds(5), "Restated filing 17");
        StatementFixture.PeriodResult p2 = world.period("2026-Q2");
        StatementFixture.PeriodResult p3 = world.period("2026-Q3");
        long earned2 = p2.distribution().statement("alice").total();
        long earned3 = p3.distribution().statement("alice").total();

        Document page = Jsoup.parse(as("alice").get("/t/" + world.tenant() + "/statements/" + p2.statementIds().get("alice"))
                .then().statusCode(200).extract().asString());
        assertThat(page.select("section.account-summary .opening dd").text()).isEqualTo(m(0));
        assertThat(page.select("section.account-summary .earned dd").text()).isEqualTo(m(earned2));
        assertThat(page.select("section.account-summary .paid dd").text()).isEqualTo(m(-1_000_00));
        assertThat(page.select("section.account-summary .paid dt").text()).contains("Payment run 1");
        assertThat(page.select("section.account-summary .movement").text()).contains("Returned by the bank", m(250_00));
        long closing2 = earned2 - 1_000_00 + 250_00;
        assertThat(page.select("section.account-summary .closing dd").text()).isEqualTo(m(closing2) + " USD");
        assertThat(page.select("section.account-summary .closing dt").text()).contains("before 2026-Q3 was distributed");
        assertThat(page.select("section.account-summary a").attr("href")).isEqualTo("/t/" + world.tenant() + "/accounts/alice");

        Document next = Jsoup.parse(as("nadia").get("/t/" + world.tenant() + "/admin/statements/" + p3.statementIds().get("alice"))
                .then().statusCode(200).extract().asString());
        assertThat(next.select("section.account-summary .opening dd").text()).isEqualTo(m(closing2));
        assertThat(next.select("section.account-summary .adjustment").text()).contains("Restated filing 17", m(-12_34));
        assertThat(next.select("section.account-summary .closing dd").text()).isEqualTo(m(closing2 + earned3 - 12_34) + " USD");
        assertThat(next.select("section.account-summary .closing dt").text()).contains("today");
        assertThat(next.select("section.account-summary a").attr("href")).isEqualTo("/t/" + world.tenant() + "/admin/accounts/alice");
        // the statement's own published figures are untouched by what the account did since
        assertThat(next.select("dl.topdown .total dd").text()).startsWith(m(earned3));

        byte[] pdf = as("alice").get("/t/" + world.tenant() + "/statements/" + p2.statementIds().get("alice") + "/pdf")
                .then().statusCode(200).extract().asByteArray();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains("Opening balance", "Payment run 1", "Closing balance", m(closing2)).doesNotContain("Paid to you");
        }
        assertThat(paid).isNotEqualTo(returned);
    }

    /**
     * The adjustments a statement lists are read with its account, in one statement: the same rows, in the same order,
     * as {@link Adjustments#landingIn} reads alone, and only the member's and the period's.
     */
    @Test
    void theAdjustmentsReadWithTheAccountAreThoseLandingInThePeriod() {
        StatementFixture.PeriodResult p3 = world.period("2026-Q3");
        long q3 = p3.periodId();
        long q2 = world.period("2026-Q2").periodId();
        long first = scope.call(world.tenant(), () -> adjustments.post(
                new Adjustments.Correction("alice", "Filing 17 of acme, 2026-Q2", 50_00, 37_66, "Restated filing 17"), q3, "restatement", 17));
        scope.call(world.tenant(), () -> adjustments.post(
                new Adjustments.Correction("bob", "Filing 17 of acme, 2026-Q2", 10_00, 11_00, "Restated filing 17"), q3, "restatement", 17));
        scope.call(world.tenant(), () -> adjustments.post(
                new Adjustments.Correction("alice", "Line 9 of 2026-Q2", 1_00, 2_00, "Dispute 4 resolved"), q2, "dispute", 4));
        long second = scope.call(world.tenant(), () -> adjustments.post(
                new Adjustments.Correction("alice", "Line 12 of 2026-Q2", 3_00, 7_00, "Dispute 5 resolved"), q3, "dispute", 5));

        long total = p3.distribution().statement("alice").total();
        AccountSummary.Beside beside = scope.call(world.tenant(), () -> summaries.forStatement(q3, "alice", total, null));
        List<Adjustments.Shown> alone = scope.call(world.tenant(), () -> adjustments.landingIn(q3, "alice"));
        assertThat(beside.adjustments()).isEqualTo(alone).hasSize(2);
        assertThat(beside.adjustments().get(0)).isEqualTo(new Adjustments.Shown(
                OwnerSql.number("SELECT id FROM adjustment WHERE account_entry_id = ?", first), "Filing 17 of acme, 2026-Q2",
                50_00, 37_66, -12_34, "Restated filing 17", "restatement"));
        assertThat(beside.adjustments().get(1).cause()).isEqualTo("dispute");
        assertThat(beside.adjustments().get(1).amount()).isEqualTo(4_00);
        // the same corrections as ledger entries, on the account beside it
        assertThat(beside.account().adjustments()).extracting(AccountSummary.Movement::id).containsExactly(first, second);
    }

    @Test
    void theStatementSaysWhyARunInItsWindowCarriedTheBalance() throws Exception {
        Instant q2 = distributedAt.get("2026-Q2");
        Instant q3 = distributedAt.get("2026-Q3");
        Instant between = q2.plus(ChronoUnit.MICROS.between(q2, q3) / 2, ChronoUnit.MICROS);
        // run one, between the two distributions: alice carried for want of a bank account, bob paid
        long one = run(between, 25_00, Map.of("alice", "NO_BANK_ACCOUNT", "bob", ""));
        // run two, after the latest distribution: alice below the minimum of 25.00
        long two = run(q3.plusSeconds(1), 25_00, Map.of("alice", "BELOW_MINIMUM"));
        StatementFixture.PeriodResult p2 = world.period("2026-Q2");
        StatementFixture.PeriodResult p3 = world.period("2026-Q3");
        java.time.LocalDate runDay = java.time.LocalDate.ofInstant(between, java.time.ZoneOffset.UTC);
        // the day in the reader's language (Accept-Language), the ISO day in <time datetime>
        String day = org.cmoportal.web.Formats.date(runDay, java.util.Locale.UK);
        String germanDay = org.cmoportal.web.Formats.date(runDay, java.util.Locale.GERMAN);
        assertThat(germanDay).isNotEqualTo(day);

        Document q2Page = Jsoup.parse(as("alice").header("Accept-Language", "en-GB")
                .get("/t/" + world.tenant() + "/statements/" + p2.statementIds().get("alice"))
                .then().statusCode(200).extract().asString());
        assertThat(q2Page.select("section.account-summary p.carried").eachText()).singleElement().asString()
                .startsWith("Carried forward in payment run " + one + " of " + day + ": no bank account on file — add one.")
                .contains("The 12.34 USD it carried");
        assertThat(q2Page.select("section.account-summary p.carried time").attr("datetime")).isEqualTo(runDay.toString());
        Document q2German = Jsoup.parse(as("alice").header("Accept-Language", "de")
                .get("/t/" + world.tenant() + "/statements/" + p2.statementIds().get("alice"))
                .then().statusCode(200).extract().asString());
        assertThat(q2German.select("section.account-summary p.carried").text())
                .startsWith("Carried forward in payment run " + one + " of " + germanDay + ":");
        java.time.LocalDate q2Day = java.time.LocalDate.ofInstant(q2, java.time.ZoneOffset.UTC);
        assertThat(q2German.select("section.account-summary time[datetime=" + q2Day + "]").eachText())
                .as("the distribution that opens the statement's window, in German").contains(
                        org.cmoportal.web.Formats.date(q2Day, java.util.Locale.GERMAN));
        assertThat(q2Page.select("section.account-summary p.carried a").attr("href"))
                .isEqualTo(org.cmoportal.web.Routes.memberPayee(world.tenant(), "alice"));

        Document q3Page = Jsoup.parse(as("alice").get("/t/" + world.tenant() + "/statements/" + p3.statementIds().get("alice"))
                .then().statusCode(200).extract().asString());
        assertThat(q3Page.select("section.account-summary p.carried").eachText()).singleElement().asString()
                .startsWith("Carried forward in payment run " + two + " of ").contains("below the minimum payout of 25.00 USD");

        Document admin = Jsoup.parse(as("nadia").get("/t/" + world.tenant() + "/admin/statements/" + p2.statementIds().get("alice"))
                .then().statusCode(200).extract().asString());
        assertThat(admin.select("section.account-summary p.carried a").attr("href"))
                .isEqualTo(org.cmoportal.web.Routes.adminPayee(world.tenant(), "alice"));

        // bob was paid by run one and is in neither run's carried list: his statements say nothing of alice's
        for (StatementFixture.PeriodResult p : List.of(p2, p3)) {
            Document bob = Jsoup.parse(as("bob").get("/t/" + world.tenant() + "/statements/" + p.statementIds().get("bob"))
                    .then().statusCode(200).extract().asString());
            assertThat(bob.select("section.account-summary p.carried")).isEmpty();
            assertThat(bob.text()).doesNotContain("Carried forward");
        }

        // the PDF writes the day in the language of the request that downloads it
        byte[] pdf = as("alice").header("Accept-Language", "en-GB")
                .get("/t/" + world.tenant() + "/statements/" + p2.statementIds().get("alice") + "/pdf")
                .then().statusCode(200).extract().asByteArray();
        String britishDay = org.cmoportal.web.Formats.date(java.time.LocalDate.ofInstant(between, java.time.ZoneOffset.UTC),
                java.util.Locale.UK);
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(new PDFTextStripper().getText(doc).replaceAll("\\s+", " "))
                    .contains("Carried forward in payment run " + one + " of " + britishDay + ": no bank account on file");
        }
    }

    /**
     * An approved run as the schema owner writes it, approved at {@code at}: each ref carried for the reason given, or
     * paid (an empty reason). Its balances are 12.34 each; the run's own totals are not what is shown here.
     */
    private long run(Instant at, long minimum, Map<String, String> members) {
        long id = OwnerSql.number("""
                INSERT INTO payment_run (tenant_id, state, currency, minimum_payout, total, payments, covered, carried,
                                         carried_total, proposed_by, proposed_at, decided_by, decided_at)
                VALUES (?, 'APPROVED', 'USD', ?, 0, 0, 0, 0, 0, 'nadia', ?, 'noah', ?) RETURNING id""",
                world.tenant(), minimum, Timestamp.from(at.minusSeconds(1)), Timestamp.from(at));
        members.forEach((ref, why) -> OwnerSql.execute("""
                INSERT INTO payment_run_member (tenant_id, run_id, member_ref, balance, payee_ref, why) VALUES (?, ?, ?, 1234, ?, ?)""",
                world.tenant(), id, ref, ref, why.isEmpty() ? null : why));
        return id;
    }

    /** Entries at random times around the two distributions, of every kind a statement lists. */
    private List<Written> scatter(String ref, Random random) {
        Instant q2 = distributedAt.get("2026-Q2");
        Instant q3 = distributedAt.get("2026-Q3");
        long span = ChronoUnit.MICROS.between(q2, q3);
        List<Written> written = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            // before Q2, between the two, after Q3: offsets in microseconds around the two distribution moments
            Instant at = switch (random.nextInt(3)) {
                case 0 -> q2.minus(1 + random.nextInt(100_000), ChronoUnit.MICROS);
                case 1 -> q2.plus(1 + random.nextLong(span - 1), ChronoUnit.MICROS);
                default -> q3.plus(1 + random.nextInt(100_000), ChronoUnit.MICROS);
            };
            long amount = 1 + random.nextInt(50_000);
            switch (random.nextInt(5)) {
                case 0 -> written.add(entry(ref, "PAID", -amount, null, at, "Payment " + i));
                case 1 -> written.add(entry(ref, "RETURNED", amount, null, at, "Return " + i));
                case 2 -> written.add(entry(ref, "RELEASED", amount, "2026-Q2", at, "Claim " + i));
                case 3 -> {
                    String lands = List.of("2026-Q2", "2026-Q3", "2026-Q4").get(random.nextInt(3));
                    written.add(entry(ref, "ADJUSTED", random.nextBoolean() ? amount : -amount, lands, at, "Adjustment " + i));
                }
                default -> written.add(entry(ref, "ADJUSTED", amount, "2026-Q4", at, "Waiting " + i));
            }
        }
        return written;
    }

    private Written entry(String ref, String kind, long amount, String period, Instant at, String reason) {
        return new Written(write(ref, kind, amount, period, at, reason), kind, amount, period, at);
    }

    private long write(String ref, String kind, long amount, String period, Instant at, String reason) {
        String cause = switch (kind) {
            case "PAID" -> "payment_run";
            case "RETURNED" -> "payment_return";
            case "RELEASED" -> "claim";
            default -> "restatement";
        };
        return OwnerSql.number("""
                INSERT INTO account_entry (tenant_id, member_ref, kind, amount, period_id, cause, cause_id, reason, at, period_key)
                VALUES (?, ?, ?, ?, ?, ?, nextval('account_entry_id_seq'), ?, ?, ?) RETURNING id""",
                world.tenant(), ref, kind, amount, period == null ? null : periodIds.get(period), cause, reason, Timestamp.from(at),
                period != null && (kind.equals("EARNED") || kind.equals("ADJUSTED")) ? periodIds.get(period) : 0L);
    }

    /** When an entry counts: ADJUSTED at the distribution of the period it lands in (never while that is open). */
    private Instant effective(Written w) {
        return w.kind().equals("ADJUSTED") ? distributedAt.get(w.period()) : w.at();
    }

    /** The EARNED entries the fixture's distributions posted before {@code start}. */
    private long earnedBefore(String ref, Instant start) {
        long sum = 0;
        for (String label : distributedAt.keySet()) {
            if (distributedAt.get(label).isBefore(start) && world.period(label).statementIds().containsKey(ref)) {
                sum += world.period(label).distribution().statement(ref).total();
            }
        }
        return sum;
    }

    static String m(long minor) {
        return Amounts.formatGrouped(minor, StatementFixture.USD);
    }
}
