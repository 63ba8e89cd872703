package org.cmoportal.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.cmoportal.distribution.PaymentRule.Balance;
import org.cmoportal.distribution.PaymentRule.Why;
import org.junit.jupiter.api.Test;

/** economics.md, "Payment runs": who is paid, who is carried and why, one payment per payee. */
class PaymentRuleTest {

    /** The decisions as told, in order. */
    static final class Recorded implements PaymentRule.Decisions {
        final List<String> told = new ArrayList<>();

        @Override
        public void paid(String ref, String payee, long amount) {
            told.add("paid " + ref + " via " + payee + " " + amount);
        }

        @Override
        public void carried(String ref, String payee, long balance, Why why) {
            told.add("carried " + ref + " " + balance + " " + why);
        }

        @Override
        public void payment(String payee, long amount, int covers) {
            told.add("payment " + payee + " " + amount + " covers " + covers);
        }
    }

    @Test
    void paysWholeBalancesCarriesTheRestAndGroupsByPayee() {
        Recorded out = new Recorded();
        PaymentRule rule = new PaymentRule(1_000, out);
        rule.accept(new Balance("alice", 1_500, "alice", true));
        rule.accept(new Balance("bob", 999, "bob", true));            // below the minimum
        rule.accept(new Balance("carol", 5_000, "carol", false));     // no bank account
        rule.accept(new Balance("dave", 10, "dave", false));          // both: NO_BANK_ACCOUNT wins
        rule.accept(new Balance("erin", 2_000, "guild", true));       // represented by the guild
        rule.accept(new Balance("guild", 1_000, "guild", true));      // exactly the minimum is paid
        rule.accept(new Balance("zed", 3_000, "guild", true));
        rule.accept(new Balance("zero", 0, "zero", true));            // nothing to pay or carry
        rule.accept(new Balance("zz-negative", -50, "zz-negative", true));
        rule.finish();

        assertThat(out.told).containsExactly(
                "paid alice via alice 1500",
                "payment alice 1500 covers 1",
                "carried bob 999 BELOW_MINIMUM",
                "carried carol 5000 NO_BANK_ACCOUNT",
                "carried dave 10 NO_BANK_ACCOUNT",
                "paid erin via guild 2000",
                "paid guild via guild 1000",
                "paid zed via guild 3000",
                "payment guild 6000 covers 3");
        assertThat(rule.total()).isEqualTo(7_500);
        assertThat(rule.payments()).isEqualTo(2);
        assertThat(rule.covered()).isEqualTo(4);
        assertThat(rule.carried()).isEqualTo(3);
        assertThat(rule.carriedTotal()).isEqualTo(999 + 5_000 + 10);
    }

    @Test
    void aMinimumOfZeroPaysEveryPositiveBalanceWithAnAccount() {
        assertThat(PaymentRule.carriedBecause(1, true, 0)).isNull();
        assertThat(PaymentRule.carriedBecause(1, false, 0)).isEqualTo(Why.NO_BANK_ACCOUNT);
        assertThat(PaymentRule.carriedBecause(4, true, 5)).isEqualTo(Why.BELOW_MINIMUM);
        assertThat(PaymentRule.carriedBecause(4, false, 5)).isEqualTo(Why.NO_BANK_ACCOUNT);
        assertThat(PaymentRule.isPartOfARun(0)).isFalse();
        assertThat(PaymentRule.isPartOfARun(-1)).isFalse();
    }

    @Test
    void aPayeeWithOnlyCarriedMembersGetsNoPayment() {
        Recorded out = new Recorded();
        PaymentRule rule = new PaymentRule(100, out);
        rule.accept(new Balance("a", 50, "agent", true));
        rule.accept(new Balance("b", 60, "agent", true));
        rule.finish();
        assertThat(out.told).containsExactly("carried a 50 BELOW_MINIMUM", "carried b 60 BELOW_MINIMUM");
        assertThat(rule.payments()).isZero();
    }

    @Test
    void balancesOutOfOrderOrTwiceAreRefused() {
        PaymentRule rule = new PaymentRule(0, new Recorded());
        rule.accept(new Balance("b", 1, "b", true));
        assertThatThrownBy(() -> rule.accept(new Balance("a", 1, "a", true))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("increasing order");
        assertThatThrownBy(() -> rule.accept(new Balance("b", 1, "b", true))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PaymentRule(-1, new Recorded())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refsAreOrderedByCodePointNotByLocale() {
        Recorded out = new Recorded();
        PaymentRule rule = new PaymentRule(0, out);
        rule.accept(new Balance("Zoë", 1, "Zoë", true));
        rule.accept(new Balance("alice", 1, "alice", true)); // 'Z' (U+005A) comes before 'a' (U+0061)
        rule.accept(new Balance("zoë", 1, "zoë", true));
        rule.finish();
        assertThat(rule.payments()).isEqualTo(3);
    }
}
