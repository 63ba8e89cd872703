package org.cmoportal.statement;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.distribution.DistributionRule;
import org.cmoportal.error.DomainException;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.tenancy.TenantContext;
import org.cmoportal.web.Paging;
import org.cmoportal.web.Routes;

/**
 * Opens published statements for the person asking: a member only the statements of refs they hold, an
 * administrator any in their tenant. Anything else answers 404, whether or not it exists.
 */
@ApplicationScoped
public class StatementService {

    /** Who is looking, which decides what they may open and where the page's links point. */
    public enum Viewer { MEMBER, ADMIN }

    @Inject
    StatementReader reader;

    @Inject
    CurrentUser user;

    @Inject
    TenantContext tenant;

    /** The whole statement, every line (the page, the exports). */
    @Transactional
    public StatementView open(long statementId, Viewer viewer) {
        StatementHeader head = headerFor(statementId, viewer);
        return new StatementView(head, lines(head), base(head, viewer), viewer == Viewer.ADMIN);
    }

    /** Whose kept lines: a statement of a tenant (its period, run and ref, which its lines are read by, are its own). */
    record LinesKey(String tenantId, long statementId) {
    }

    /**
     * Statements' lines as read, kept for the pages asked again: at most 10,000 statements and 100,000 lines in all
     * (about 10 MB). A published statement's lines never change (the database refuses it; its run, its run lines and its
     * published filings are written before it is visible), so a statement opened again (its next page of lines, its
     * search, its CSV) needs no second read of them; what is read for every request is the header, which says whether
     * the viewer may open it and whether its lines were archived since (then none are kept). Replaced by tests only.
     */
    static volatile BoundedLru<LinesKey, List<StatementRow>> keptLines = new BoundedLru<>(10_000, 100_000, List::size);

    private List<StatementRow> lines(StatementHeader head) {
        if (head.archivedAt() != null) {
            return reader.lines(head);
        }
        return keptLines.get(new LinesKey(head.tenantId(), head.id()),
                () -> List.copyOf(reader.lines(head)));
    }

    /**
     * The statement as its page shows it: the summary, the charts and the counts over every line, the table a page of
     * lines ({@code linesPage}) searched by builder, model or category ({@code query}). An archived period's lines are
     * no longer kept, so there is no page to read.
     */
    @Transactional
    public StatementView open(long statementId, Viewer viewer, String query, int linesPage) {
        StatementView whole = open(statementId, viewer);
        StatementHeader head = whole.head();
        StatementReader.LinePage page = head.archivedAt() != null
                ? new StatementReader.LinePage(Paging.query(query), Paging.of(1, Paging.SIZE, 0), List.of())
                : reader.linePage(head, query, linesPage, whole.lines());
        return whole.showing(page);
    }

    /** The trail of one line of a statement the viewer may open. */
    @Transactional
    public LineTrail trail(long statementId, long lineId, Viewer viewer) {
        StatementHeader head = headerFor(statementId, viewer);
        StatementRow line = reader.line(head, lineId)
                .orElseThrow(() -> DomainException.notFound("Line " + lineId + " of statement " + statementId));
        FilingRecord filing = reader.filing(line.filingId())
                .orElseThrow(() -> DomainException.notFound("Filing " + line.filingId()));
        DistributionRule rule = reader.rule(line.category());
        long[] shares = reader.categoryShares(head.runId(), line.filingId(), line.category());
        Trail trail = Trail.member(filing, line.category(), line.categoryLabel(), rule, head.adminFeeRate(), line.units(),
                line.categoryUnits(), shares[0], shares[1], line.amount(), head.currency());
        return new LineTrail(new StatementView(head, List.of(line), base(head, viewer), viewer == Viewer.ADMIN), line, trail);
    }

    /**
     * A statement explained with its own figures: the worked example is its largest line (the first such line when
     * several are equally large), whose trail gives every step's working; {@code line} and {@code trail} are null for
     * a statement without lines.
     */
    @Transactional
    public Explained explain(long statementId, Viewer viewer) {
        StatementHeader head = headerFor(statementId, viewer);
        List<StatementRow> lines = reader.lines(head);
        StatementView view = new StatementView(head, lines, base(head, viewer), viewer == Viewer.ADMIN);
        StatementRow largest = null;
        for (StatementRow l : lines) {
            if (largest == null || l.amount() > largest.amount()) {
                largest = l;
            }
        }
        if (largest == null) {
            return new Explained(view, null, null, false);
        }
        LineTrail lt = trail(statementId, largest.id(), viewer);
        return new Explained(view, largest, lt.trail(), reader.rule(largest.category()) == DistributionRule.EQUAL_SHARES);
    }

    /** A statement, the line that explains it, that line's trail, and whether its category shares equally. */
    public record Explained(StatementView statement, StatementRow line, Trail trail, boolean equalShares) {

        /** The trail's steps in order: operating profit, pool, category, fee, net, the member's share. */
        public TrailStep step(int i) {
            return trail.steps().get(i);
        }

        public TrailStep profit() {
            return step(0);
        }

        public TrailStep pool() {
            return step(1);
        }

        public TrailStep category() {
            return step(2);
        }

        public TrailStep fee() {
            return step(3);
        }

        public TrailStep net() {
            return step(4);
        }

        public TrailStep share() {
            return step(5);
        }

        /** Whether the member's share received one of the minor units left after rounding everyone down. */
        public boolean roundedUp() {
            return trail.figures().amount() > trail.figures().shareFloor();
        }

        /** The other lines of the statement, each explained by its own "How?". */
        public int otherLines() {
            return statement.lines().size() - 1;
        }
    }

    /** A line with its trail, and the statement it belongs to. */
    public record LineTrail(StatementView statement, StatementRow line, Trail trail) {
    }

    private StatementHeader headerFor(long statementId, Viewer viewer) {
        StatementHeader head = reader.header(statementId)
                .orElseThrow(() -> DomainException.notFound("Statement " + statementId));
        if (viewer == Viewer.MEMBER && !user.affiliations().holdsRef(tenant.tenantId(), head.ref())) {
            throw DomainException.notFound("Statement " + statementId);
        }
        return head;
    }

    static String base(StatementHeader head, Viewer viewer) {
        return viewer == Viewer.ADMIN ? Routes.adminStatement(head.tenantId(), head.id())
                : Routes.memberStatement(head.tenantId(), head.id());
    }
}
