package org.cmoportal.identity;

/**
 * Whether a person is a party of a tenant, for the parties whose affiliation does not name the tenant: a builder's
 * organisation is a party where a licence says so, an evaluator's where the tenant trusts it. The features that own
 * licences and trust answer; identity knows neither, so it stays below them.
 */
public interface PartyCheck {

    /** The one party this check answers for. */
    Party party();

    /** Whether one of the person's affiliations makes them this party of {@code tenantId}; runs in a transaction. */
    boolean isParty(Affiliations affiliations, String tenantId);
}
