package org.cmoportal.distribution;

import org.cmoportal.money.CodePointOrder;

/**
 * Who a payment run pays (economics.md, "Payment runs"): a member whose balance is positive, at least the minimum
 * payout, and whose payee (the member, or the representative the member named) has a bank account on file is paid
 * the whole balance; every other positive balance is carried, with why. One payment per payee covers the members
 * it pays.
 *
 * <p>The rule streams: balances come in code point order of (payee, ref), each is decided as it arrives, and a
 * payee's payment is told when its last member has passed, so memory does not grow with the number of members.
 */
public final class PaymentRule {

    /** Why a positive balance is carried to a later run; {@code NO_BANK_ACCOUNT} wins when both apply. */
    public enum Why { NO_BANK_ACCOUNT, BELOW_MINIMUM }

    /**
     * One member's balance, with the ref their payment goes to (their own, or their representative's) and whether
     * that payee has a bank account on file.
     */
    public record Balance(String ref, long balance, String payee, boolean bankAccount) {
    }

    /** What the rule decides, in the order it decides it. */
    public interface Decisions {

        /** {@code ref} is paid its whole balance, {@code amount}, through {@code payee}. */
        void paid(String ref, String payee, long amount);

        /** {@code ref} keeps its positive balance for a later run. */
        void carried(String ref, String payee, long balance, Why why);

        /** One payment to {@code payee}: the sum of the balances it covers, told after the last of them. */
        void payment(String payee, long amount, int covers);
    }

    private final long minimumPayout;
    private final Decisions out;

    private String lastPayee;
    private String lastRef;
    private long groupAmount;
    private int groupCovers;

    private long total;
    private long payments;
    private long covered;
    private long carried;
    private long carriedTotal;
    private boolean finished;

    /**
     * @param minimumPayout the tenant's {@code minimumPayout} in minor units (0 or more)
     */
    public PaymentRule(long minimumPayout, Decisions out) {
        if (minimumPayout < 0) {
            throw new IllegalArgumentException("the minimum payout is " + minimumPayout + "; it is 0 or more");
        }
        this.minimumPayout = minimumPayout;
        this.out = out;
    }

    /**
     * What happens to one balance: {@code null} when it is paid; the reason when it is carried. A balance of 0 or
     * less is neither (it is not part of a run), which {@link #isPartOfARun} tells.
     */
    public static Why carriedBecause(long balance, boolean bankAccount, long minimumPayout) {
        if (!bankAccount) {
            return Why.NO_BANK_ACCOUNT;
        }
        return balance < minimumPayout ? Why.BELOW_MINIMUM : null;
    }

    /** Only positive balances are paid or carried; a zero or negative balance waits for later earnings. */
    public static boolean isPartOfARun(long balance) {
        return balance > 0;
    }

    /**
     * Decides one balance.
     *
     * @throws IllegalArgumentException when balances do not come in strictly increasing (payee, ref) order, which
     *                                  would let a ref be decided twice or split a payee's payment in two
     */
    public void accept(Balance b) {
        if (finished) {
            throw new IllegalStateException("the run is finished");
        }
        if (b.ref() == null || b.payee() == null) {
            throw new IllegalArgumentException("a balance needs a ref and a payee");
        }
        if (lastPayee != null) {
            int byPayee = CodePointOrder.compareStrings(b.payee(), lastPayee);
            if (byPayee < 0 || byPayee == 0 && CodePointOrder.compareStrings(b.ref(), lastRef) <= 0) {
                throw new IllegalArgumentException("balances must come in increasing order of (payee, ref): ("
                        + b.payee() + ", " + b.ref() + ") after (" + lastPayee + ", " + lastRef + ")");
            }
            if (byPayee != 0) {
                endGroup();
            }
        }
        lastPayee = b.payee();
        lastRef = b.ref();
        if (!isPartOfARun(b.balance())) {
            return;
        }
        Why why = carriedBecause(b.balance(), b.bankAccount(), minimumPayout);
        if (why == null) {
            groupAmount = Math.addExact(groupAmount, b.balance());
            groupCovers++;
            covered++;
            out.paid(b.ref(), b.payee(), b.balance());
        } else {
            carried++;
            carriedTotal = Math.addExact(carriedTotal, b.balance());
            out.carried(b.ref(), b.payee(), b.balance(), why);
        }
    }

    /** Ends the run: the last payee's payment is told. */
    public void finish() {
        if (!finished) {
            endGroup();
            finished = true;
        }
    }

    private void endGroup() {
        if (groupCovers > 0) {
            total = Math.addExact(total, groupAmount);
            payments++;
            out.payment(lastPayee, groupAmount, groupCovers);
        }
        groupAmount = 0;
        groupCovers = 0;
    }

    /** What every payment adds up to (complete after {@link #finish}). */
    public long total() {
        return total;
    }

    public long payments() {
        return payments;
    }

    /** How many members the payments cover. */
    public long covered() {
        return covered;
    }

    public long carried() {
        return carried;
    }

    public long carriedTotal() {
        return carriedTotal;
    }
}
