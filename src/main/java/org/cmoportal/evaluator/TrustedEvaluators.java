package org.cmoportal.evaluator;

import jakarta.enterprise.context.ApplicationScoped;

import org.cmoportal.identity.Affiliations;
import org.cmoportal.identity.Party;
import org.cmoportal.identity.PartyCheck;

/** An evaluator is a party of a tenant when the tenant trusts one of their organisations. */
@ApplicationScoped
public class TrustedEvaluators implements PartyCheck {

    @Override
    public Party party() {
        return Party.EVALUATOR;
    }

    @Override
    public boolean isParty(Affiliations affiliations, String tenantId) {
        return EvaluatorTrust.existsAny(tenantId, affiliations.evaluatorIds());
    }
}
