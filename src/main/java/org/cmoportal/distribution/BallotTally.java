package org.cmoportal.distribution;

import java.math.BigInteger;
import java.util.List;

import org.cmoportal.money.Fraction;
import org.cmoportal.money.Rate;

/**
 * economics.md, "Ballots": each vote weighs its ref's stake at closing. With {@code S} the stake of those who voted and
 * {@code Y}, {@code N} the stakes voting yes and no, the quorum is met when {@code S >= q} and the motion passes when
 * the quorum is met and {@code Y > t * (Y + N)}. Every comparison is between exact fractions.
 */
public final class BallotTally {

    public enum Choice {
        YES, NO, ABSTAIN;

        /** "yes", "no" or "abstain", as the API writes it. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Choice of(String word) {
            for (Choice c : values()) {
                if (c.word().equals(word)) {
                    return c;
                }
            }
            return null;
        }
    }

    /** One ref's vote, weighed by its cumulative payout from the model at closing. */
    public record Vote(Choice choice, BigInteger payout) {
    }

    /** The tally: shares of the model's whole stake, and the count of votes. */
    public record Result(Fraction turnout, Fraction yes, Fraction no, Fraction abstain, boolean quorumMet, boolean passed,
            int votes) {
    }

    private BallotTally() {
    }

    /**
     * @param total the model's cumulative payout to every member at closing (the whole stake)
     */
    public static Result tally(List<Vote> votes, BigInteger total, Rate quorum, Rate threshold) {
        BigInteger yes = BigInteger.ZERO;
        BigInteger no = BigInteger.ZERO;
        BigInteger abstain = BigInteger.ZERO;
        for (Vote v : votes) {
            switch (v.choice()) {
                case YES -> yes = yes.add(v.payout());
                case NO -> no = no.add(v.payout());
                case ABSTAIN -> abstain = abstain.add(v.payout());
            }
        }
        Fraction y = Stakes.of(yes, total);
        Fraction n = Stakes.of(no, total);
        Fraction a = Stakes.of(abstain, total);
        Fraction turnout = Stakes.of(yes.add(no).add(abstain), total);
        boolean quorumMet = turnout.compareTo(Fraction.of(quorum)) >= 0;
        boolean passed = quorumMet && y.compareTo(Fraction.of(threshold).times(y.plus(n))) > 0;
        return new Result(turnout, y, n, a, quorumMet, passed, votes.size());
    }
}
