package org.cmoportal.payment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.member.MemberAccess;
import org.cmoportal.account.Ledger;
import org.cmoportal.audit.AuditLog;
import org.cmoportal.distribution.PaymentRule;
import org.cmoportal.error.DomainException;
import org.cmoportal.error.PrintableText;
import org.cmoportal.error.Problem;
import org.cmoportal.money.AmountFormatException;
import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.tenancy.TenantSql;
import org.cmoportal.web.Paging;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.runtime.TransactionConfiguration;

/**
 * Payment runs (economics.md, "Payment runs"): one administrator proposes a run, which records every decision of
 * {@link PaymentRule} over the balances of the member accounts; another approves it, which writes one {@code PAID}
 * entry of the whole balance per member paid. A returned payment is credited back as a {@code RETURNED} entry.
 *
 * <p>A run pays what its proposal showed, or nothing: the approval refuses (409, "propose again") when a balance it
 * pays, a payee or a payee's bank account has changed since. Every step locks the tenant's row first, so proposals,
 * approvals, returns and a change of the minimum payout of one CMO happen one after the other, and the run's row, so
 * two approvals of one run pay once: the second finds it approved. The ledger's unique key (cause
 * {@code payment_run}, the run's id, member, kind) holds the same line in the database.
 */
@ApplicationScoped
public class PaymentRuns {

    private static final Logger LOG = Logger.getLogger(PaymentRuns.class);

    /** Long enough to decide and write a million balances on a small machine. */
    static final int LONG_TX_SECONDS = 900;
    static final int PAGE = 100;

    public enum State { PROPOSED, APPROVED, DISCARDED }

    /** A run's header: what was proposed, by whom, and what became of it. */
    public record Run(long id, State state, String currency, long minimumPayout, long total, int payments, int covered,
            int carried, long carriedTotal, String proposedBy, Instant proposedAt, String decidedBy, Instant decidedAt,
            long returned) {

        public CurrencyUnit unit() {
            return CurrencyUnit.of(currency);
        }
    }

    /** One payment of a run, with the first members it covers. */
    public record PaymentLine(long id, String payee, String payeeName, String accountHolder, String iban, String bic,
            long amount, int covers, List<String> firstCovered) {

        /** How many members it covers beyond those listed. */
        public int more() {
            return covers - firstCovered.size();
        }
    }

    /** A positive balance the run does not pay, and why. */
    public record CarriedLine(String ref, String name, long balance, PaymentRule.Why why) {
    }

    /** A returned payment, as recorded. */
    public record Return(long id, long runId, String ref, long amount, String reason, String recordedBy, Instant recordedAt) {
    }

    /** One page of a long list. */
    public record Page<T>(List<T> rows, Paging paging) {

        public int page() {
            return paging.page();
        }

        public int pages() {
            return paging.pages();
        }

        public long count() {
            return paging.count();
        }

        public int previous() {
            return paging.previous();
        }

        public int next() {
            return paging.next();
        }
    }

    /** A payment a member sees: one that covered them, or one made to their account for the members it covers. */
    public record Seen(long runId, Instant approvedAt, String member, String payee, long amount, int covers, String iban) {
    }

    @Inject
    TenantSql sql;

    @Inject
    MemberAccess access;

    @Inject
    AuditLog audit;

    @Inject
    Ledger ledger;

    /** The tenant's terms a run needs, read under the tenant's lock. */
    record Terms(String currency, long minimumPayout) {
    }

    /**
     * Proposes a run over every positive balance, in place of a proposal still waiting (which is discarded): who is
     * paid, through which payee, and who is carried and why.
     */
    @Transactional
    @TransactionConfiguration(timeout = LONG_TX_SECONDS)
    public Run propose() {
        Terms terms = lockTenant();
        sql.sql("""
                UPDATE payment_run SET state = 'DISCARDED', decided_by = :by, decided_at = now()
                 WHERE tenant_id = :tenant AND state = 'PROPOSED' RETURNING id""").bind("by", access.actor())
                .list(r -> r.getLong(1))
                .forEach(old -> audit.record("payment-run.discard", "payment-run", old, Map.of("state", "PROPOSED"),
                        Map.of("state", "DISCARDED", "replacedByAProposalOf", access.actor())));
        planForWholeRuns(sql);
        long started = System.nanoTime();
        long decided;
        long runId;
        PaymentRule rule;
        try (RunStaging staging = new RunStaging(sql.jdbc())) {
            rule = new PaymentRule(terms.minimumPayout(), staging);
            PaymentRule decide = rule;
            sql.sql(BALANCES).stream(r -> {
                String ref = r.getString(1);
                String payee = r.getString(3);
                Long account = (Long) r.getObject(4);
                staging.payeeAccount(payee, account);
                decide.accept(new PaymentRule.Balance(ref, r.getLong(2), payee, account != null));
            });
            rule.finish();
            decided = System.nanoTime();
            runId = sql.sql("""
                    INSERT INTO payment_run (tenant_id, state, currency, minimum_payout, total, payments, covered, carried,
                                             carried_total, proposed_by)
                    VALUES (:tenant, 'PROPOSED', :currency, :minimum, :total, :payments, :covered, :carried, :carriedTotal, :by)
                    RETURNING id""")
                    .bind("currency", terms.currency()).bind("minimum", terms.minimumPayout()).bind("total", rule.total())
                    .bind("payments", Math.toIntExact(rule.payments())).bind("covered", Math.toIntExact(rule.covered()))
                    .bind("carried", Math.toIntExact(rule.carried())).bind("carriedTotal", rule.carriedTotal())
                    .bind("by", access.actor()).single(r -> r.getLong(1));
            staging.moveInto(runId);
        } catch (SQLException e) {
            throw new IllegalStateException("could not stage the payment run: " + e.getMessage(), e);
        }
        Run run = find(runId);
        audit.record("payment-run.propose", "payment-run", runId, null, figures(run));
        LOG.infof("payment run %d: %d balances read and decided in %d ms, %d members and %d payments written in %d ms", runId,
                run.covered() + run.carried(), (decided - started) / 1_000_000, run.covered() + run.carried(), run.payments(),
                (System.nanoTime() - decided) / 1_000_000);
        return run;
    }

    /**
     * Every positive balance with its payee (the accepted representative, or the member) and the payee's bank account
     * on file, in the order the rule reads them. Ordered in code point order ("C"), as the rule compares. A balance
     * counts the totals carried for archived periods (V47's {@code account_line}): archiving changes no one's pay.
     */
    static final String BALANCES = """
            WITH balance AS (
                SELECT member_ref, sum(amount) AS balance FROM account_line
                 WHERE tenant_id = :tenant GROUP BY member_ref HAVING sum(amount) > 0),
            payee AS (
                SELECT b.member_ref, b.balance, coalesce(r.representative_ref, b.member_ref) AS payee_ref
                  FROM balance b LEFT JOIN representation r
                    ON r.tenant_id = :tenant AND r.member_ref = b.member_ref AND r.state = 'ACCEPTED'),
            account AS (
                SELECT DISTINCT ON (member_ref) member_ref, id FROM bank_account
                 WHERE tenant_id = :tenant ORDER BY member_ref, id DESC)
            SELECT p.member_ref, p.balance, p.payee_ref, a.id
              FROM payee p LEFT JOIN account a ON a.member_ref = p.payee_ref
             ORDER BY p.payee_ref COLLATE "C", p.member_ref COLLATE "C"
            """;

    /**
     * A second administrator approves a proposed run: the {@code PAID} entries are written, one per member paid, each
     * of the member's whole balance as proposed.
     */
    @Transactional
    @TransactionConfiguration(timeout = LONG_TX_SECONDS)
    public Run approve(long id) {
        lockTenant();
        Run run = lock(id);
        if (run.state() != State.PROPOSED) {
            throw DomainException.conflict("wrong-state", "The payment run " + id + " is " + run.state()
                    + (run.state() == State.APPROVED ? " (approved by " + run.decidedBy() + "); it is paid once."
                            : "; a later proposal replaced it. Review the latest run and approve that one."));
        }
        if (access.actor().equals(run.proposedBy())) {
            throw DomainException.conflict("four-eyes", "You proposed this payment run, so you cannot approve it: another"
                    + " administrator of this CMO must check who is paid and approve (four eyes).");
        }
        planForWholeRuns(sql);
        long started = System.nanoTime();
        List<String> changed = changedSinceProposal(id);
        long checked = System.nanoTime();
        if (!changed.isEmpty()) {
            throw DomainException.conflict("propose-again", "Since the run was proposed, the balance, payee or bank account"
                    + " of " + changed.get(0) + " member(s) it pays has changed (" + String.join(", ", changed.subList(1, changed.size()))
                    + "). Nothing was paid: propose the run again and review the new proposal.");
        }
        int entries = sql.sql("""
                INSERT INTO account_entry (tenant_id, member_ref, kind, amount, period_id, cause, cause_id, reason)
                SELECT m.tenant_id, m.member_ref, 'PAID', -m.balance, NULL, 'payment_run', m.run_id,
                       'Payment run ' || m.run_id || CASE WHEN m.payee_ref <> m.member_ref
                                                          THEN ', paid to the account of ' || m.payee_ref ELSE '' END
                  FROM payment_run_member m
                 WHERE m.tenant_id = :tenant AND m.run_id = :run AND m.why IS NULL""").bind("run", id).update();
        LOG.infof("payment run %d: checked in %d ms, %d PAID entries written in %d ms", id, (checked - started) / 1_000_000, entries,
                (System.nanoTime() - checked) / 1_000_000);
        if (entries != run.covered()) {
            throw new IllegalStateException("payment run " + id + " covers " + run.covered() + " members but wrote " + entries);
        }
        sql.sql("""
                UPDATE payment_run SET state = 'APPROVED', decided_by = :by, decided_at = now()
                 WHERE tenant_id = :tenant AND id = :run""").bind("by", access.actor()).bind("run", id).update();
        Map<String, Object> after = figures(run);
        after.put("state", "APPROVED");
        after.put("paidEntries", entries);
        after.put("proposedBy", run.proposedBy());
        audit.record("payment-run.approve", "payment-run", id, Map.of("state", "PROPOSED"), after);
        return find(id);
    }

    /**
     * The members the run pays whose balance, payee or payee's bank account is no longer what the proposal recorded:
     * their count first, then up to five refs; empty when nothing changed. Every balance and account of the tenant is
     * read whole (one hash aggregate, one ordered index scan), which the planner, knowing those tables, does fastest.
     */
    private List<String> changedSinceProposal(long id) {
        List<String> rows = sql.sql("""
                WITH paid AS (
                    SELECT m.member_ref, m.balance, m.payee_ref, p.bank_account_id
                      FROM payment_run_member m
                      JOIN payment p ON p.tenant_id = :tenant AND p.run_id = m.run_id AND p.payee_ref = m.payee_ref
                     WHERE m.tenant_id = :tenant AND m.run_id = :run AND m.why IS NULL),
                balance AS (
                    SELECT e.member_ref, sum(e.amount) AS balance FROM account_line e
                     WHERE e.tenant_id = :tenant GROUP BY e.member_ref),
                account AS (
                    SELECT DISTINCT ON (a.member_ref) a.member_ref, a.id FROM bank_account a
                     WHERE a.tenant_id = :tenant ORDER BY a.member_ref, a.id DESC)
                SELECT count(*) OVER (), paid.member_ref FROM paid
                  LEFT JOIN balance b ON b.member_ref = paid.member_ref
                  LEFT JOIN representation r ON r.tenant_id = :tenant AND r.member_ref = paid.member_ref AND r.state = 'ACCEPTED'
                  LEFT JOIN account a ON a.member_ref = paid.payee_ref
                 WHERE b.balance IS DISTINCT FROM paid.balance
                    OR coalesce(r.representative_ref, paid.member_ref) <> paid.payee_ref
                    OR a.id IS DISTINCT FROM paid.bank_account_id
                 ORDER BY paid.member_ref COLLATE "C" LIMIT 5""").bind("run", id)
                .list(r -> r.getLong(1) + "\u0000" + r.getString(2));
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        out.add(rows.get(0).split("\u0000", 2)[0]);
        rows.forEach(r -> out.add(r.split("\u0000", 2)[1]));
        return out;
    }

    /**
     * The bank returned {@code amount} of what an approved run paid for {@code ref}: recorded against the run and
     * credited to the member's account as a {@code RETURNED} entry. No more than was paid can come back.
     */
    @Transactional
    public Return recordReturn(long runId, String ref, String amountText, String reasonText) {
        lockTenant();
        Run run = lock(runId);
        if (run.state() != State.APPROVED) {
            throw DomainException.conflict("wrong-state", "The payment run " + runId + " is " + run.state()
                    + "; a return is recorded against an approved run, whose payments were made.");
        }
        List<Problem> problems = new ArrayList<>();
        String member = ref == null ? "" : ref.strip();
        Long paid = member.isEmpty() ? null : sql.sql("""
                SELECT balance FROM payment_run_member
                 WHERE tenant_id = :tenant AND run_id = :run AND member_ref = :ref AND why IS NULL""")
                .bind("run", runId).bind("ref", member).one(r -> r.getLong(1)).orElse(null);
        if (paid == null) {
            problems.add(new Problem("ref", "Give the member ref of a member this run paid"
                    + (member.isEmpty() ? "." : "; '" + member + "' was not paid in run " + runId + ".")));
        }
        Long amount = null;
        try {
            amount = Amounts.parse(amountText == null ? "" : amountText.strip(), run.unit());
            if (amount == 0) {
                problems.add(new Problem("amount", "Give the amount the bank returned, more than 0."));
                amount = null;
            }
        } catch (AmountFormatException e) {
            problems.add(new Problem("amount", e.getMessage() + "."));
        }
        String reason = reasonText == null ? "" : reasonText.strip();
        if (reason.isEmpty() || reason.length() > 500) {
            problems.add(new Problem("reason", "Say why the bank returned it (1 to 500 characters), for example \"account closed\"."));
        } else {
            PrintableText.check("reason", reason).ifPresent(problems::add);
        }
        if (paid != null && amount != null) {
            long returned = sql.sql("""
                    SELECT coalesce(sum(amount), 0) FROM payment_return WHERE tenant_id = :tenant AND run_id = :run AND member_ref = :ref""")
                    .bind("run", runId).bind("ref", member).single(r -> r.getLong(1));
            if (amount > paid - returned) {
                problems.add(new Problem("amount", "Run " + runId + " paid " + Amounts.format(paid, run.unit()) + " "
                        + run.currency() + " for '" + member + "'" + (returned > 0 ? ", of which " + Amounts.format(returned,
                        run.unit()) + " came back already" : "") + "; at most " + Amounts.format(paid - returned, run.unit())
                        + " can be returned."));
            }
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        long id = sql.sql("""
                INSERT INTO payment_return (tenant_id, run_id, member_ref, amount, reason, recorded_by)
                VALUES (:tenant, :run, :ref, :amount, :reason, :by) RETURNING id""")
                .bind("run", runId).bind("ref", member).bind("amount", amount).bind("reason", reason).bind("by", access.actor())
                .single(r -> r.getLong(1));
        ledger.post(member, Ledger.Kind.RETURNED, amount, null, "payment_return", id,
                "Returned by the bank from payment run " + runId + ": " + reason);
        audit.record("payment-run.return", "payment-run", runId, null, Map.of("ref", member,
                "amount", Amounts.format(amount, run.unit()), "reason", reason, "return", id));
        return returns(runId).stream().filter(r -> r.id() == id).findFirst().orElseThrow();
    }

    /**
     * The page {@code requested} of the tenant's runs, the latest first, those a search finds when there is one: the
     * run's number ("12", "Run 12", "#12"), its state or who proposed or approved it (any part of the word), or a member
     * ref the run paid, paid through or carried (the whole ref: a member asks "was I paid?"). The ref is matched
     * exactly because a run holds a row per member, up to a million: each run is then one lookup by its own key.
     */
    @Transactional
    public Page<Run> page(int requested, String query) {
        return page(requested, Paging.SIZE, query);
    }

    /** The same page of {@code size} runs, for the API. */
    @Transactional
    public Page<Run> page(int requested, int size, String query) {
        String like = Paging.like(query);
        String where = like == null ? " WHERE r.tenant_id = :tenant" : "\n" + """
                 WHERE r.tenant_id = :tenant
                   AND (r.id = :number OR lower(r.state) LIKE :like OR lower(r.proposed_by) LIKE :like
                        OR lower(coalesce(r.decided_by, '')) LIKE :like
                        OR EXISTS (SELECT 1 FROM payment_run_member m
                                    WHERE m.tenant_id = :tenant AND m.run_id = r.id AND m.member_ref = :ref)
                        OR EXISTS (SELECT 1 FROM payment p
                                    WHERE p.tenant_id = :tenant AND p.run_id = r.id AND p.payee_ref = :ref))""";
        String ref = Paging.query(query);
        long number = runNumber(ref);
        Paging paging = Paging.of(requested, size, searched(sql.sql("SELECT count(*) FROM payment_run r" + where),
                like, ref, number).single(r -> r.getLong(1)));
        List<Run> rows = searched(sql.sql(RUN + where + " ORDER BY r.id DESC LIMIT :limit OFFSET :offset"), like, ref, number)
                .bind("limit", paging.size()).bind("offset", paging.offset()).list(PaymentRuns::run);
        return new Page<>(rows, paging);
    }

    private static TenantSql.Statement searched(TenantSql.Statement query, String like, String ref, long number) {
        return like == null ? query : query.bind("like", like).bind("ref", ref).bind("number", number);
    }

    /** The run a search names by its number ("12", "run 12", "#12"), or -1 (no run) when it names none. */
    static long runNumber(String typed) {
        String digits = typed.toLowerCase(java.util.Locale.ROOT).replaceFirst("^(run\\s*|#)", "").strip();
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(digits);
    }

    /** One run of the tenant; another tenant's answers 404. */
    @Transactional
    public Run run(long id) {
        return find(id);
    }

    /**
     * A page (from 1) of a run's payments, in code point order of the payee's ref; with a search, those whose payee ref
     * starts with it (case as typed: a ref is an identifier). A run holds up to a million payments, so the prefix is a
     * range on the payee ref in code point order, which the index of the run's payments ({@code payment_of_run}) reads
     * directly, where a LIKE or a lower-cased match would read the whole run.
     */
    @Transactional
    public Page<PaymentLine> payments(long id, int page, String query) {
        Run run = find(id);
        String from = Paging.query(query);
        String range = from.isEmpty() ? "" : refRange("p.payee_ref", from);
        Paging paging = Paging.of(page, PAGE, from.isEmpty() ? run.payments()
                : ranged(sql.sql("SELECT count(*) FROM payment p WHERE p.tenant_id = :tenant AND p.run_id = :run" + range)
                        .bind("run", id), from).single(r -> r.getLong(1)));
        List<PaymentLine> rows = ranged(sql.sql("""
                SELECT p.id, p.payee_ref, m.name, a.account_holder, a.iban_masked, a.bic, p.amount, p.covers,
                       ARRAY(SELECT c.member_ref FROM payment_run_member c
                              WHERE c.tenant_id = :tenant AND c.run_id = p.run_id AND c.payee_ref = p.payee_ref AND c.why IS NULL
                              ORDER BY c.member_ref COLLATE "C" LIMIT 10)
                  FROM payment p
                  JOIN bank_account a ON a.tenant_id = :tenant AND a.id = p.bank_account_id
                  JOIN member m ON m.tenant_id = :tenant AND m.ref = p.payee_ref
                 WHERE p.tenant_id = :tenant AND p.run_id = :run""" + range + """

                 ORDER BY p.payee_ref COLLATE "C" OFFSET :offset LIMIT :limit"""), from)
                .bind("run", id).bind("offset", paging.offset()).bind("limit", PAGE)
                .list(r -> new PaymentLine(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                        r.getString(6), r.getLong(7), r.getInt(8), Arrays.asList((String[]) r.getArray(9).getArray())));
        return new Page<>(rows, paging);
    }

    /**
     * A page (from 1) of a run's carried balances, in code point order of ref; with a search, those whose ref starts
     * with it, a range on the carried rows' own index ({@code payment_run_member_carried}) as for the payments.
     */
    @Transactional
    public Page<CarriedLine> carried(long id, int page, String query) {
        Run run = find(id);
        String from = Paging.query(query);
        String range = from.isEmpty() ? "" : refRange("c.member_ref", from);
        Paging paging = Paging.of(page, PAGE, from.isEmpty() ? run.carried()
                : ranged(sql.sql("""
                        SELECT count(*) FROM payment_run_member c
                         WHERE c.tenant_id = :tenant AND c.run_id = :run AND c.why IS NOT NULL""" + range).bind("run", id), from)
                        .single(r -> r.getLong(1)));
        List<CarriedLine> rows = ranged(sql.sql("""
                SELECT c.member_ref, m.name, c.balance, c.why FROM payment_run_member c
                  JOIN member m ON m.tenant_id = :tenant AND m.ref = c.member_ref
                 WHERE c.tenant_id = :tenant AND c.run_id = :run AND c.why IS NOT NULL""" + range + """

                 ORDER BY c.member_ref COLLATE "C" OFFSET :offset LIMIT :limit"""), from)
                .bind("run", id).bind("offset", paging.offset()).bind("limit", PAGE)
                .list(r -> new CarriedLine(r.getString(1), r.getString(2), r.getLong(3), PaymentRule.Why.valueOf(r.getString(4))));
        return new Page<>(rows, paging);
    }

    /** The refs of {@code column} that start with {@code :from}: at or after it and before {@code :to} in code point order. */
    private static String refRange(String column, String from) {
        return " AND " + column + " COLLATE \"C\" >= :from" + (Paging.after(from) == null ? "" : " AND " + column + " COLLATE \"C\" < :to");
    }

    private static TenantSql.Statement ranged(TenantSql.Statement query, String from) {
        if (from.isEmpty()) {
            return query;
        }
        String to = Paging.after(from);
        return to == null ? query.bind("from", from) : query.bind("from", from).bind("to", to);
    }

    /** The returns recorded against a run, oldest first. */
    @Transactional
    public List<Return> returns(long runId) {
        return sql.sql("""
                SELECT id, run_id, member_ref, amount, reason, recorded_by, recorded_at FROM payment_return
                 WHERE tenant_id = :tenant AND run_id = :run ORDER BY id""").bind("run", runId)
                .list(r -> new Return(r.getLong(1), r.getLong(2), r.getString(3), r.getLong(4), r.getString(5),
                        r.getString(6), r.getTimestamp(7).toInstant()));
    }

    /** A page of the payments a member sees, and where it stands. */
    public record SeenPage(List<Seen> rows, Paging paging) {
    }

    /**
     * The page {@code requested} of the payments of approved runs {@code ref} sees (for the member holding it, or an
     * administrator), the latest run first: those that paid its balance, to its own account or its representative's,
     * and those made to its account for others; searched by the run's number (whole) or the payee's ref (a part, any
     * case). Counted and read a page at a time in the database: a member is paid by every run.
     */
    @Transactional
    public SeenPage seenBy(String ref, String query, int requested) {
        access.holderOrAdmin(ref);
        String like = Paging.like(query);
        String q = Paging.query(query).replaceFirst("^#", "");
        // through the tenant's approved runs, so that each lookup is by a run's own key (run, member) or (run, payee)
        String seen = """
                SELECT * FROM (
                SELECT r.id AS run, r.decided_at AS approved, m.member_ref AS member, m.payee_ref AS payee, m.balance AS amount,
                       1 AS covers, a.iban_masked AS iban
                  FROM payment_run r
                  JOIN payment_run_member m ON m.tenant_id = :tenant AND m.run_id = r.id AND m.member_ref = :ref AND m.why IS NULL
                  JOIN payment p ON p.tenant_id = :tenant AND p.run_id = r.id AND p.payee_ref = m.payee_ref
                  JOIN bank_account a ON a.tenant_id = :tenant AND a.id = p.bank_account_id
                 WHERE r.tenant_id = :tenant AND r.state = 'APPROVED'
                UNION ALL
                SELECT r.id, r.decided_at, NULL, p.payee_ref, p.amount, p.covers, a.iban_masked
                  FROM payment_run r
                  JOIN payment p ON p.tenant_id = :tenant AND p.run_id = r.id AND p.payee_ref = :ref
                  JOIN bank_account a ON a.tenant_id = :tenant AND a.id = p.bank_account_id
                 WHERE r.tenant_id = :tenant AND r.state = 'APPROVED'
                   AND (p.covers > 1 OR NOT EXISTS (SELECT 1 FROM payment_run_member o WHERE o.tenant_id = :tenant
                        AND o.run_id = p.run_id AND o.member_ref = :ref AND o.why IS NULL))
                ) s WHERE CAST(:like AS text) IS NULL OR CAST(s.run AS text) = :q OR lower(s.payee) LIKE :like
                """;
        Paging paging = Paging.of(requested, Paging.SIZE, sql.sql("SELECT count(*) FROM (" + seen + ") c").bind("ref", ref)
                .bind("like", like).bind("q", q).single(r -> r.getLong(1)));
        return new SeenPage(sql.sql(seen + " ORDER BY s.run DESC, s.member NULLS LAST LIMIT :limit OFFSET :offset").bind("ref", ref)
                .bind("like", like).bind("q", q).bind("limit", paging.size()).bind("offset", paging.offset())
                .list(r -> new Seen(r.getLong(1), r.getTimestamp(2).toInstant(), r.getString(3), r.getString(4),
                        r.getLong(5), r.getInt(6), r.getString(7))), paging);
    }

    /**
     * For statements over a whole run, in this transaction only: memory to hash or sort a million rows, and no nested
     * loops. A run's rows are written in bulk just before they are read (the proposal, then its answer and its
     * approval), so the planner has no statistics of them yet and would take a million rows for one.
     */
    static void planForWholeRuns(TenantSql sql) {
        sql.sql("SET LOCAL work_mem = '128MB'").execute();
        sql.sql("SET LOCAL enable_nestloop = off").execute();
    }

    Terms lockTenant() {
        return sql.sql("SELECT currency, minimum_payout FROM tenant WHERE id = :tenant FOR NO KEY UPDATE")
                .single(r -> new Terms(r.getString(1), r.getLong(2)));
    }

    Run find(long id) {
        return sql.sql(RUN + " WHERE r.tenant_id = :tenant AND r.id = :id").bind("id", id).one(PaymentRuns::run)
                .orElseThrow(() -> DomainException.notFound("Payment run " + id));
    }

    private Run lock(long id) {
        sql.sql("SELECT id FROM payment_run WHERE tenant_id = :tenant AND id = :id FOR UPDATE").bind("id", id).one(r -> r.getLong(1))
                .orElseThrow(() -> DomainException.notFound("Payment run " + id));
        return find(id);
    }

    private static final String RUN = """
            SELECT r.id, r.state, r.currency, r.minimum_payout, r.total, r.payments, r.covered, r.carried, r.carried_total,
                   r.proposed_by, r.proposed_at, r.decided_by, r.decided_at,
                   (SELECT coalesce(sum(x.amount), 0) FROM payment_return x WHERE x.tenant_id = :tenant AND x.run_id = r.id)
              FROM payment_run r""";

    private static Run run(ResultSet r) throws SQLException {
        Timestamp decided = r.getTimestamp(13);
        return new Run(r.getLong(1), State.valueOf(r.getString(2)), r.getString(3), r.getLong(4), r.getLong(5), r.getInt(6),
                r.getInt(7), r.getInt(8), r.getLong(9), r.getString(10), r.getTimestamp(11).toInstant(), r.getString(12),
                decided == null ? null : decided.toInstant(), r.getLong(14));
    }

    /** A run's figures for the audit log, in major units as the pages show them. */
    private static Map<String, Object> figures(Run run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", run.state().name());
        m.put("currency", run.currency());
        m.put("minimumPayout", Amounts.format(run.minimumPayout(), run.unit()));
        m.put("total", Amounts.format(run.total(), run.unit()));
        m.put("payments", run.payments());
        m.put("covered", run.covered());
        m.put("carried", run.carried());
        m.put("carriedTotal", Amounts.format(run.carriedTotal(), run.unit()));
        return m;
    }

    /** How many payment runs waiting for a second administrator's approval (the administrator's home lists what needs doing). */
    @Transactional
    public long waitingForAdministrators() {
        return sql.sql("SELECT count(*) FROM payment_run WHERE tenant_id = :tenant AND state = 'PROPOSED'").single(rs -> rs.getLong(1));
    }
}
