package org.cmoportal.organisation;

import jakarta.enterprise.context.ApplicationScoped;

import org.cmoportal.identity.Affiliations;
import org.cmoportal.identity.Party;
import org.cmoportal.identity.PartyCheck;

/** A builder is a party of a tenant when the tenant licenses one of their organisations. */
@ApplicationScoped
public class LicensedBuilders implements PartyCheck {

    @Override
    public Party party() {
        return Party.LICENSED_BUILDER;
    }

    @Override
    public boolean isParty(Affiliations affiliations, String tenantId) {
        return Licence.existsAny(tenantId, affiliations.builderIds());
    }
}
