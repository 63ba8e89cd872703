package org.cmoportal.organisation;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import org.cmoportal.audit.AuditLog;
import org.cmoportal.error.DomainException;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.tenancy.TenantContext;
import org.cmoportal.web.Paging;

/** Grants builder organisations the licence to file with the current tenant. */
@ApplicationScoped
public class LicenceService {

    @Inject
    AuditLog audit;

    @Inject
    TenantContext tenant;

    @Inject
    CurrentUser user;

    /** A licence as listed: the builder's slug and name and who granted it. */
    public record LicenceView(Long id, String builderSlug, String builderName, String grantedBy, java.time.Instant grantedAt) {
    }

    /**
     * Grants the existing organisation {@code builderSlug} a licence to file with the current CMO (api.md
     * {@code POST /licences}). A licence never creates an organisation nor changes who belongs to one: the
     * operator creates organisations and their administrators manage their users, so no CMO can put someone
     * into a builder that another CMO licenses, and no CMO can take a slug before its organisation does.
     */
    @Transactional
    public Licence grant(String builderSlug) {
        if (builderSlug == null || !builderSlug.strip().matches("[a-z0-9][a-z0-9-]{1,39}")) {
            throw DomainException.invalid("builder", "Use the builder organisation's slug: 2 to 40 lower-case letters, digits or hyphens.");
        }
        BuilderOrg org = BuilderOrg.findBySlug(builderSlug.strip());
        if (org == null) {
            throw DomainException.invalid("builder", "No builder organisation has the slug '" + builderSlug.strip()
                    + "'. Check the slug with the builder; the platform operator creates builder organisations.");
        }
        Licence licence = Licence.find("tenantId = ?1 and builderId = ?2", tenant.tenantId(), org.id).firstResult();
        if (licence == null) {
            licence = new Licence();
            licence.tenantId = tenant.tenantId();
            licence.builderId = org.id;
            licence.grantedBy = user.actor();
            licence.persistAndFlush();
            audit.record("licence.grant", "licence", org.slug, null, Map.of("builder", org.slug));
        }
        return licence;
    }

    /** The licences of the current tenant. */
    @Transactional
    public List<LicenceView> ofTenant() {
        return Licence.<Licence>list("tenantId = ?1 order by grantedAt", tenant.tenantId()).stream()
                .map(l -> view(l, BuilderOrg.findById(l.builderId))).toList();
    }

    /** A page of the tenant's licences whose builder's slug or name contains the search. */
    public record Found(List<LicenceView> licences, Paging paging) {
    }

    /** The page {@code requested} of the current tenant's licences, by builder name, searched by slug or name. */
    @Transactional
    public Found find(String query, int requested) {
        return find(query, requested, Paging.SIZE);
    }

    /** The same page of {@code size} licences, for the API. */
    @Transactional
    public Found find(String query, int requested, int size) {
        String like = Paging.contains(query);
        String from = " FROM Licence l, BuilderOrg b WHERE b.id = l.builderId AND l.tenantId = :tenant"
                + (like == null ? "" : " AND (locate(:like, lower(b.slug)) > 0 OR locate(:like, lower(b.name)) > 0)");
        var count = Licence.getEntityManager().createQuery("SELECT count(l)" + from, Long.class).setParameter("tenant", tenant.tenantId());
        var rows = Licence.getEntityManager().createQuery("SELECT l.id, b.slug, b.name, l.grantedBy, l.grantedAt" + from
                + " ORDER BY lower(b.name), b.slug, l.id", Tuple.class).setParameter("tenant", tenant.tenantId());
        if (like != null) {
            count.setParameter("like", like);
            rows.setParameter("like", like);
        }
        Paging paging = Paging.of(requested, size, count.getSingleResult());
        List<LicenceView> licences = rows.setFirstResult((int) paging.offset()).setMaxResults(paging.size()).getResultList().stream()
                .map(t -> new LicenceView(t.get(0, Long.class), t.get(1, String.class), t.get(2, String.class),
                        t.get(3, String.class), t.get(4, java.time.Instant.class)))
                .toList();
        return new Found(licences, paging);
    }

    /** The licences of one builder organisation, by tenant: the CMOs it may file with. */
    @Transactional
    public List<Licence> ofOrganisation(Long builderId) {
        return Licence.list("builderId = ?1 order by tenantId", builderId);
    }

    private static LicenceView view(Licence l, BuilderOrg b) {
        return new LicenceView(l.id, b.slug, b.name, l.grantedBy, l.grantedAt);
    }
}
