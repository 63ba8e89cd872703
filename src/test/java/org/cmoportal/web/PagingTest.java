package org.cmoportal.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one page arithmetic of every list that grows. */
class PagingTest {

    @Test
    void aPageIsKeptBetweenTheFirstAndTheLast() {
        Paging p = Paging.of(99, 50, 121);
        assertThat(p.page()).isEqualTo(3);
        assertThat(p.pages()).isEqualTo(3);
        assertThat(p.offset()).isEqualTo(100);
        assertThat(p.first()).isEqualTo(101);
        assertThat(p.last()).isEqualTo(121);
        assertThat(p.hasNext()).isFalse();
        assertThat(p.hasPrevious()).isTrue();
        assertThat(p.previous()).isEqualTo(2);
        assertThat(Paging.of(0, 50, 121).page()).isEqualTo(1);
        assertThat(Paging.of(-5, 50, 121).offset()).isZero();
    }

    @Test
    void nothingToShowIsOnePageWithNoRows() {
        Paging p = Paging.of(4, 50, 0);
        assertThat(p.page()).isEqualTo(1);
        assertThat(p.pages()).isEqualTo(1);
        assertThat(p.first()).isZero();
        assertThat(p.last()).isZero();
        assertThat(p.hasNext()).isFalse();
    }

    @Test
    void exactlyFullPagesHaveNoEmptyPageAfterThem() {
        assertThat(Paging.of(1, 50, 100).pages()).isEqualTo(2);
        assertThat(Paging.of(1, 50, 101).pages()).isEqualTo(3);
        assertThat(Paging.of(1, 50, 50).hasNext()).isFalse();
    }

    @Test
    void theAddressAsksForAPageAndAnythingElseIsTheFirst() {
        assertThat(Paging.requested("3")).isEqualTo(3);
        assertThat(Paging.requested(" 7 ")).isEqualTo(7);
        assertThat(Paging.requested(null)).isEqualTo(1);
        assertThat(Paging.requested("")).isEqualTo(1);
        assertThat(Paging.requested("two")).isEqualTo(1);
        assertThat(Paging.requested("-2")).isEqualTo(1);
        assertThat(Paging.requested("99999999999999")).isEqualTo(1);
    }

    @Test
    void aSearchIsTakenLiterally() {
        assertThat(Paging.like(null)).isNull();
        assertThat(Paging.like("  ")).isNull();
        assertThat(Paging.like(" Ann ")).isEqualTo("%ann%");
        assertThat(Paging.like("50%_off\\")).isEqualTo("%50\\%\\_off\\\\%");
        assertThat(Paging.contains(" 50%_Off ")).isEqualTo("50%_off");
        assertThat(Paging.contains("")).isNull();
    }

    @Test
    void pageLinksKeepTheSearch() {
        Paging p = Paging.of(1, 10, 30);
        assertThat(p.at("/t/x/admin/members", 2)).isEqualTo("/t/x/admin/members?page=2");
        assertThat(p.at(Paging.searched("/t/x/admin/members", "a&b c"), 2)).isEqualTo("/t/x/admin/members?q=a%26b+c&page=2");
        // a second list on a page keeps its own page parameter
        assertThat(p.at("/t/x/admin/suspense", 2, "claimsPage")).isEqualTo("/t/x/admin/suspense?claimsPage=2");
        assertThat(p.at("/t/x/admin/suspense?claimsQ=a", 2, "claimsPage")).isEqualTo("/t/x/admin/suspense?claimsQ=a&claimsPage=2");
        assertThat(Paging.searched("/t/x/admin/members", " ")).isEqualTo("/t/x/admin/members");
    }

    @Test
    void aPrefixEndsBeforeTheFirstTextThatDoesNotStartWithIt() {
        assertThat(Paging.after("paid-05")).isEqualTo("paid-06");
        assertThat(Paging.after("kept-9")).isEqualTo("kept-:");
        // a character beyond the basic plane is one code point, and surrogates are no characters to step to
        assertThat(Paging.after("a\uD83D\uDE00")).isEqualTo("a\uD83D\uDE01");
        assertThat(Paging.after("a\uD7FF")).isEqualTo("a\uE000");
        String last = new String(Character.toChars(Character.MAX_CODE_POINT));
        assertThat(Paging.after("b" + last)).isEqualTo("c");
        assertThat(Paging.after(last)).isNull();
        // every text that starts with the prefix sorts (in code point order) at or after it and before its end
        for (String ref : new String[] {"paid-05", "paid-050", "paid-05\uFFFF", "paid-05" + last}) {
            assertThat(ref.compareTo("paid-05")).isGreaterThanOrEqualTo(0);
            assertThat(compare(ref, Paging.after("paid-05"))).isNegative();
        }
        assertThat(compare("paid-06", Paging.after("paid-05"))).isZero();
    }

    private static int compare(String a, String b) {
        return java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }
}
