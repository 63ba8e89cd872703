package org.cmoportal.money;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class CodePointOrderTest {

    @Test
    void aCharacterAboveFfffComesAfterPrivateUseCharacters() {
        String supplementary = new String(Character.toChars(0x1F600)); // an emoji, a surrogate pair in UTF-16
        String privateUse = "\uE000";
        assertThat(supplementary.compareTo(privateUse)).isNegative(); // UTF-16 order: wrong for allocate
        assertThat(CodePointOrder.compareStrings(supplementary, privateUse)).isPositive();
        assertThat(CodePointOrder.compareStrings("\uFFFD", new String(Character.toChars(0x10000)))).isNegative();
        assertThat(CodePointOrder.compareStrings("alice", "bob")).isNegative();
        assertThat(CodePointOrder.compareStrings("Zoe", "zoe")).isNegative();
        assertThat(CodePointOrder.compareStrings("ab", "abc")).isNegative();
        assertThat(CodePointOrder.compareStrings("abc", "abc")).isZero();
    }

    @Property(tries = 10_000)
    void agreesWithComparingCodePointArrays(@ForAll("tricky") String a, @ForAll("tricky") String b) {
        int expected = Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
        assertThat(Integer.signum(CodePointOrder.compareStrings(a, b))).isEqualTo(Integer.signum(expected));
    }

    @Provide
    Arbitrary<String> tricky() {
        Arbitrary<String> piece = Arbitraries.of("a", "b", "z", "\u00e9", "\uD7FF", "\uE000", "\uFFFD", "\uFFFF",
                new String(Character.toChars(0x10000)), new String(Character.toChars(0x1F600)),
                new String(Character.toChars(0x10FFFF)));
        return piece.list().ofMaxSize(5).map(l -> String.join("", l));
    }
}
