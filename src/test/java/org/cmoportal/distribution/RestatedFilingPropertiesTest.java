package org.cmoportal.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A restatement's differences conserve money (economics.md, "Restating a distributed filing"): for random filings
 * restated with random figures, mixtures and usage, with random refs claimed since, the tenant gross's difference is
 * the fees' difference plus the suspense's plus the members', to the minor unit.
 */
class RestatedFilingPropertiesTest {

    @Provide
    Arbitrary<FilingCases.Case> filings() {
        return FilingCases.cases();
    }

    @Provide
    Arbitrary<Set<String>> claimed() {
        return Arbitraries.of(FilingCases.REFS).set().ofMaxSize(3);
    }

    @Property(tries = 5_000)
    void differencesConserve(@ForAll("filings") FilingCases.Case original, @ForAll("filings") FilingCases.Case restated,
            @ForAll("claimed") Set<String> claimed) {
        TenantTerms terms = original.terms(); // the restated period's rules and members, for both sides
        Usage.Builder usage = Usage.builder();
        restated.lines().stream().filter(l -> terms.administers(l.category())).forEach(l -> usage.add(l.category(), l.ref(), l.units()));
        FilingCalculation before = FilingCalculator.calculate(original.figures(), terms, original.usage(), original.members());
        FilingCalculation after = FilingCalculator.calculate(restated.figures(), terms, usage.build(), original.members());
        Map<String, String> aliases = new HashMap<>();
        List<String> members = List.copyOf(original.members());
        if (!members.isEmpty()) {
            claimed.stream().filter(r -> !original.members().contains(r)).forEach(r -> aliases.put(r, members.get(Math.abs(r.hashCode()) % members.size())));
        }

        RestatedFiling r = RestatedFiling.of(before, after, aliases);

        assertThat(r.tenantGrossDifference()).isEqualTo(r.feesDifference() + r.suspenseDifference() + r.membersDifference());
        assertThat(r.tenantGrossDifference()).isEqualTo(after.tenantGross() - before.tenantGross());
        // both sides add up on their own, suspense keys and members between them holding every unit of the nets
        long beforeParts = before.fees() + r.members().stream().mapToLong(RestatedFiling.MemberDifference::before).sum()
                + r.suspense().stream().mapToLong(RestatedFiling.SuspenseDifference::before).sum();
        long afterParts = after.fees() + r.members().stream().mapToLong(RestatedFiling.MemberDifference::after).sum()
                + r.suspense().stream().mapToLong(RestatedFiling.SuspenseDifference::after).sum();
        assertThat(beforeParts).isEqualTo(before.tenantGross());
        assertThat(afterParts).isEqualTo(after.tenantGross());
        // a claimed ref is never a suspense key: its money is its member's
        assertThat(r.suspense()).noneMatch(s -> s.ref() != null && aliases.containsKey(s.ref()));
        // and an unmatched, unclaimed ref is never a member
        assertThat(r.members()).allMatch(m -> original.members().contains(m.ref()));
        assertThat(r.suspenseDifferenceByCategory().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(r.suspenseDifference());
    }

    @Property(tries = 1_000)
    void restatingWithTheSameFilingChangesNothing(@ForAll("filings") FilingCases.Case f) {
        RestatedFiling r = RestatedFiling.of(f.calculate(), f.calculate(), Map.of());
        assertThat(r.tenantGrossDifference()).isZero();
        assertThat(r.members()).allMatch(m -> m.difference() == 0);
        assertThat(r.suspense()).allMatch(s -> s.difference() == 0);
    }
}
