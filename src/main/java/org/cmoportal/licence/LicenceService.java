package org.cmoportal.licence;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.audit.AuditLog;
import org.cmoportal.builder.BuilderOrg;
import org.cmoportal.error.DomainException;
import org.cmoportal.error.Problem;
import org.cmoportal.identity.Affiliation;
import org.cmoportal.identity.AppUser;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.tenancy.TenantContext;

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
     * Grants {@code builder} a licence, creating the organisation if it is new and making
     * {@code usernames} its users (api.md {@code POST /licences}).
     */
    @Transactional
    public Licence grant(String builderSlug, String builderName, List<String> usernames) {
        List<Problem> problems = new ArrayList<>();
        if (builderSlug == null || !builderSlug.matches("[a-z0-9][a-z0-9-]{1,39}")) {
            problems.add(new Problem("builder", "Use the builder organisation's slug: 2 to 40 lower-case letters, digits or hyphens."));
        }
        List<String> names = usernames == null ? List.of()
                : usernames.stream().filter(u -> u != null && !u.isBlank()).map(String::strip).distinct().toList();
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        BuilderOrg org = BuilderOrg.findBySlug(builderSlug);
        if (org == null) {
            org = new BuilderOrg();
            org.slug = builderSlug;
            org.name = builderName == null || builderName.isBlank() ? builderSlug : builderName.strip();
            org.persistAndFlush();
        }
        for (String username : names) {
            AppUser u = AppUser.findOrCreate(username);
            if (Affiliation.count("userId = ?1 and kind = ?2 and builderId = ?3", u.id, Affiliation.Kind.BUILDER_USER, org.id) == 0) {
                Affiliation a = Affiliation.of(u.id, Affiliation.Kind.BUILDER_USER);
                a.builderId = org.id;
                a.persist();
            }
        }
        Licence licence = Licence.find("tenantId = ?1 and builderId = ?2", tenant.tenantId(), org.id).firstResult();
        if (licence == null) {
            licence = new Licence();
            licence.tenantId = tenant.tenantId();
            licence.builderId = org.id;
            licence.grantedBy = user.actor();
            licence.persistAndFlush();
        }
        audit.record("licence.grant", "licence", org.slug, null, Map.of("builder", org.slug, "users", names));
        return licence;
    }

    /** The licences of the current tenant. */
    @Transactional
    public List<LicenceView> ofTenant() {
        return Licence.<Licence>list("tenantId = ?1 order by grantedAt", tenant.tenantId()).stream()
                .map(l -> view(l, BuilderOrg.findById(l.builderId))).toList();
    }

    private static LicenceView view(Licence l, BuilderOrg b) {
        return new LicenceView(l.id, b.slug, b.name, l.grantedBy, l.grantedAt);
    }
}
