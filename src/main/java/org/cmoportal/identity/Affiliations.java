package org.cmoportal.identity;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A person's affiliations, as a value: which tenants they administer, which refs they hold, and so on.
 * {@code builderAdminOf} is the part of {@code builderIds} whose users the person manages.
 */
public record Affiliations(Long userId, Set<String> adminOf, Set<Long> builderIds,
        Map<String, Set<String>> memberRefsByTenant, Set<Long> evaluatorIds, Set<Long> builderAdminOf) {

    public static final Affiliations NONE = new Affiliations(null, Set.of(), Set.of(), Map.of(), Set.of(), Set.of());

    static Affiliations of(Long userId, Collection<Affiliation> rows) {
        TreeSet<String> admin = new TreeSet<>();
        TreeSet<Long> builders = new TreeSet<>();
        TreeMap<String, Set<String>> refs = new TreeMap<>();
        TreeSet<Long> evaluators = new TreeSet<>();
        TreeSet<Long> builderAdmin = new TreeSet<>();
        for (Affiliation a : rows) {
            switch (a.kind) {
                case TENANT_ADMIN -> admin.add(a.tenantId);
                case BUILDER_USER -> {
                    builders.add(a.builderId);
                    if (a.orgAdmin) {
                        builderAdmin.add(a.builderId);
                    }
                }
                case MEMBER -> refs.computeIfAbsent(a.tenantId, t -> new TreeSet<>()).add(a.memberRef);
                case EVALUATOR_USER -> evaluators.add(a.evaluatorId);
            }
        }
        // Sorted and unmodifiable: the first tenant of a person is stable (their home), unlike Set.copyOf's order.
        refs.replaceAll((t, r) -> Collections.unmodifiableSortedSet((TreeSet<String>) r));
        return new Affiliations(userId, Collections.unmodifiableSortedSet(admin), Collections.unmodifiableSortedSet(builders),
                Collections.unmodifiableSortedMap(refs), Collections.unmodifiableSortedSet(evaluators),
                Collections.unmodifiableSortedSet(builderAdmin));
    }

    public boolean administers(String tenantId) {
        return adminOf.contains(tenantId);
    }

    /** Whether the person manages the users of builder organisation {@code builderId}. */
    public boolean administersOrganisation(Long builderId) {
        return builderAdminOf.contains(builderId);
    }

    public Set<String> memberRefsIn(String tenantId) {
        return memberRefsByTenant.getOrDefault(tenantId, Set.of());
    }

    public boolean holdsRef(String tenantId, String ref) {
        return memberRefsIn(tenantId).contains(ref);
    }

    public List<String> memberTenants() {
        return List.copyOf(memberRefsByTenant.keySet());
    }
}
