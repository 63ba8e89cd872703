package org.cmoportal.period;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.audit.AuditLog;
import org.cmoportal.error.DomainException;
import org.cmoportal.error.UniqueKeys;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.web.Paging;

/** Opens periods and moves them through their states (economics.md, "The period"). */
@ApplicationScoped
public class PeriodService {

    public static final String LABEL = "[A-Za-z0-9._-]{1,32}";

    @Inject
    AuditLog audit;

    @Inject
    CurrentUser user;

    @Transactional
    public Period open(String label) {
        if (label == null || !label.matches(LABEL)) {
            throw DomainException.invalid("label", "Use 1 to 32 letters, digits, '.', '_' or '-', for example 2026-Q3.");
        }
        if (Period.findByLabel(label) != null) {
            throw UniqueKeys.taken(UniqueKeys.PERIOD_LABEL, label);
        }
        Period p = new Period();
        p.label = label;
        p.openedBy = user.actor();
        // two administrators may both find the label free: the unique key decides, and the loser hears it as above
        UniqueKeys.guard(UniqueKeys.PERIOD_LABEL, label, () -> {
            p.persistAndFlush();
            return p;
        });
        audit.record("period.open", "period", label, null, Map.of("state", p.state.name()));
        return p;
    }

    /** A page of the periods whose label contains the search, the latest opened first. */
    public record Found(List<Period> periods, Paging paging) {
    }

    /** The page {@code requested} of the periods whose label contains {@code query} (case-insensitive). */
    @Transactional
    public Found find(String query, int requested) {
        return find(query, requested, Paging.SIZE);
    }

    /** The same page of {@code size} periods, for the API. */
    @Transactional
    public Found find(String query, int requested, int size) {
        String like = Paging.contains(query);
        Paging paging = Paging.of(requested, size, like == null ? Period.count() : Period.count("locate(?1, lower(label)) > 0", like));
        var found = like == null ? Period.<Period>find("order by openedAt desc, id desc")
                : Period.<Period>find("locate(?1, lower(label)) > 0 order by openedAt desc, id desc", like);
        return new Found(found.range((int) paging.offset(), (int) paging.offset() + paging.size() - 1).list(), paging);
    }

    /** The {@code n} periods opened last, for the administrator's overview. */
    @Transactional
    public List<Period> latest(int n) {
        return Period.<Period>find("order by openedAt desc, id desc").range(0, n - 1).list();
    }

    /**
     * The periods open for filing, the latest opened first: a CMO keeps few open at a time (it closes one as it opens
     * the next), so all of them, read as the open ones alone.
     */
    @Transactional
    public List<Period> open() {
        return Period.list("state = ?1 order by openedAt desc, id desc", Period.State.OPEN);
    }

    /**
     * The {@code n} periods opened last among those no longer open, with how many there are (the paging's count): a
     * summary's latest few, the whole list being {@link #find}'s.
     */
    @Transactional
    public Found earlier(int n) {
        Paging paging = Paging.of(1, n, Period.count("state <> ?1", Period.State.OPEN));
        return new Found(Period.<Period>find("state <> ?1 order by openedAt desc, id desc", Period.State.OPEN)
                .range(0, n - 1).list(), paging);
    }

    /** How many periods the tenant has opened, counted in the database. */
    @Transactional
    public long count() {
        return Period.count();
    }

    /**
     * The periods not distributed yet, the latest opened first: open, in review or on their way to distribution. A
     * CMO carries only a few at a time (each period ends distributed), while its distributed ones grow by the year,
     * so the homes read these alone rather than every period.
     */
    @Transactional
    public List<Period> undistributed() {
        return Period.list("state <> ?1 order by openedAt desc, id desc", Period.State.DISTRIBUTED);
    }

    /** The period with this label in the current tenant, or 404. */
    @Transactional
    public Period get(String label) {
        Period p = Period.findByLabel(label);
        if (p == null) {
            throw DomainException.notFound("Period '" + label + "'");
        }
        return p;
    }
}
