package org.cmoportal.suspense;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.account.Ledger;
import org.cmoportal.account.TenantLedger;
import org.cmoportal.audit.AuditLog;
import org.cmoportal.distribution.SuspenseRelease;
import org.cmoportal.error.DomainException;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.tenancy.TenantSql;
import org.cmoportal.web.Paging;

/**
 * Releases of aged suspense (economics.md, "Suspense: claims and ageing"): one administrator proposes releasing what
 * will have been held longer than the tenant's {@code suspenseHoldMonths} at a date; another confirms, on or after
 * that date. Each {@code (period, category)} is a pot, split by {@link SuspenseRelease} (the engine) over the members
 * paid there; its id is the cause_id ({@code release}) of the shares' RELEASED entries and of the negative SUSPENSE
 * rows of its keys. A proposal reserves nothing: it stores the fingerprint of every aged key's net, and the
 * confirmation is refused when the held money it covers has changed since.
 */
@ApplicationScoped
public class SuspenseReleases {

    public static final String CAUSE = "release";

    /** One member's share of one pot. */
    public record Share(String ref, long amount, String period, String category) {
    }

    /** A pot: what it released and on whose payouts its split was weighted. */
    public record Pot(long id, String period, long periodId, String category, SuspenseRelease.Basis basis, long amount) {
    }

    public record Release(long id, String state, LocalDate asOf, int holdMonths, long total, String proposedBy,
            Instant proposedAt, String confirmedBy, Instant confirmedAt, List<Pot> pots, List<Share> shares) {

        public boolean proposed() {
            return "PROPOSED".equals(state);
        }
    }

    @Inject
    TenantSql sql;

    @Inject
    SuspenseBook book;

    @Inject
    Claims claims;

    @Inject
    CurrentUser user;

    @Inject
    Ledger ledger;

    @Inject
    TenantLedger tenantLedger;

    @Inject
    AuditLog audit;

    /** Proposes releasing what has aged at {@code asOf} (a date, default today). */
    @Transactional
    public Release propose(String asOf) {
        LocalDate date = date(asOf);
        int hold = book.holdMonths();
        List<SuspenseBook.Held> aged = book.agedAt(date, hold);
        Map<String, List<SuspenseBook.Held>> pots = pots(aged);
        if (pots.values().stream().allMatch(keys -> SuspenseRelease.releasable(nets(keys)) == 0)) {
            String next = book.firstReleasable(hold).filter(d -> d.isAfter(date)).map(d -> " The earliest held money becomes"
                    + " releasable on " + d + ".").orElse(" Nothing is held in suspense at all.");
            throw DomainException.conflict("nothing-aged", "Nothing held in suspense has aged past the hold limit of " + hold
                    + " months on " + date + ", so there is nothing to release." + next);
        }
        Map<Long, Payouts> payouts = new LinkedHashMap<>();
        List<Planned> planned = new ArrayList<>();
        long total = 0;
        for (List<SuspenseBook.Held> keys : pots.values()) {
            SuspenseBook.Held first = keys.get(0);
            long amount = SuspenseRelease.releasable(nets(keys));
            Payouts p = payouts.computeIfAbsent(first.periodId(), this::payouts);
            SuspenseRelease.Split split = SuspenseRelease.split(amount, p.inCategory(first.category()), p.inPeriod());
            if (split.basis() != SuspenseRelease.Basis.HELD) {
                planned.add(new Planned(first, split));
                total = Math.addExact(total, amount);
            }
        }
        if (planned.isEmpty()) {
            throw DomainException.conflict("nobody-paid", "What has aged on " + date + " was held in periods in which no member"
                    + " was paid, so there is nobody to release it to: it stays held (economics.md, \"Suspense: claims and ageing\").");
        }
        long id = sql.sql("""
                INSERT INTO suspense_release (tenant_id, as_of, hold_months, fingerprint, total, proposed_by)
                VALUES (:tenant, :asOf, :hold, :fingerprint, :total, :by) RETURNING id""")
                .bind("asOf", date).bind("hold", hold).bind("fingerprint", SuspenseBook.fingerprint(aged)).bind("total", total)
                .bind("by", user.actor()).single(rs -> rs.getLong(1));
        for (Planned plan : planned) {
            SuspenseBook.Held first = plan.first();
            SuspenseRelease.Split split = plan.split();
            long pot = sql.sql("""
                    INSERT INTO release_pot (tenant_id, release_id, period_id, category_key, basis, amount)
                    VALUES (:tenant, :release, :period, :category, :basis, :amount) RETURNING id""")
                    .bind("release", id).bind("period", first.periodId()).bind("category", first.category())
                    .bind("basis", split.basis().name()).bind("amount", split.amount()).single(rs -> rs.getLong(1));
            for (Map.Entry<String, Long> share : split.shares().entrySet()) {
                sql.sql("INSERT INTO release_share (tenant_id, pot_id, member_ref, amount) VALUES (:tenant, :pot, :ref, :amount)")
                        .bind("pot", pot).bind("ref", share.getKey()).bind("amount", share.getValue()).update();
            }
        }
        audit.record("release.propose", "release", id, null, Map.of("asOf", date.toString(), "holdMonths", hold,
                "total", total, "pots", planned.size()));
        return summary(id);
    }

    /** Another administrator confirms, on or after the date, if what it covers is still held as proposed. */
    @Transactional
    public Release confirm(long id) {
        claims.lock();
        Release r = summary(id);
        sql.sql("SELECT 1 FROM suspense_release WHERE tenant_id = :tenant AND id = :id FOR UPDATE").bind("id", id).execute();
        r = summary(id);
        if (!r.proposed()) {
            throw DomainException.conflict("wrong-state", "Release " + id + " is already confirmed.");
        }
        if (user.actor().equals(r.proposedBy())) {
            throw DomainException.conflict("four-eyes", "You proposed release " + id + ", so you cannot confirm it: another"
                    + " administrator of this CMO must check the shares and confirm (four eyes).");
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        if (r.asOf().isAfter(today)) {
            throw DomainException.conflict("not-yet", "Release " + id + " is as of " + r.asOf() + ", which is still in the"
                    + " future: the money it covers has not aged past the hold limit yet. Confirm it on or after " + r.asOf() + ".");
        }
        List<SuspenseBook.Held> aged = book.agedAt(r.asOf(), book.holdMonths());
        String stored = sql.sql("SELECT fingerprint FROM suspense_release WHERE tenant_id = :tenant AND id = :id").bind("id", id)
                .single(rs -> rs.getString(1));
        if (!stored.equals(SuspenseBook.fingerprint(aged))) {
            throw DomainException.conflict("changed", "What release " + id + " covers has changed since it was proposed (a claim,"
                    + " a restatement, another release or the hold limit): propose again and confirm the new proposal.");
        }
        Map<String, List<SuspenseBook.Held>> pots = pots(aged);
        Map<Long, List<Share>> sharesByPot = new LinkedHashMap<>();
        int shareCount = sql.sql("""
                SELECT s.pot_id, s.member_ref, s.amount FROM release_share s
                 WHERE s.tenant_id = :tenant AND s.pot_id IN (SELECT id FROM release_pot WHERE tenant_id = :tenant AND release_id = :id)
                 ORDER BY s.pot_id, s.member_ref COLLATE "C\"""").bind("id", id)
                .list(rs -> sharesByPot.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                        .add(new Share(rs.getString(2), rs.getLong(3), null, null))).size();
        for (Pot pot : r.pots()) {
            String reason = "Release " + id + ": money held in " + pot.period() + ", " + pot.category() + " for "
                    + r.holdMonths() + " months or more";
            List<SuspenseBook.Held> keys = pots.getOrDefault(pot.periodId() + "\t" + pot.category(), List.of());
            long held = 0;
            for (SuspenseBook.Held h : keys) {
                if (h.amount() > 0) {
                    tenantLedger.postSuspense(new TenantLedger.SuspenseKey(h.periodId(), h.category(), h.ref()), -h.amount(), null,
                            CAUSE, pot.id(), reason);
                    held = Math.addExact(held, h.amount());
                }
            }
            long shared = 0;
            for (Share s : sharesByPot.getOrDefault(pot.id(), List.of())) {
                ledger.post(s.ref(), Ledger.Kind.RELEASED, s.amount(), pot.periodId(), CAUSE, pot.id(), reason);
                shared = Math.addExact(shared, s.amount());
            }
            if (held != pot.amount() || shared != pot.amount()) {
                throw new IllegalStateException("release " + id + ", pot " + pot.id() + ": " + pot.amount() + " proposed, "
                        + held + " held and " + shared + " shared; the fingerprint should have caught it");
            }
        }
        sql.sql("UPDATE suspense_release SET state = 'CONFIRMED', confirmed_by = :by, confirmed_at = now() WHERE tenant_id = :tenant AND id = :id")
                .bind("by", user.actor()).bind("id", id).update();
        audit.record("release.confirm", "release", id, Map.of("state", "PROPOSED"), Map.of("state", "CONFIRMED",
                "total", r.total(), "shares", shareCount));
        return summary(id);
    }

    /**
     * The release with its pots but without its shares (a share per member paid, which the page and the API read a page
     * at a time through {@link #shares}); its total is the stored one, over all shares. What a proposal and a
     * confirmation answer too: a release may share among thousands of members.
     */
    @Transactional
    public Release summary(long id) {
        Release head = sql.sql(SELECT + " WHERE tenant_id = :tenant AND id = :id").bind("id", id).one(rs -> release(rs, List.of(), List.of()))
                .orElseThrow(() -> DomainException.notFound("release " + id));
        return new Release(head.id(), head.state(), head.asOf(), head.holdMonths(), head.total(), head.proposedBy(),
                head.proposedAt(), head.confirmedBy(), head.confirmedAt(), pots(id), List.of());
    }

    /**
     * A page of a release's shares, the sum of the shares the search matched (over every page), and {@code all} the
     * release's shares ({@code paging}'s count without a search).
     */
    public record Shares(List<Share> shares, long total, Paging paging, long all) {
    }

    /**
     * The page {@code requested} of release {@code id}'s shares, by pot then member ref, where the member ref, the
     * period's label or the category holds the search (any case): counted, summed and read a page at a time in the
     * database. The release must be the tenant's (404 otherwise).
     */
    @Transactional
    public Shares shares(long id, String query, int requested) {
        return shares(id, query, requested, Paging.SIZE);
    }

    /** The same page of {@code size} shares, for the API. */
    @Transactional
    public Shares shares(long id, String query, int requested, int size) {
        if (sql.sql("SELECT 1 FROM suspense_release WHERE tenant_id = :tenant AND id = :id").bind("id", id).one(rs -> 1).isEmpty()) {
            throw DomainException.notFound("release " + id);
        }
        String like = Paging.like(query);
        String from = """
                 FROM release_share s
                  JOIN release_pot o ON o.tenant_id = s.tenant_id AND o.id = s.pot_id
                  JOIN period p ON p.tenant_id = o.tenant_id AND p.id = o.period_id
                 WHERE s.tenant_id = :tenant AND o.tenant_id = :tenant AND o.release_id = :id
                   AND (CAST(:like AS text) IS NULL OR lower(s.member_ref) LIKE :like OR lower(p.label) LIKE :like
                        OR lower(o.category_key) LIKE :like)
                """;
        long[] counted = sql.sql("SELECT count(*), coalesce(sum(s.amount), 0)" + from).bind("id", id).bind("like", like)
                .single(rs -> new long[] {rs.getLong(1), rs.getLong(2)});
        Paging paging = Paging.of(requested, size, counted[0]);
        long all = like == null ? counted[0] : sql.sql("SELECT count(*)" + from).bind("id", id).bind("like", (String) null)
                .single(rs -> rs.getLong(1));
        List<Share> shares = sql.sql("SELECT s.member_ref, s.amount, p.label, o.category_key" + from
                + " ORDER BY o.id, s.member_ref COLLATE \"C\" LIMIT :limit OFFSET :offset").bind("id", id).bind("like", like)
                .bind("limit", paging.size()).bind("offset", paging.offset())
                .list(rs -> new Share(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
        return new Shares(shares, counted[1], paging, all);
    }

    private List<Pot> pots(long id) {
        return sql.sql("""
                SELECT o.id, p.label, o.period_id, o.category_key, o.basis, o.amount FROM release_pot o
                  JOIN period p ON p.tenant_id = o.tenant_id AND p.id = o.period_id
                 WHERE o.tenant_id = :tenant AND o.release_id = :id ORDER BY o.id""").bind("id", id)
                .list(rs -> new Pot(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        SuspenseRelease.Basis.valueOf(rs.getString(5)), rs.getLong(6)));
    }

    /** A page of releases, the latest first. */
    public record Found(List<Release> releases, Paging paging) {
    }

    /** The page {@code requested} of the tenant's releases, the latest first, without their shares. */
    @Transactional
    public Found find(int requested) {
        return find(requested, Paging.SIZE);
    }

    /** The same page of {@code size} releases, for the API. */
    @Transactional
    public Found find(int requested, int size) {
        long count = sql.sql("SELECT count(*) FROM suspense_release WHERE tenant_id = :tenant").single(rs -> rs.getLong(1));
        Paging paging = Paging.of(requested, size, count);
        return new Found(sql.sql(SELECT + " WHERE tenant_id = :tenant ORDER BY id DESC LIMIT :limit OFFSET :offset")
                .bind("limit", paging.size()).bind("offset", paging.offset()).list(rs -> release(rs, List.of(), List.of())), paging);
    }

    /** The aged keys by pot, {@code "periodId\tcategory"}, in the book's order. */
    private static Map<String, List<SuspenseBook.Held>> pots(List<SuspenseBook.Held> aged) {
        Map<String, List<SuspenseBook.Held>> pots = new LinkedHashMap<>();
        for (SuspenseBook.Held h : aged) {
            pots.computeIfAbsent(h.periodId() + "\t" + h.category(), k -> new ArrayList<>()).add(h);
        }
        return pots;
    }

    private static Map<String, Long> nets(List<SuspenseBook.Held> keys) {
        Map<String, Long> nets = new LinkedHashMap<>();
        for (SuspenseBook.Held h : keys) {
            nets.put(h.ref() == null ? "" : "r:" + h.ref(), h.amount());
        }
        return nets;
    }

    /** What the period's distributed run paid: per category and member, and per member in the period. */
    private record Payouts(Map<String, Map<String, Long>> byCategory, Map<String, Long> inPeriod) {

        Map<String, Long> inCategory(String category) {
            return byCategory.getOrDefault(category, Map.of());
        }
    }

    private Payouts payouts(long periodId) {
        Map<String, Map<String, Long>> byCategory = new LinkedHashMap<>();
        Map<String, Long> inPeriod = new LinkedHashMap<>();
        sql.sql("""
                SELECT l.category_key, l.member_ref, sum(l.amount) FROM distribution_run r
                  JOIN run_line l ON l.tenant_id = r.tenant_id AND l.period_id = r.period_id AND l.run_id = r.id AND l.matched
                 WHERE r.tenant_id = :tenant AND l.tenant_id = :tenant AND r.period_id = :period AND r.status = 'DISTRIBUTED'
                 GROUP BY l.category_key, l.member_ref""").bind("period", periodId).list(rs -> {
            long amount = rs.getLong(3);
            byCategory.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(rs.getString(2), amount);
            inPeriod.merge(rs.getString(2), amount, Math::addExact);
            return null;
        });
        return new Payouts(byCategory, inPeriod);
    }

    static LocalDate date(String asOf) {
        if (asOf == null || asOf.isBlank()) {
            return LocalDate.now(ZoneOffset.UTC);
        }
        try {
            return LocalDate.parse(asOf.strip());
        } catch (DateTimeParseException e) {
            throw DomainException.invalid("asOf", "Give the date as YYYY-MM-DD (for example 2029-10-01), or leave it out for today.");
        }
    }

    static final String SELECT = """
            SELECT id, state, as_of, hold_months, total, proposed_by, proposed_at, confirmed_by, confirmed_at FROM suspense_release""";

    private static Release release(java.sql.ResultSet rs, List<Pot> pots, List<Share> shares) throws java.sql.SQLException {
        java.sql.Timestamp confirmed = rs.getTimestamp(9);
        return new Release(rs.getLong(1), rs.getString(2), rs.getDate(3).toLocalDate(), rs.getInt(4), rs.getLong(5),
                rs.getString(6), rs.getTimestamp(7).toInstant(), rs.getString(8), confirmed == null ? null : confirmed.toInstant(),
                pots, shares);
    }

    /** A pot to release: its first held key (period and category) and the engine's split of it. */
    private record Planned(SuspenseBook.Held first, SuspenseRelease.Split split) {
    }

    /** How many releases of aged suspense waiting for a second administrator's confirmation (the administrator's home lists what needs doing). */
    @Transactional
    public long waitingForAdministrators() {
        return sql.sql("SELECT count(*) FROM suspense_release WHERE tenant_id = :tenant AND state = 'PROPOSED'").single(rs -> rs.getLong(1));
    }
}
