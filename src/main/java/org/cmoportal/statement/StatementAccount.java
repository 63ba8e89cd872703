package org.cmoportal.statement;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.function.Predicate;

import org.cmoportal.account.AccountSummary;
import org.cmoportal.dispute.Disputes;
import org.cmoportal.account.Adjustments;
import org.cmoportal.statement.StatementService.Viewer;

/**
 * A statement with the member's account beside it (docs/statements.md, "The account beside the statement"), read in
 * one transaction: the published statement as it is, the account from the ledger as it is now.
 */
@ApplicationScoped
public class StatementAccount {

    /**
     * What the statement page and its PDF show; the page's {@code account} and {@code adjustments} are null where they
     * were not read, its body as kept showing them already ({@link #open(long, Viewer, String, int, Predicate)}).
     */
    public record Page(StatementView view, AccountSummary.View account, List<Adjustments.Shown> adjustments) {

        boolean read() {
            return account != null;
        }
    }

    /** A statement with its adjustments section alone (the CSV). */
    public record Adjusted(StatementView view, List<Adjustments.Shown> adjustments) {
    }

    @Inject
    StatementService statements;

    @Inject
    AccountSummary summaries;

    @Inject
    Adjustments adjustments;

    /** The whole statement with its account (the PDF: every line). */
    @Transactional
    public Page open(long statementId, Viewer viewer) {
        return page(statements.open(statementId, viewer), viewer);
    }

    /**
     * The statement page: its table a page of lines, searched ({@link StatementService#open(long, Viewer, String, int)}),
     * with its account unless {@code shownAlready} says the page's body as kept shows it (keyed by the header's account
     * version, read in the header's query: statement/RenderedParts).
     */
    @Transactional
    public Page open(long statementId, Viewer viewer, String query, int linesPage, Predicate<StatementView> shownAlready) {
        StatementView view = disputable(statements.open(statementId, viewer, query, linesPage), viewer);
        return shownAlready.test(view) ? new Page(view, null, null) : beside(view);
    }

    /**
     * The account beside a statement opened before without it, for a page whose kept body was dropped in between: read
     * after the header, so it is as new as the account version that keys the body or newer, never older.
     */
    @Transactional
    public Page account(StatementView view) {
        return beside(view);
    }

    /**
     * The statement page's table of lines alone, as its search asks for it through htmx: searched and cut as
     * {@link #open(long, Viewer, String, int)} does, without the account, which the table does not show.
     */
    @Transactional
    public StatementView lines(long statementId, Viewer viewer, String query, int linesPage) {
        return disputable(statements.open(statementId, viewer, query, linesPage), viewer);
    }

    private Page page(StatementView opened, Viewer viewer) {
        return beside(disputable(opened, viewer));
    }

    private Page beside(StatementView view) {
        StatementHeader h = view.head();
        AccountSummary.Beside beside = summaries.forStatement(h.periodId(), h.ref(), h.total(), h.publishedAt());
        return new Page(view, beside.account(), beside.adjustments());
    }

    /**
     * The member may dispute its lines while the tenant's dispute window is open (dispute/Disputes); the header read
     * the window's figures with the statement.
     */
    private static StatementView disputable(StatementView opened, Viewer viewer) {
        StatementHeader h = opened.head();
        return viewer != Viewer.MEMBER ? opened
                : Disputes.Window.of(h.distributedOn(), h.disputeWindowDays(), h.today()).filter(Disputes.Window::open)
                        .map(w -> opened.disputableUntil(w.lastDay())).orElse(opened);
    }

    /** The statement and the adjustments that land in its period for its member, whatever their cause. */
    @Transactional
    public Adjusted adjusted(long statementId, Viewer viewer) {
        StatementView view = statements.open(statementId, viewer);
        return new Adjusted(view, adjustments.landingIn(view.head().periodId(), view.head().ref()));
    }
}
