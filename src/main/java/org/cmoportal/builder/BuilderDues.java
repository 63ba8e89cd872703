package org.cmoportal.builder;

import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;


/** What a builder owes a CMO per period (the tenant gross of its accepted filings) and why filings were rejected. */
@ApplicationScoped
public class BuilderDues {

    /** One period's dues, in minor units of the CMO's currency. */
    public record Due(String period, String state, long filings, long amount) {
    }

    /** A rejected filing and the administrator's reason. */
    public record Rejection(String period, String model, int seq, String reason) {
    }

    @Inject
    EntityManager em;

    /** In the current tenant (the caller has entered it), for the builder organisations given. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Due> owed(Collection<Long> builderIds) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT p.label, p.state, count(*), sum(f.tenant_gross)::bigint FROM filing f JOIN period p ON p.id = f.period_id
                WHERE f.status = 'ACCEPTED' AND f.builder_id = ANY(cast(?1 as bigint[]))
                GROUP BY p.label, p.state, p.opened_at ORDER BY p.opened_at DESC""")
                .setParameter(1, array(builderIds)).getResultList();
        return rows.stream().map(r -> new Due((String) r[0], ((String) r[1]).toLowerCase(), ((Number) r[2]).longValue(),
                ((Number) r[3]).longValue())).toList();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public List<Rejection> rejections(Collection<Long> builderIds) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT p.label, f.model, f.seq, f.review_note FROM filing f JOIN period p ON p.id = f.period_id
                WHERE f.status = 'REJECTED' AND f.builder_id = ANY(cast(?1 as bigint[]))
                ORDER BY p.opened_at DESC, f.model, f.seq""").setParameter(1, array(builderIds)).getResultList();
        return rows.stream().map(r -> new Rejection((String) r[0], (String) r[1], ((Number) r[2]).intValue(),
                (String) r[3])).toList();
    }

    private static String array(Collection<Long> ids) {
        return "{" + String.join(",", ids.stream().map(String::valueOf).toList()) + "}";
    }
}
