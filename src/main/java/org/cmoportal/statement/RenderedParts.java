package org.cmoportal.statement;

import java.time.LocalDate;
import java.util.Locale;
import java.util.function.Supplier;

import org.cmoportal.web.Formats;

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
 * nothing in either depends on the viewer's language (they write no date).
 *
 * <p>The page's body (everything under its title: the summary, the account beside the statement, its adjustments, the
 * table and the charts) is kept too, by value: its key holds everything it is rendered from that can change (the
 * header as read now, with the CMO's name, the dispute window, today and the tenant's account version; the viewer's
 * language; the dispute window's last day; the page of lines), so a CMO renamed, another day or any change to an account
 * of the tenant is another key, and nothing is ever invalidated. The account and the adjustments are not in the key: the
 * account version (V50) moves, in the transaction that makes it, with every change to what they are read from, so one
 * version fixes them. The header is still read for every request; while the body is kept the account is not read at all
 * ({@link #keptBody}), which was most of the page's database time (docs/performance.md, fourteenth session). The body
 * reads nothing of the request but its language ({@link Formats#viewerLocale}); the layout around it (the person, their
 * navigation, the form token) is rendered for every request.
 *
 * <p>Bounded by entries and by characters, the least recently used dropped first.
 */
final class RenderedParts {

    /** What one rendered part depends on; a chart's key has no viewer, dispute or page. */
    record Key(String part, String tenantId, long statementId, String currency, boolean adminView,
            boolean disputable, int page) {
    }

    /**
     * What a page's body is rendered from, beside the statement's lines (which its id fixes) and the account and
     * adjustments (which the header's account version fixes).
     */
    record BodyKey(StatementHeader head, boolean adminView, LocalDate disputableUntil, int page, Locale language) {
    }

    private final BoundedLru<Key, RawString> parts;

    private final BoundedLru<BodyKey, RawString> bodies;

    RenderedParts(int maxEntries, long maxChars) {
        parts = new BoundedLru<>(maxEntries, maxChars, part -> part.getValue().length());
        bodies = new BoundedLru<>(maxEntries, maxChars, body -> body.getValue().length());
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

    /**
     * The page's body for this view in the viewer's language as rendered before, else as {@code render} renders it now,
     * with the account as read for the header's account version (and kept); null where it is not kept: a searched
     * page, an archived statement, no room for any.
     */
    RawString body(StatementView view, Supplier<String> render) {
        BodyKey key = bodyKey(view);
        return key == null ? null : bodies.get(key, () -> new RawString(render.get()));
    }

    /** The page's body for this view in the viewer's language as kept, or null where none is (nothing is made). */
    RawString keptBody(StatementView view) {
        BodyKey key = bodyKey(view);
        return key == null ? null : bodies.kept(key);
    }

    private BodyKey bodyKey(StatementView view) {
        StatementHeader h = view.head();
        if (view.shown() == null || !view.lineQuery().isEmpty() || h.archivedAt() != null || !bodies.keeps()) {
            return null;
        }
        return new BodyKey(h, view.adminView(), view.disputableUntil(), view.linePaging().page(), Formats.viewerLocale());
    }

    int bodies() {
        return bodies.size();
    }

    private RawString part(Key key, Supplier<String> render) {
        return parts.keeps() ? parts.get(key, () -> new RawString(render.get())) : null;
    }

    int size() {
        return parts.size();
    }
}
