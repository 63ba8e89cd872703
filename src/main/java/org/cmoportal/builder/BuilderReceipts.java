package org.cmoportal.builder;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.audit.AuditLog;
import org.cmoportal.error.DomainException;
import org.cmoportal.error.PrintableText;
import org.cmoportal.error.Problem;
import org.cmoportal.identity.CurrentUser;
import org.cmoportal.money.AmountFormatException;
import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.tenancy.TenantContext;
import org.cmoportal.tenancy.TenantSql;
import org.cmoportal.tenant.Tenant;

/**
 * The administrator records what a builder paid the CMO, as the CMO's bank statement shows it: amount, day, the
 * bank's reference, for one licensed organisation and the period it pays for. One administrator is enough: a receipt
 * moves no money and changes what no member is owed or paid; it is audited, and a mistake is taken back by a
 * reversal that names it (docs/accounts.md, "Builders: owed and received").
 */
@ApplicationScoped
public class BuilderReceipts {

    /** What the form or the API sends, as typed. */
    public record NewReceipt(String builder, String period, String amount, String receivedOn, String reference, boolean reversal) {
    }

    @Inject
    TenantSql sql;

    @Inject
    TenantContext tenant;

    @Inject
    CurrentUser user;

    @Inject
    AuditLog audit;


    /** An organisation licensed by the current tenant, as the receipt form names it. */
    public record Licensed(long id, String slug, String name) {
    }

    /** The organisation with this slug if the current tenant licenses it; none for any other (another CMO's too). */
    @Transactional
    public Optional<Licensed> licensed(String slug) {
        if (slug == null || slug.isBlank()) {
            return Optional.empty();
        }
        return sql.sql("""
                SELECT b.id, b.slug, b.name FROM builder_org b JOIN licence l ON l.builder_id = b.id
                 WHERE l.tenant_id = :tenant AND b.slug = :slug""").bind("slug", slug.strip())
                .one(r -> new Licensed(r.getLong(1), r.getString(2), r.getString(3)));
    }

    /** Records the receipt, or refuses it with every problem located; nothing is stored from a refused one. */
    @Transactional
    public BuilderDues.Receipt record(NewReceipt given) {
        CurrencyUnit currency = CurrencyUnit.of(Tenant.<Tenant>findById(tenant.tenantId()).currency);
        List<Problem> problems = new ArrayList<>();
        Optional<Long> builder = Optional.empty();
        String slug = given.builder() == null ? "" : given.builder().strip();
        if (slug.isEmpty()) {
            problems.add(new Problem("builder", "Choose the builder organisation that paid."));
        } else {
            builder = licensed(slug).map(Licensed::id);
            if (builder.isEmpty()) {
                // the same words for an organisation that does not exist and for one licensed by another CMO only
                problems.add(new Problem("builder", "No organisation with the slug '" + slug
                        + "' is licensed here; give the slug of an organisation this CMO licenses (the dues page shows it beside its name)."));
            }
        }
        String label = given.period() == null ? "" : given.period().strip();
        Optional<Long> period = label.isEmpty() ? Optional.empty()
                : sql.sql("SELECT id FROM period WHERE tenant_id = :tenant AND label = :label").bind("label", label).one(r -> r.getLong(1));
        if (period.isEmpty()) {
            problems.add(new Problem("period", label.isEmpty() ? "Choose the period the payment is for."
                    : "There is no period '" + label + "' here; type its label as the periods page shows it, for example 2027-Q1."));
        }
        long amount = 0;
        try {
            amount = Amounts.parse(given.amount() == null ? "" : given.amount().strip(), currency);
            if (amount == 0) {
                problems.add(new Problem("amount", "Give the amount received; it cannot be 0."));
            }
        } catch (AmountFormatException e) {
            problems.add(new Problem("amount", e.getMessage() + ". Write the amount in " + currency.code() + " as on the bank statement."));
        }
        LocalDate receivedOn = null;
        try {
            receivedOn = LocalDate.parse(given.receivedOn() == null ? "" : given.receivedOn().strip());
            // the latest calendar day anywhere: a receipt dated tomorrow in the bank's time zone is not refused
            if (receivedOn.isAfter(LocalDate.now(ZoneOffset.ofHours(14)))) {
                problems.add(new Problem("receivedOn", receivedOn + " is in the future; give the day the money arrived."));
            }
        } catch (DateTimeParseException e) {
            problems.add(new Problem("receivedOn", "Give the day the money arrived as YYYY-MM-DD, for example 2027-03-31."));
        }
        String reference = given.reference() == null ? "" : given.reference().strip();
        if (reference.isEmpty() || reference.length() > 200) {
            problems.add(new Problem("reference", "Give the bank's reference of the payment (1 to 200 characters)."));
        } else {
            PrintableText.check("reference", reference).ifPresent(problems::add);
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        long signed = given.reversal() ? -amount : amount;
        if (given.reversal()) {
            // concurrent reversals of the same builder and period take turns, so together they cannot pass zero
            sql.sql("SELECT pg_advisory_xact_lock(hashtext('builder_receipt:' || :tenant || ':' || :builder || ':' || :period))")
                    .bind("builder", builder.get()).bind("period", period.get()).execute();
            long received = sql.sql("""
                    SELECT coalesce(sum(amount), 0) FROM builder_receipt
                     WHERE tenant_id = :tenant AND builder_id = :builder AND period_id = :period""")
                    .bind("builder", builder.get()).bind("period", period.get()).single(r -> r.getLong(1));
            if (received + signed < 0) {
                throw DomainException.invalid("amount", "Only " + Amounts.formatGrouped(received, currency) + " " + currency.code()
                        + " was recorded as received from " + slug + " for " + label + "; a reversal cannot take back more.");
            }
        }
        long id = sql.sql("""
                INSERT INTO builder_receipt (tenant_id, builder_id, period_id, amount, received_on, reference, recorded_by)
                VALUES (:tenant, :builder, :period, :amount, :day, :reference, :by) RETURNING id""")
                .bind("builder", builder.get()).bind("period", period.get()).bind("amount", signed).bind("day", receivedOn)
                .bind("reference", reference).bind("by", user.actor()).single(r -> r.getLong(1));
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("builder", slug);
        after.put("period", label);
        after.put("amount", Amounts.format(signed, currency));
        after.put("receivedOn", receivedOn.toString());
        after.put("reference", reference);
        audit.record(given.reversal() ? "builder.receipt.reverse" : "builder.receipt", "builder_receipt", id, null, after);
        return new BuilderDues.Receipt(id, slug, null, label, signed, receivedOn, reference, user.actor());
    }
}
