package org.cmoportal.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.qute.TemplateExtension;

/**
 * Where a page of a list that grows stands: which page is shown, how many rows a page holds and how many rows match.
 * Every paginated list computes its page, offset and links here, and templates show it with the {@code paging} tag.
 * A page asked beyond the last shows the last one (a stale link still lands on rows), a page before the first the first.
 *
 * @param page the page shown, from 1, never beyond the last
 * @param size rows per page
 * @param count rows that match the search
 */
public record Paging(int page, int size, long count) {

    /** Rows per page where a list has no reason for another size. */
    public static final int SIZE = 50;

    /** Rows per page of an API list when the client names no {@code size}: a program reads more than a person. */
    public static final int API_SIZE = 100;

    /** The most rows an API list gives a page, whatever {@code size} asks: one call never reads a whole growing list. */
    public static final int API_MAX = 1_000;

    /** The {@code size} an API client asked, kept between 1 and {@link #API_MAX}; {@link #API_SIZE} for none. */
    public static int apiSize(Integer size) {
        return size == null ? API_SIZE : Math.max(1, Math.min(API_MAX, size));
    }

    /** The {@code page} an API client asked, the first for none (a page beyond the last is the last, see {@link #of}). */
    public static int apiPage(Integer page) {
        return page == null ? 1 : page;
    }

    public Paging {
        if (size < 1) {
            throw new IllegalArgumentException("a page holds at least one row");
        }
    }

    /** The page to show of {@code count} rows for a requested page, kept between the first and the last. */
    public static Paging of(int requested, int size, long count) {
        long pages = Math.max(1, (count + size - 1) / size);
        return new Paging((int) Math.max(1, Math.min(requested, pages)), size, count);
    }

    /** The page a person asked for in the address ({@code ?page=3}): anything but a number is the first. */
    public static int requested(String text) {
        if (text == null || text.isBlank()) {
            return 1;
        }
        try {
            return Math.max(1, Integer.parseInt(text.strip()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /**
     * A case-insensitive LIKE pattern (lower-cased, compare with {@code lower(column) LIKE :like}) that finds the
     * search anywhere in a value, its own {@code %}, {@code _} and {@code \} taken literally; null for no search.
     */
    public static String like(String query) {
        if (query == null || query.isBlank()) {
            return null;
        }
        return "%" + query.strip().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    /**
     * The search lower-cased, for HQL's {@code locate(:q, lower(column)) > 0} (Hibernate writes its LIKE with no escape
     * character, so a LIKE pattern's escapes would not hold there); null for no search.
     */
    public static String contains(String query) {
        return query == null || query.isBlank() ? null : query.strip().toLowerCase(Locale.ROOT);
    }

    /** A page of rows as read, and where it stands. */
    public record Page<T>(List<T> rows, Paging paging) {
    }

    /**
     * The page {@code requested} ({@code size} rows) of an entity's rows where any of {@code columns} holds the search
     * (any case, see {@link #contains}), in {@code order}: counted and read a page at a time in the database. {@code find}
     * is the entity's own Panache {@code find}, written as a lambda ({@code (hql, parameters) -> EvaluatorOrg.find(hql,
     * parameters)}): Panache writes an entity's static methods into the entity at build time, and a method reference
     * would reach the base class's, which only throw.
     */
    public static <T> Page<T> search(BiFunction<String, Parameters, PanacheQuery<T>> find, String query, int requested,
            int size, String order, String... columns) {
        String q = contains(query);
        Parameters parameters = new Parameters();
        String hql = "order by " + order;
        if (q != null) {
            hql = Stream.of(columns).map(c -> "locate(:q, lower(" + c + ")) > 0").collect(Collectors.joining(" or ")) + " " + hql;
            parameters = parameters.and("q", q);
        }
        PanacheQuery<T> rows = find.apply(hql, parameters);
        Paging paging = of(requested, size, rows.count());
        return new Page<>(rows.range((int) paging.offset(), (int) paging.offset() + size - 1).list(), paging);
    }

    /**
     * The least text after every text that starts with {@code prefix}, in code point order (PostgreSQL's {@code "C"}
     * collation): a prefix search is then the range {@code >= prefix AND < after(prefix)}, which a B-tree index on the
     * column in that order reads directly. Null when no such bound exists (the prefix is all U+10FFFF): search without one.
     */
    public static String after(String prefix) {
        int[] points = prefix.codePoints().toArray();
        for (int i = points.length - 1; i >= 0; i--) {
            if (points[i] < Character.MAX_CODE_POINT) {
                int next = points[i] + 1;
                points[i] = next >= Character.MIN_SURROGATE && next <= Character.MAX_SURROGATE ? Character.MAX_SURROGATE + 1 : next;
                return new String(points, 0, i + 1);
            }
        }
        return null;
    }

    /** The search as typed, trimmed; empty for none (what a search field shows again). */
    public static String query(String query) {
        return query == null ? "" : query.strip();
    }

    /**
     * A list's address with its search ({@code ?q=}, encoded), or the address alone for no search; templates write
     * {@code paging:searched(route:members(tenant), query)} as the base of the pages' links.
     */
    @TemplateExtension(namespace = "paging")
    public static String searched(String address, String query) {
        return query == null || query.isBlank() ? address
                : address + (address.indexOf('?') < 0 ? "?" : "&") + "q=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
    }

    public int pages() {
        return (int) Math.max(1, (count + size - 1) / size);
    }

    /** Rows before this page, for {@code OFFSET}. */
    public long offset() {
        return (long) (page - 1) * size;
    }

    public boolean hasPrevious() {
        return page > 1;
    }

    public boolean hasNext() {
        return page < pages();
    }

    public int previous() {
        return page - 1;
    }

    public int next() {
        return page + 1;
    }

    /** The number of the first row on this page, from 1 (0 when nothing matches). */
    public long first() {
        return count == 0 ? 0 : offset() + 1;
    }

    /** The number of the last row on this page. */
    public long last() {
        return Math.min(count, offset() + size);
    }

    /** The address of page {@code n} of a list at {@code base}, which may already carry the search's parameters. */
    public String at(String base, int n) {
        return at(base, n, "page");
    }

    /**
     * The address of page {@code n} where the page's parameter is {@code name}: a page holding two growing lists names
     * the second's page otherwise ({@code claimsPage}), so each keeps its own place.
     */
    public String at(String base, int n, String name) {
        return base + (base.indexOf('?') < 0 ? '?' : '&') + name + "=" + n;
    }
}
