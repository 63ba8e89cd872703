package org.cmoportal.builder;

import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.tenancy.TenantSql;

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
    TenantSql sql;

    /** In the current tenant (the caller has entered it), for the builder organisations given. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Due> owed(Collection<Long> builderIds) {
        return sql.sql("""
                SELECT p.label, p.state, count(*), sum(f.tenant_gross)::bigint
                FROM filing f JOIN period p ON p.tenant_id = f.tenant_id AND p.id = f.period_id
                WHERE f.tenant_id = :tenant AND f.status = 'ACCEPTED' AND f.builder_id = ANY(:builders)
                GROUP BY p.label, p.state, p.opened_at ORDER BY p.opened_at DESC""")
                .bind("builders", builderIds.toArray(Long[]::new))
                .list(r -> new Due(r.getString(1), r.getString(2).toLowerCase(), r.getLong(3), r.getLong(4)));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public List<Rejection> rejections(Collection<Long> builderIds) {
        return sql.sql("""
                SELECT p.label, f.model, f.seq, f.review_note
                FROM filing f JOIN period p ON p.tenant_id = f.tenant_id AND p.id = f.period_id
                WHERE f.tenant_id = :tenant AND f.status = 'REJECTED' AND f.builder_id = ANY(:builders)
                ORDER BY p.opened_at DESC, f.model, f.seq""")
                .bind("builders", builderIds.toArray(Long[]::new))
                .list(r -> new Rejection(r.getString(1), r.getString(2), r.getInt(3), r.getString(4)));
    }
}
