package org.cmoportal.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import org.cmoportal.money.CodePointOrder;

/**
 * economics.md, "Conservation": over any history of distributions, adjustments, suspense releases, payment runs and
 * returned payments, {@code gross = fees + suspense + balances + paid - returned} to the minor unit; and every run
 * pays each member at most once, exactly their balance, and carries the rest for the right reason (10,000 histories).
 */
class ConservationPropertiesTest {

    /** The tenant's members; usage also names refs that are not members, whose money goes to suspense. */
    static final List<String> MEMBERS = List.of("alice", "bob", "carol", "Zoë", "zoë");

    /** One step of a tenant's history. */
    sealed interface Step permits Distribute, Adjust, Release, Account, Represent, Run, Return {
    }

    /** A period is distributed: its statements' totals become EARNED entries. */
    record Distribute(List<FilingCases.Case> filings) implements Step {
    }

    /** A resolved dispute: ADJUSTED for the member, answered out of fees. */
    record Adjust(int member, long amount) implements Step {
    }

    /** Suspense released to a member (a claim or an aged release): RELEASED, out of what is held. */
    record Release(int member, long permille) implements Step {
    }

    /** A member's bank account put on file, or (for the model) taken off. */
    record Account(int member, boolean onFile) implements Step {
    }

    /** A member names a representative who accepts (or ends it: -1). */
    record Represent(int member, int representative) implements Step {
    }

    /** A payment run, proposed and approved at this minimum payout. */
    record Run(long minimumPayout) implements Step {
    }

    /** The bank returns part of a payment made earlier. */
    record Return(int pick, long permille) implements Step {
    }

    /** A ledger entry, as account_entry holds it. */
    record Entry(String ref, String kind, long amount, int run) {
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<Integer> member = Arbitraries.integers().between(0, MEMBERS.size() - 1);
        Arbitrary<Step> distribute = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, filings()),
                net.jqwik.api.Tuple.of(1, FilingCases.cases())).list().ofMinSize(1).ofMaxSize(2)
                .map(Distribute::new);
        Arbitrary<Step> adjust = Combinators.combine(member, Arbitraries.oneOf(Arbitraries.longs().between(-5_000, 5_000),
                Arbitraries.longs().between(-100_000_000_000L, 100_000_000_000L))).as(Adjust::new);
        Arbitrary<Step> release = Combinators.combine(member, Arbitraries.longs().between(0, 1_000)).as(Release::new);
        Arbitrary<Step> account = Combinators.combine(member, Arbitraries.of(true, true, false)).as(Account::new);
        Arbitrary<Step> represent = Combinators.combine(member, Arbitraries.integers().between(-1, MEMBERS.size() - 1))
                .as(Represent::new);
        Arbitrary<Step> run = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, Arbitraries.just(0L)),
                net.jqwik.api.Tuple.of(3, Arbitraries.longs().between(0, 10_000)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(0, 1_000_000_000_000L))).map(Run::new);
        Arbitrary<Step> returned = Combinators.combine(Arbitraries.integers().between(0, 1_000), Arbitraries.longs().between(0, 1_000))
                .as(Return::new);
        Arbitrary<List<Step>> steps = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, distribute), net.jqwik.api.Tuple.of(2, adjust), net.jqwik.api.Tuple.of(1, release),
                net.jqwik.api.Tuple.of(2, account), net.jqwik.api.Tuple.of(2, represent), net.jqwik.api.Tuple.of(4, run),
                net.jqwik.api.Tuple.of(3, returned)).list().ofMinSize(6).ofMaxSize(30);
        // most members start with a bank account on file, so that runs pay and the steps change who does
        Arbitrary<List<Step>> opening = member.set().map(s -> s.stream().map(m -> (Step) new Account(m, true)).toList());
        return Combinators.combine(opening, steps).as((a, b) -> {
            List<Step> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        });
    }

    /**
     * Filings that earn this tenant's members something most of the time: a profit, the mixture over the categories
     * the tenant administers, usage of members and of refs that are not members (their share goes to suspense).
     */
    static Arbitrary<FilingCases.Case> filings() {
        Arbitrary<Long> revenue = Arbitraries.oneOf(Arbitraries.longs().between(1, 10_000),
                Arbitraries.longs().between(1, 100_000_000_000L));
        List<String> refs = new ArrayList<>(MEMBERS);
        refs.addAll(List.of("zed", "\uE000x"));
        Arbitrary<List<FilingCases.Line>> lines = Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.of(refs),
                FilingCases.units()).as((c, r, u) -> new FilingCases.Line(Integer.toString(c), r, u)).list().ofMinSize(1).ofMaxSize(8);
        Arbitrary<org.cmoportal.money.Rate> share = Arbitraries.longs().between(1, 1_000_000).map(org.cmoportal.money.Rate::ofMillionths);
        Arbitrary<org.cmoportal.money.Rate> fee = Arbitraries.longs().between(0, 300_000).map(org.cmoportal.money.Rate::ofMillionths);
        return Combinators.combine(FilingCases.cases(), revenue, lines, share, fee).as((c, r, ls, sh, f) -> {
            List<String> administered = new ArrayList<>(c.administered().keySet());
            Map<String, org.cmoportal.money.Rate> weights = new java.util.LinkedHashMap<>();
            long left = org.cmoportal.money.Rate.ONE_MILLIONTHS;
            for (int i = 0; i < administered.size(); i++) {
                long w = i == administered.size() - 1 ? left : org.cmoportal.money.Rate.ONE_MILLIONTHS / administered.size();
                weights.put(administered.get(i), org.cmoportal.money.Rate.ofMillionths(w));
                left -= w;
            }
            List<FilingCases.Line> usage = ls.stream().map(l -> new FilingCases.Line(
                    administered.get(Integer.parseInt(l.category()) % administered.size()), l.ref(), l.units())).toList();
            return new FilingCases.Case(r, 0, 0, sh, weights, f, c.administered(), usage, Set.of());
        });
    }

    @Property(tries = 10_000)
    void moneyIsConservedAndNobodyIsPaidTwice(@ForAll("histories") List<Step> history) {
        Tenant t = new Tenant();
        for (Step step : history) {
            t.apply(step);
            t.checkConservation();
        }
        Statistics.label("a run paid someone").collect(t.entries.stream().anyMatch(e -> e.kind().equals("PAID")));
        Statistics.label("a payment was returned").collect(t.entries.stream().anyMatch(e -> e.kind().equals("RETURNED")));
        Statistics.label("a representative was paid for another").collect(t.paidThroughRepresentative);
        Statistics.label("a run paid someone").coverage(c -> c.check(true).percentage(p -> p > 30));
        Statistics.label("a payment was returned").coverage(c -> c.check(true).percentage(p -> p > 5));
        Statistics.label("a representative was paid for another").coverage(c -> c.check(true).percentage(p -> p > 2));
    }

    /** The tenant as the steps leave it: entries, the CMO's figures, who has a bank account and who represents whom. */
    static final class Tenant {
        final List<Entry> entries = new ArrayList<>();
        long gross;
        long fees;
        long suspense;
        final Set<String> accounts = new HashSet<>();
        final Map<String, String> representatives = new HashMap<>();
        int runs;
        boolean paidThroughRepresentative;

        void apply(Step step) {
            if (step instanceof Distribute d) {
                distribute(d);
            } else if (step instanceof Adjust a) {
                // a dispute: the member gains (or gives back) what the CMO's fees give up (or take back)
                if (a.amount() != 0) {
                    entries.add(new Entry(MEMBERS.get(a.member()), "ADJUSTED", a.amount(), 0));
                    fees -= a.amount();
                }
            } else if (step instanceof Release r) {
                long amount = suspense * r.permille() / 1_000;
                if (amount > 0) {
                    entries.add(new Entry(MEMBERS.get(r.member()), "RELEASED", amount, 0));
                    suspense -= amount;
                }
            } else if (step instanceof Account a) {
                if (a.onFile()) {
                    accounts.add(MEMBERS.get(a.member()));
                } else {
                    accounts.remove(MEMBERS.get(a.member()));
                }
            } else if (step instanceof Represent r) {
                String member = MEMBERS.get(r.member());
                if (r.representative() < 0 || r.representative() == r.member()) {
                    representatives.remove(member);
                } else {
                    representatives.put(member, MEMBERS.get(r.representative()));
                }
            } else if (step instanceof Run r) {
                run(r.minimumPayout());
            } else if (step instanceof Return r) {
                giveBack(r);
            }
        }

        private void distribute(Distribute d) {
            // one period of one tenant: every filing calculated with the first one's terms and this tenant's members
            FilingCases.Case first = d.filings().get(0);
            List<AcceptedFiling> accepted = new ArrayList<>();
            int n = 0;
            for (FilingCases.Case c : d.filings()) {
                FilingCases.Case mine = new FilingCases.Case(c.revenue(), c.servingCost(), c.postTrainingCost(), c.share(),
                        c.weights(), first.feeRate(), first.administered(),
                        c.lines().stream().filter(l -> first.administered().containsKey(l.category())).toList(),
                        new HashSet<>(MEMBERS));
                accepted.add(new AcceptedFiling(Integer.toString(n++), "acme-ai", "model", mine.calculate()));
            }
            PeriodDistribution period = PeriodAggregator.aggregate(accepted);
            for (MemberStatement s : period.statements()) {
                if (s.total() > 0) {
                    entries.add(new Entry(s.ref(), "EARNED", s.total(), 0));
                }
            }
            gross = Math.addExact(gross, period.tenantGross());
            fees = Math.addExact(fees, period.fees());
            suspense = Math.addExact(suspense, period.suspense());
        }

        /** A payment run through the rule, with every check of what it decides. */
        private void run(long minimumPayout) {
            int run = ++runs;
            Map<String, Long> balances = balances();
            // the payee of each balance, in the order the database hands them to the rule: (payee, ref) in code point order
            List<PaymentRule.Balance> input = new ArrayList<>();
            balances.forEach((ref, balance) -> {
                String payee = representatives.getOrDefault(ref, ref);
                input.add(new PaymentRule.Balance(ref, balance, payee, accounts.contains(payee)));
            });
            input.sort((a, b) -> {
                int byPayee = CodePointOrder.compareStrings(a.payee(), b.payee());
                return byPayee != 0 ? byPayee : CodePointOrder.compareStrings(a.ref(), b.ref());
            });
            Map<String, Long> paid = new TreeMap<>(CodePointOrder.INSTANCE);
            Map<String, Long> paymentSums = new HashMap<>();
            Map<String, Integer> paymentCovers = new HashMap<>();
            Map<String, PaymentRule.Why> carried = new HashMap<>();
            Map<String, Long> payments = new HashMap<>();
            PaymentRule rule = new PaymentRule(minimumPayout, new PaymentRule.Decisions() {
                @Override
                public void paid(String ref, String payee, long amount) {
                    assertThat(paid.put(ref, amount)).as("%s is paid once in run %d", ref, run).isNull();
                    assertThat(carried).doesNotContainKey(ref);
                    paymentSums.merge(payee, amount, Long::sum);
                    paidThroughRepresentative |= !payee.equals(ref);
                    paymentCovers.merge(payee, 1, Integer::sum);
                }

                @Override
                public void carried(String ref, String payee, long balance, PaymentRule.Why why) {
                    assertThat(carried.put(ref, why)).isNull();
                    assertThat(paid).doesNotContainKey(ref);
                }

                @Override
                public void payment(String payee, long amount, int covers) {
                    assertThat(payments.put(payee, amount)).as("one payment per payee per run").isNull();
                    assertThat(amount).isEqualTo(paymentSums.get(payee));
                    assertThat(covers).isEqualTo(paymentCovers.get(payee));
                }
            });
            input.forEach(rule::accept);
            rule.finish();

            for (PaymentRule.Balance b : input) {
                boolean hasAccount = accounts.contains(b.payee());
                if (b.balance() <= 0) {
                    assertThat(paid).doesNotContainKey(b.ref());
                    assertThat(carried).doesNotContainKey(b.ref());
                } else if (!hasAccount) {
                    assertThat(carried.get(b.ref())).isEqualTo(PaymentRule.Why.NO_BANK_ACCOUNT);
                } else if (b.balance() < minimumPayout) {
                    assertThat(carried.get(b.ref())).isEqualTo(PaymentRule.Why.BELOW_MINIMUM);
                } else {
                    assertThat(paid.get(b.ref())).as("paid amount is the whole balance").isEqualTo(b.balance());
                }
            }
            assertThat(payments.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(rule.total())
                    .isEqualTo(paid.values().stream().mapToLong(Long::longValue).sum());
            assertThat(paymentSums.keySet()).isEqualTo(payments.keySet());

            paid.forEach((ref, amount) -> entries.add(new Entry(ref, "PAID", -amount, run)));
            Map<String, Long> after = balances();
            paid.keySet().forEach(ref -> assertThat(after.get(ref)).as("%s has nothing left to pay again", ref).isZero());
        }

        /** The bank returns part of one PAID entry, never more than it paid less what came back already. */
        private void giveBack(Return r) {
            List<Entry> payments = entries.stream().filter(e -> e.kind().equals("PAID")).toList();
            if (payments.isEmpty()) {
                return;
            }
            Entry p = payments.get(r.pick() % payments.size());
            long back = entries.stream().filter(e -> e.kind().equals("RETURNED") && e.ref().equals(p.ref()) && e.run() == p.run())
                    .mapToLong(Entry::amount).sum();
            long amount = (-p.amount() - back) * r.permille() / 1_000;
            if (amount > 0) {
                entries.add(new Entry(p.ref(), "RETURNED", amount, p.run()));
            }
        }

        Map<String, Long> balances() {
            Map<String, Long> balances = new TreeMap<>(CodePointOrder.INSTANCE);
            entries.forEach(e -> balances.merge(e.ref(), e.amount(), Math::addExact));
            return balances;
        }

        void checkConservation() {
            long balances = balances().values().stream().mapToLong(Long::longValue).reduce(0, Math::addExact);
            long paid = -entries.stream().filter(e -> e.kind().equals("PAID")).mapToLong(Entry::amount).sum();
            long returned = entries.stream().filter(e -> e.kind().equals("RETURNED")).mapToLong(Entry::amount).sum();
            assertThat(entries).allSatisfy(e -> assertThat(e.amount()).isNotZero());
            assertThat(entries).filteredOn(e -> e.kind().equals("PAID")).allSatisfy(e -> assertThat(e.amount()).isNegative());
            assertThat(returned).isLessThanOrEqualTo(paid);
            assertThat(suspense).isNotNegative();
            assertThat(fees + suspense + balances + paid - returned).as("gross = fees + suspense + balances + paid - returned")
                    .isEqualTo(gross);
            // a run pays a member at most once: one PAID entry per (run, member)
            Set<String> once = new HashSet<>();
            entries.stream().filter(e -> e.kind().equals("PAID"))
                    .forEach(e -> assertThat(once.add(e.run() + "/" + e.ref())).as("paid twice in one run").isTrue());
        }
    }
}
