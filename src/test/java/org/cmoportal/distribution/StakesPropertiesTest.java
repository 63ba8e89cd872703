package org.cmoportal.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import org.cmoportal.distribution.BallotTally.Choice;
import org.cmoportal.distribution.BallotTally.Vote;
import org.cmoportal.money.Fraction;
import org.cmoportal.money.Rate;
import org.junit.jupiter.api.Test;

/**
 * economics.md, "Stakes and control rights": the stakes of a model sum to exactly 1; a ballot's tally weighs each ref
 * once, its latest vote; quorum and threshold are compared exactly, at their edges included.
 */
class StakesPropertiesTest {

    @Provide
    Arbitrary<Map<String, BigInteger>> payouts() {
        return Arbitraries.longs().between(0, 9_000_000_000_000_000L).map(BigInteger::valueOf)
                .list().ofMinSize(1).ofMaxSize(60)
                .map(list -> {
                    Map<String, BigInteger> m = new LinkedHashMap<>();
                    for (int i = 0; i < list.size(); i++) {
                        m.put("m" + i, list.get(i));
                    }
                    return m;
                });
    }

    @Property(tries = 3000)
    void stakesOfAModelWithPayoutsSumToExactlyOne(@ForAll("payouts") Map<String, BigInteger> payouts) {
        Map<String, Fraction> stakes = Stakes.of(payouts);
        BigInteger total = payouts.values().stream().reduce(BigInteger.ZERO, BigInteger::add);
        if (total.signum() == 0) {
            assertThat(stakes).isEmpty();
            return;
        }
        Fraction sum = stakes.values().stream().reduce(Fraction.ZERO, Fraction::plus);
        assertThat(sum).isEqualTo(Fraction.ONE);
        payouts.forEach((ref, p) -> assertThat(Stakes.of(p, total)).isEqualTo(stakes.get(ref)));
    }

    /** A ref votes several times; only its last vote is in the tally, weighed once. */
    @Property(tries = 3000)
    void aReplacedVoteCountsOnce(@ForAll("payouts") Map<String, BigInteger> payouts,
            @ForAll @IntRange(min = 1, max = 200) int seed) {
        java.util.Random random = new java.util.Random(seed);
        List<String> refs = new ArrayList<>(payouts.keySet());
        Map<String, Choice> ballotBox = new LinkedHashMap<>();
        List<Choice> history = new ArrayList<>();
        for (int i = 0; i < refs.size() * 3; i++) {
            String ref = refs.get(random.nextInt(refs.size()));
            Choice c = Choice.values()[random.nextInt(3)];
            ballotBox.put(ref, c); // a later vote replaces the earlier one
            history.add(c);
        }
        BigInteger total = payouts.values().stream().reduce(BigInteger.ZERO, BigInteger::add);
        List<Vote> votes = ballotBox.entrySet().stream().map(e -> new Vote(e.getValue(), payouts.get(e.getKey()))).toList();
        BallotTally.Result r = BallotTally.tally(votes, total, Rate.ZERO, Rate.parse("0.5"));
        assertThat(r.votes()).isEqualTo(ballotBox.size());
        BigInteger voted = ballotBox.keySet().stream().map(payouts::get).reduce(BigInteger.ZERO, BigInteger::add);
        assertThat(r.turnout()).isEqualTo(Stakes.of(voted, total));
        assertThat(r.yes().plus(r.no()).plus(r.abstain())).isEqualTo(r.turnout());
        assertThat(r.turnout().compareTo(Fraction.ONE)).isLessThanOrEqualTo(0);
    }

    /** Turnout exactly at the quorum meets it; one minor unit less does not, however small the difference. */
    @Property(tries = 3000)
    void quorumIsMetAtExactlyTheQuorum(@ForAll @LongRange(min = 0, max = 1_000_000) long quorumMillionths,
            @ForAll @IntRange(min = 1, max = 1_000_000) int scale) {
        BigInteger total = BigInteger.valueOf(1_000_000L).multiply(BigInteger.valueOf(scale));
        BigInteger atQuorum = BigInteger.valueOf(quorumMillionths).multiply(BigInteger.valueOf(scale));
        Rate q = Rate.ofMillionths(quorumMillionths);
        assertThat(BallotTally.tally(List.of(new Vote(Choice.ABSTAIN, atQuorum)), total, q, Rate.ZERO).quorumMet()).isTrue();
        if (atQuorum.signum() > 0) {
            BigInteger justBelow = atQuorum.subtract(BigInteger.ONE);
            assertThat(BallotTally.tally(List.of(new Vote(Choice.ABSTAIN, justBelow)), total, q, Rate.ZERO).quorumMet())
                    .as("turnout %s/%s against quorum %s", justBelow, total, q).isFalse();
        }
    }

    /** Yes exactly at t × (yes + no) does not pass (the rule is strictly greater); one minor unit more does. */
    @Property(tries = 3000)
    void thresholdIsStrictAndExact(@ForAll @LongRange(min = 1, max = 999_999) long thresholdMillionths,
            @ForAll @IntRange(min = 1, max = 1_000_000) int scale) {
        Rate t = Rate.ofMillionths(thresholdMillionths);
        BigInteger decided = BigInteger.valueOf(1_000_000L).multiply(BigInteger.valueOf(scale)); // Y + N
        BigInteger yes = BigInteger.valueOf(thresholdMillionths).multiply(BigInteger.valueOf(scale)); // Y = t (Y + N)
        BigInteger no = decided.subtract(yes);
        BigInteger total = decided.multiply(BigInteger.TWO);
        BallotTally.Result edge = BallotTally.tally(List.of(new Vote(Choice.YES, yes), new Vote(Choice.NO, no)), total,
                Rate.ZERO, t);
        assertThat(edge.quorumMet()).isTrue();
        assertThat(edge.passed()).as("yes exactly at the threshold").isFalse();
        BallotTally.Result above = BallotTally.tally(List.of(new Vote(Choice.YES, yes.add(BigInteger.ONE)),
                new Vote(Choice.NO, no)), total, Rate.ZERO, t);
        assertThat(above.passed()).as("one minor unit above the threshold").isTrue();
    }

    /** A motion never passes without its quorum, whatever the yes share. */
    @Property(tries = 2000)
    void noQuorumNoPass(@ForAll @LongRange(min = 1, max = 1_000_000_000L) long yes, @ForAll @LongRange(min = 0, max = 1_000_000_000L) long no) {
        BigInteger total = BigInteger.valueOf(yes + no).multiply(BigInteger.TEN);
        BallotTally.Result r = BallotTally.tally(List.of(new Vote(Choice.YES, BigInteger.valueOf(yes)),
                new Vote(Choice.NO, BigInteger.valueOf(no))), total, Rate.parse("0.5"), Rate.ZERO);
        assertThat(r.quorumMet()).isFalse();
        assertThat(r.passed()).isFalse();
    }

    /** Rounding the shares to 6 digits would meet a quorum the exact turnout misses: the comparison is exact. */
    @Test
    void aTurnoutThatRoundsUpToTheQuorumDoesNotMeetIt() {
        BigInteger total = BigInteger.valueOf(3_000_000_000L);
        BigInteger voted = BigInteger.valueOf(599_999_999L); // 0.1999999996..., rounds to 0.200000
        BallotTally.Result r = BallotTally.tally(List.of(new Vote(Choice.YES, voted)), total, Rate.parse("0.2"), Rate.ZERO);
        assertThat(r.turnout().rate6()).isEqualTo("0.200000");
        assertThat(r.quorumMet()).isFalse();
    }

    @Test
    void sharesAreWrittenHalfEvenWithSixDigits() {
        assertThat(Fraction.of(1, 3).rate6()).isEqualTo("0.333333");
        assertThat(Fraction.of(2, 3).rate6()).isEqualTo("0.666667");
        assertThat(Fraction.of(5, 10_000_000).rate6()).isEqualTo("0.000000"); // 0.0000005 to even
        assertThat(Fraction.of(15, 10_000_000).rate6()).isEqualTo("0.000002"); // 0.0000015 to even
        assertThat(Fraction.ONE.rate6()).isEqualTo("1.000000");
        assertThat(Fraction.of(1, 3).percent()).isEqualTo("33.3333%");
    }
}
