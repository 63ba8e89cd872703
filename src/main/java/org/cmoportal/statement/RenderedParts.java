package org.cmoportal.statement;

import java.util.function.Supplier;

import io.quarkus.qute.RawString;

/**
 * The parts of the statement page that cannot change, as rendered, kept for the pages asked again (docs/performance.md,
 * "ninth session"): the table of a page of lines and the two charts. They were most of what the page rendered per
 * request: about twenty expressions for each of fifty lines and each bar of the charts, each looked up and escaped.
 *
 * <p>Only what cannot change is kept. A published statement's lines, their filings' builders and models and their
 * categories' names never change (the database refuses it); what a part shows besides is decided by its key: the
 * statement (with its tenant and currency; its run is its own) and, for the table, whose address its links carry (the member's or the
 * administrator's), whether its lines may still be disputed and the page of lines. A searched table is not kept (a search
 * is typed once), nor anything of an archived statement (its lines are gone). The key names the statement, which the
 * caller has opened for the viewer before asking, so a part is only ever shown to someone who may open that statement;
 * nothing in either depends on the viewer's language (they write no date). The account beside the statement, the
 * summary and the dispute window are read and rendered for every request.
 *
 * <p>Bounded by entries and by characters, the least recently used dropped first.
 */
final class RenderedParts {

    /** What one rendered part depends on; a chart's key has no viewer, dispute or page. */
    record Key(String part, String tenantId, long statementId, String currency, boolean adminView,
            boolean disputable, int page) {
    }

    private final BoundedLru<Key, RawString> parts;

    RenderedParts(int maxEntries, long maxChars) {
        parts = new BoundedLru<>(maxEntries, maxChars, part -> part.getValue().length());
    }

    /**
     * The table of lines the view shows as rendered before, else as {@code render} renders it now (and kept); null where
     * it is not kept: a searched page, an archived statement or one without lines, no room for any (the page then
     * renders it in place).
     */
    RawString lines(StatementView view, Supplier<String> render) {
        StatementHeader h = view.head();
        if (view.shown() == null || !view.lineQuery().isEmpty() || h.archivedAt() != null || view.lines().isEmpty()) {
            return null;
        }
        return part(new Key("lines", h.tenantId(), h.id(), h.currency().code(), view.adminView(),
                view.disputableUntil() != null, view.linePaging().page()), render);
    }

    /** The charts of the statement's lines as rendered before, else as {@code render} renders them now; as {@link #lines}. */
    RawString charts(StatementView view, Supplier<String> render) {
        StatementHeader h = view.head();
        if (h.archivedAt() != null || view.lines().isEmpty()) {
            return null;
        }
        return part(new Key("charts", h.tenantId(), h.id(), h.currency().code(), false, false, 0), render);
    }

    private RawString part(Key key, Supplier<String> render) {
        return parts.keeps() ? parts.get(key, () -> new RawString(render.get())) : null;
    }

    int size() {
        return parts.size();
    }
}
