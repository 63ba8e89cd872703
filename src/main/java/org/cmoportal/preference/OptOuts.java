package org.cmoportal.preference;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.tenancy.TenantContext;
import org.cmoportal.tenancy.TenantNames;
import org.cmoportal.tenancy.TenantSql;
import org.cmoportal.web.Paging;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * The CMO's current opt-outs, published to its licensed builders and read by its administrators: every (category,
 * member ref) whose standing preference refuses {@code train-ai} or {@code search}. A page at a time (searchable by
 * ref), or streamed whole as JSON or as aipref text, for CMOs of hundreds of thousands of members.
 */
@ApplicationScoped
public class OptOuts {

    /** One opt-out: who, in which category, what they refuse, since when. */
    public record OptOut(String category, String ref, boolean trainAi, boolean search, Instant since) {

        public String expression() {
            return new AiUse(trainAi, search).expression();
        }
    }

    /** One page of the opt-outs matching a search. */
    public record Page(String tenantId, String tenantName, String query, String category, List<String> categories,
            Paging paging, List<OptOut> rows) {
    }

    /**
     * The standing preference of each (category, ref), the latest row first by the history's index, kept when it
     * refuses anything; a search narrows by ref (a LIKE pattern) and by category.
     */
    private static final String CURRENT = """
            FROM (SELECT DISTINCT ON (category_key, member_ref) category_key, member_ref, train_ai, search, since
                    FROM member_preference
                   WHERE tenant_id = :tenant AND (CAST(:category AS text) IS NULL OR category_key = :category)
                     AND (CAST(:like AS text) IS NULL OR lower(member_ref) LIKE :like)
                   ORDER BY category_key, member_ref, since DESC, id DESC) p
            WHERE NOT (p.train_ai AND p.search)
            """;

    @Inject
    TenantSql sql;

    @Inject
    TenantContext tenant;

    @Inject
    TenantNames names;

    @Inject
    Preferences preferences;

    @Transactional
    public Page page(String query, String category, int page) {
        List<String> categories = List.copyOf(preferences.categories().keySet());
        String only = category == null || category.isBlank() || !categories.contains(category) ? null : category;
        String like = Paging.like(query);
        long matching = sql.sql("SELECT count(*) " + CURRENT).bind("category", only).bind("like", like)
                .single(rs -> rs.getLong(1));
        Paging paging = Paging.of(page, Paging.SIZE, matching);
        List<OptOut> rows = sql.sql("SELECT p.category_key, p.member_ref, p.train_ai, p.search, p.since " + CURRENT
                + " ORDER BY p.category_key, p.member_ref LIMIT :limit OFFSET :offset")
                .bind("category", only).bind("like", like).bind("limit", paging.size())
                .bind("offset", paging.offset()).list(OptOuts::row);
        return new Page(tenant.tenantId(), names.nameOf(tenant.tenantId()).orElse(tenant.tenantId()), Paging.query(query),
                only, categories, paging, rows);
    }

    /** api.md: {@code [{category, ref, trainAi, search, since}]}, streamed from a cursor, in the caller's transaction. */
    @Transactional
    public void writeJson(OutputStream out) {
        try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
            g.writeStartArray();
            each(o -> {
                g.writeStartObject();
                g.writeStringField("category", o.category());
                g.writeStringField("ref", o.ref());
                g.writeBooleanField("trainAi", o.trainAi());
                g.writeBooleanField("search", o.search());
                g.writeStringField("since", o.since().toString());
                g.writeEndObject();
            });
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The plain-text export (docs/preferences.md): a comment header, then one line per opt-out,
     * {@code <category> TAB <member ref> TAB train-ai=n, search=y}, in category and ref order. Neither a category key
     * nor a ref can hold a tab or a line break (the schema refuses control characters in both).
     */
    @Transactional
    public void writeText(Writer out) {
        try {
            out.write("# AI usage preferences of the members of " + tenant.tenantId() + " (aipref vocabulary: train-ai, search; y = allowed, n = not allowed)\n");
            out.write("# Current opt-outs only: a member ref and category not listed allows both. Generated " + Instant.now() + "\n");
            out.write("# category\tmember_ref\tpreferences\n");
            each(o -> out.write(o.category() + "\t" + o.ref() + "\t" + o.expression() + "\n"));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FunctionalInterface
    private interface Sink {
        void accept(OptOut o) throws IOException;
    }

    private void each(Sink sink) {
        sql.sql("SELECT p.category_key, p.member_ref, p.train_ai, p.search, p.since " + CURRENT
                + " ORDER BY p.category_key, p.member_ref").bind("category", null).bind("like", null)
                .stream(rs -> sink.accept(row(rs)));
    }

    private static OptOut row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new OptOut(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4), rs.getTimestamp(5).toInstant());
    }
}
