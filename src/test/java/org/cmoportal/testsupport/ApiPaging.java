package org.cmoportal.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The paging contract every API list that grows keeps (architecture.md, "The API's lists that grow"), stated once: the
 * search is {@code q}, the page {@code page} and {@code size}; the whole count that matches is in {@code X-Total-Count};
 * a page beyond the last is the last; a {@code size} is kept between 1 and 1,000 and is 100 when none is asked. A test
 * names the list (who asks, where, and which field tells its rows apart) and the rows it expects in their order; what
 * is its own (the fields it searches, who may not read it, what else a row or the body carries) it still asserts itself.
 *
 * @param <K> the type of the field that tells a row from another
 */
public final class ApiPaging<K> {

    /** The page size when none is asked, as the API documents it. */
    public static final int DEFAULT_SIZE = 100;

    /** The largest page size; asked beyond, it is this. */
    public static final int MAX_SIZE = 1_000;

    /** The page sizes the contract is walked with: small enough that a handful of rows makes several pages. */
    private static final List<Integer> SIZES = List.of(1, 2, 3);

    private final Supplier<RequestSpecification> request;
    private final String path;
    private final String keys;
    private final Class<K> type;

    private ApiPaging(Supplier<RequestSpecification> request, String path, String keys, Class<K> type) {
        this.request = request;
        this.path = path;
        this.keys = keys;
        this.type = type;
    }

    /**
     * A list read with a fresh request from {@code request} each time (a RestAssured request keeps the parameters added
     * to it, so one cannot be reused), at {@code path}, its rows told apart by the JSON path {@code keys} (such as
     * {@code id}, or {@code entries.id} when the rows are a field of the body).
     */
    public static <K> ApiPaging<K> of(Supplier<RequestSpecification> request, String path, String keys, Class<K> type) {
        return new ApiPaging<>(request, path, keys, type);
    }

    /** One page as the API gave it: the whole count, the rows' keys in order, and the response for what else to check. */
    public record Page<K>(long total, List<K> keys, Response response) {
    }

    /** Reads a page; {@code null} leaves a parameter out. The list must answer 200 and give its whole count. */
    public Page<K> get(String query, Integer page, Integer size) {
        RequestSpecification spec = request.get();
        if (query != null) {
            spec = spec.queryParam("q", query);
        }
        if (page != null) {
            spec = spec.queryParam("page", page);
        }
        if (size != null) {
            spec = spec.queryParam("size", size);
        }
        Response response = spec.get(path).then().statusCode(200).extract().response();
        String total = response.header("X-Total-Count");
        assertThat(total).as("X-Total-Count of %s q=%s page=%s size=%s", path, query, page, size).isNotNull().matches("\\d+");
        return new Page<>(Long.parseLong(total), response.jsonPath().getList(keys, type), response);
    }

    /** Searches {@code q}, the default page: exactly {@code expected} are found, in that order, and counted. */
    @SafeVarargs
    public final Page<K> assertFinds(String query, K... expected) {
        Page<K> found = get(query, null, null);
        assertThat(found.keys()).as("%s searched for %s", path, query).containsExactly(expected);
        assertThat(found.total()).as("X-Total-Count of %s searched for %s", path, query).isEqualTo(expected.length);
        return found;
    }

    /** {@link #assertPaged(String, List)} without a search: {@code all} are every row the list holds. */
    @SafeVarargs
    public final void assertPaged(K... all) {
        assertPaged(null, Arrays.asList(all));
    }

    /**
     * The contract over the rows {@code query} matches ({@code null}: no search), which are {@code all}, in the list's
     * order, fewer than the default size: the default page holds them all; read 1, 2 and 3 at a time every page holds
     * its own slice, and a page beyond the last holds the last; a size of 0 is 1 and one of 1,000,000 is the largest;
     * every one of those pages gives the whole count in {@code X-Total-Count}.
     */
    public void assertPaged(String query, List<K> all) {
        int n = all.size();
        assertThat(n).as("rows enough for a second page, fewer than the default size").isBetween(2, DEFAULT_SIZE - 1);
        assertPage(get(query, null, null), query, "the default page", all, n);
        for (int size : SIZES) {
            int pages = (n + size - 1) / size;
            for (int page = 1; page <= pages; page++) {
                assertPage(get(query, page, size), query, "page " + page + " of size " + size,
                        all.subList((page - 1) * size, Math.min(n, page * size)), n);
            }
            assertPage(get(query, pages + 7, size), query, "a page beyond the last (" + pages + ") of size " + size,
                    all.subList((pages - 1) * size, n), n);
        }
        assertPage(get(query, 1, 0), query, "size 0, kept at 1", all.subList(0, 1), n);
        assertPage(get(query, 1, 1_000_000), query, "size 1,000,000, kept at " + MAX_SIZE, all, n);
    }

    /**
     * Without a search, on a list other tests add to as well (the platform's tenants, organisations): at least
     * {@code atLeast} are counted, and the default page holds as many as there are up to the default size.
     */
    public void assertUnsearchedCountsAtLeast(int atLeast) {
        Page<K> page = get(null, null, null);
        assertThat(page.total()).as("X-Total-Count of %s", path).isGreaterThanOrEqualTo(atLeast);
        assertThat(page.keys()).as("the default page of %s", path).hasSize((int) Math.min(DEFAULT_SIZE, page.total()));
    }

    private void assertPage(Page<K> page, String query, String which, List<K> expected, int total) {
        assertThat(page.keys()).as("%s of %s q=%s", which, path, query).containsExactlyElementsOf(expected);
        assertThat(page.total()).as("X-Total-Count on %s of %s q=%s", which, path, query).isEqualTo(total);
    }
}
