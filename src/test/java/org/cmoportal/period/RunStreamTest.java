package org.cmoportal.period;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.cmoportal.distribution.DistributionRule;
import org.cmoportal.error.DomainException;
import org.cmoportal.money.Rate;
import org.junit.jupiter.api.Test;

/** The run's stream without a database: COPY rows in, the engine's figures out as COPY rows. */
class RunStreamTest {

    static final RunStream.Terms TERMS = new RunStream.Terms(Rate.parse("0.10"),
            new TreeMap<>(Map.of("news", DistributionRule.PRO_RATA_UNITS, "code", DistributionRule.EQUAL_SHARES)));

    /** alice, bob, "back\\slash" and the emoji ref are members; "ali" is alice's alias (a confirmed claim). */
    static final RunStream.Members MEMBERS = new RunStream.Members(
            Set.of("alice", "bob", "back\\slash", "\uD83D\uDE00\\"), Map.of("ali", "alice"));

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private RunStream stream(long... grossAndAmounts) {
        Map<Long, RunStream.Filing> filings = new LinkedHashMap<>();
        RunStream.Filing f = new RunStream.Filing(7, grossAndAmounts[0]);
        f.amounts.put("news", grossAndAmounts[1]);
        f.amounts.put("code", grossAndAmounts[2]);
        filings.put(7L, f);
        return new RunStream(TERMS, MEMBERS, filings, new CopyText.Writer(out));
    }

    private static byte[] row(String text) {
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private List<String> lines() {
        return List.of(out.toString(StandardCharsets.UTF_8).split("\n"));
    }

    @Test
    void theWorkedExampleAndACategoryWithoutUsage() throws IOException {
        RunStream s = stream(5_625_000 + 1_001, 5_625_000, 1_001);
        s.accept(row("7\tnews\talice\t3"));
        s.accept(row("7\tnews\tbob\t1"));
        s.accept(row("7\tnews\tzed\t3"));
        s.finish();
        assertThat(lines()).containsExactly(
                "7\tnews\talice\tt\t3\t7\t2169643",
                "7\tnews\tbob\tt\t1\t7\t723214",
                "7\tnews\tzed\tf\t3\t7\t2169643");
        assertThat(s.unreferenced).extracting(b -> new String(b, StandardCharsets.UTF_8)).containsExactly("7\tcode\t\\N\tf\t0\t0\t901\n");
        assertThat(s.groups).containsExactly(new RunStream.Group(0, out.size()));
        assertThat(s.fees).isEqualTo(562_500 + 100);
        assertThat(s.paid).isEqualTo(2_892_857);
        assertThat(s.suspense).isEqualTo(2_169_643 + 901);
        assertThat(s.gross).isEqualTo(s.fees + s.paid + s.suspense);
        assertThat(s.lineCount).isEqualTo(4);
        assertThat(s.categories).extracting(b -> new String(b, StandardCharsets.UTF_8)).containsExactly(
                "7\tcode\tEQUAL_SHARES\t1001\t100\t901\t0\t0\t0", "7\tnews\tPRO_RATA_UNITS\t5625000\t562500\t5062500\t7\t3\t2");
    }

    @Test
    void refsThatCopyEscapesComeBackAsTheyWere() throws IOException {
        RunStream s = stream(100, 0, 100);
        s.accept(row("7\tcode\tback\\\\slash\t1"));
        s.accept(row("7\tcode\tzo\u00eb\t1"));
        s.accept(row("7\tcode\t\uD83D\uDE00\\\\\t1"));
        s.finish();
        // 90 net over three equal shares, the refs in code point order, each escaped again on the way out
        assertThat(lines()).contains("7\tcode\tback\\\\slash\tt\t1\t3\t30", "7\tcode\tzo\u00eb\tf\t1\t3\t30",
                "7\tcode\t\uD83D\uDE00\\\\\tt\t1\t3\t30");
    }

    @Test
    void usageInACategoryTheCmoDoesNotAdministerIsRefused() {
        RunStream s = stream(100, 100, 0);
        assertThatThrownBy(() -> s.accept(row("7\tbooks\talice\t1"))).isInstanceOf(DomainException.class)
                .hasMessageContaining("Filing 7 reports usage in category 'books'");
    }

    @Test
    void aFilingWhoseCategoriesDoNotAddUpToWhatItOwesIsRefused() throws IOException {
        RunStream s = stream(101, 100, 0);
        s.accept(row("7\tnews\talice\t1"));
        assertThatThrownBy(s::finish).isInstanceOf(DomainException.class)
                .hasMessageContaining("Filing 7 states a tenant gross of 101 minor units but its administered categories add up to 100");
    }

    @Test
    void aFilingsCategoriesMayComeInAnyOrderButItsLinesTogether() throws IOException {
        RunStream s = stream(200, 100, 100);
        s.accept(row("7\tnews\tbob\t1"));
        s.accept(row("7\tcode\talice\t1"));
        s.accept(row("7\tnews\talice\t1"));
        s.finish();
        // code (90 net, one share) then news (90 net, two equal units), each in order of ref
        assertThat(lines()).containsExactly("7\tcode\talice\tt\t1\t1\t90", "7\tnews\talice\tt\t1\t2\t45",
                "7\tnews\tbob\tt\t1\t2\t45");
        assertThat(s.groups).hasSize(2);

        Map<Long, RunStream.Filing> two = new LinkedHashMap<>();
        two.put(7L, new RunStream.Filing(7, 0));
        two.put(8L, new RunStream.Filing(8, 0));
        RunStream split = new RunStream(TERMS, MEMBERS, two, new CopyText.Writer(new ByteArrayOutputStream()));
        split.accept(row("7\tnews\talice\t1"));
        split.accept(row("8\tnews\talice\t1"));
        assertThatThrownBy(() -> split.accept(row("7\tnews\tbob\t1"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not come together");
    }

    @Test
    void refsAreMatchedAgainstTheMembersAndAnAliasCountsAsItsMember() throws IOException {
        RunStream s = stream(100, 100, 0);
        s.accept(row("7\tnews\tali\t2"));
        s.accept(row("7\tnews\talice\t1"));
        s.accept(row("7\tnews\tstranger\t1"));
        s.finish();
        // the alias's 2 units join alice's 1: one key, matched; the stranger is not a member
        assertThat(lines()).containsExactly("7\tnews\talice\tt\t3\t4\t68", "7\tnews\tstranger\tf\t1\t4\t22");
    }
}
