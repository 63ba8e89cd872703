package org.cmoportal.payment;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.cmoportal.error.DomainException;
import org.cmoportal.identity.Party;
import org.cmoportal.identity.TenantAccess;

/** The CMO's own bank account, which payment runs pay from (the debtor of pain.001): {@code {accountHolder, iban, bic?}}. */
@Path("/api/v1/tenants/{tenant}/payment-account")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@TenantAccess(Party.ADMIN)
public class DebtorAccountApi {

    @Inject
    BankAccounts accounts;

    @GET
    public PayeeApi.BankAccountJson get() {
        return accounts.debtor().map(PayeeApi.BankAccountJson::of)
                .orElseThrow(() -> DomainException.notFound("The CMO's bank account"));
    }

    @PUT
    public PayeeApi.BankAccountJson set(BankAccounts.Entry entry) {
        return PayeeApi.BankAccountJson.of(accounts.setDebtor(entry));
    }
}
