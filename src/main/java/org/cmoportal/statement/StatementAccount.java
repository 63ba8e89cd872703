package org.cmoportal.statement;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.account.AccountSummary;
import org.cmoportal.statement.StatementService.Viewer;

/**
 * A statement with the member's account beside it (docs/statements.md, "The account beside the statement"), read in
 * one transaction: the published statement as it is, the account from the ledger as it is now.
 */
@ApplicationScoped
public class StatementAccount {

    /** What the statement page and its PDF show. */
    public record Page(StatementView view, AccountSummary.View account) {
    }

    @Inject
    StatementService statements;

    @Inject
    AccountSummary summaries;

    @Transactional
    public Page open(long statementId, Viewer viewer) {
        StatementView view = statements.open(statementId, viewer);
        StatementHeader h = view.head();
        return new Page(view, summaries.forStatement(h.periodId(), h.ref(), h.total(), h.publishedAt()));
    }
}
