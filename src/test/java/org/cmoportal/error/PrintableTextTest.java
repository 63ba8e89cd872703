package org.cmoportal.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class PrintableTextTest {

    @Test
    void refusesControlCharactersAndSaysWhere() {
        assertThat(PrintableText.check("name", "Ali\u0001ce")).get()
                .satisfies(p -> {
                    assertThat(p.where()).isEqualTo("name");
                    assertThat(p.message()).contains("U+0001").contains("position 4");
                });
        assertThat(PrintableText.check("name", "tab\there")).isPresent();
        assertThat(PrintableText.check("name", "line\nbreak")).isPresent();
        assertThat(PrintableText.check("name", "c1\u0085")).isPresent();
        assertThat(PrintableText.check("name", "lone\uD800")).isPresent();
        assertThatThrownBy(() -> PrintableText.require("members.csv line 3 name", "x\u0007"))
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("members.csv line 3 name");
    }

    @Test
    void acceptsWhatPeopleAreCalled() {
        assertThat(PrintableText.check("name", "Zoë Ørsted-Łukasiewicz 山田 🎵")).isEmpty();
        assertThat(PrintableText.check("name", null)).isEmpty();
    }

    @Property(tries = 1000)
    void printableLatinIsAlwaysAccepted(@ForAll @CharRange(from = ' ', to = '~') @StringLength(max = 40) String s) {
        assertThat(PrintableText.check("name", s)).isEmpty();
    }
}
