package org.cmoportal.statement;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.function.Function;

import org.cmoportal.account.AccountSummary;
import org.cmoportal.dispute.Disputes;
import org.cmoportal.account.Adjustments;
import org.cmoportal.statement.StatementService.Viewer;

import io.quarkus.qute.RawString;

/**
 * A statement with the member's account beside it (docs/statements.md, "The account beside the statement"), read in
 * one transaction: the published statement as it is, the account from the ledger as it is now.
 */
@ApplicationScoped
public class StatementAccount {

    /**
     * What the statement page and its PDF show. The page's {@code keptBody}: its body as kept for the header's account
     * version, which shows the account already, so {@code account} and {@code adjustments} were not read (null); null
     * where none is kept, and then they were.
     */
    public record Page(StatementView view, AccountSummary.View account, List<Adjustments.Shown> adjustments,
            RawString keptBody) {
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
     * and its body as {@code kept} keeps it for the header's account version (read in the header's query:
     * statement/RenderedParts), or else its account. The account is read after the header (each statement its own
     * snapshot): as new as the version the body is then kept under, or newer, never older; one newer is made again
     * at the next version.
     */
    @Transactional
    public Page open(long statementId, Viewer viewer, String query, int linesPage, Function<StatementView, RawString> kept) {
        StatementView view = disputable(statements.open(statementId, viewer, query, linesPage), viewer);
        RawString body = kept.apply(view);
        return body != null ? new Page(view, null, null, body) : beside(view);
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
        return new Page(view, beside.account(), beside.adjustments(), null);
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
