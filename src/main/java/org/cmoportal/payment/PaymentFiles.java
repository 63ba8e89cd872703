package org.cmoportal.payment;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.csv.CsvTable;
import org.cmoportal.error.DomainException;
import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.tenancy.TenantContext;
import org.cmoportal.tenancy.TenantSql;
import org.cmoportal.tenant.Tenant;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.quarkus.narayana.jta.runtime.TransactionConfiguration;

/**
 * A run as files, each streamed from the database as it is written, so that a run of a million members needs no
 * more memory than one of ten: the run as JSON (api.md), and for an approved run the bank files, ISO 20022
 * {@code pain.001.001.09} and CSV. The bank files hold the IBANs in clear, decrypted one payment at a time.
 */
@ApplicationScoped
public class PaymentFiles {

    /** Refs of a payment named in its remittance line; the rest are counted. */
    static final int REMITTANCE_REFS = 12;

    @Inject
    TenantSql sql;

    @Inject
    TenantContext tenant;

    @Inject
    PaymentRuns runs;

    @Inject
    BankAccounts accounts;

    @Inject
    PayeeCipher cipher;

    /** One payment as the bank files need it. */
    private record Paid(long id, String payee, long amount, int covers, String holder, String iban, String bic) {
    }

    /** Receives a run's payments, each with the members it covers, in code point order of payee and member. */
    private interface Groups {
        void start(Paid p) throws IOException;

        void member(String ref, long amount) throws IOException;

        void end(Paid p) throws IOException;
    }

    /**
     * Refuses (404, 409) before a bank file starts streaming, rather than half-way through: the run must be approved,
     * pay someone, and (for pain.001) the CMO's own account must be on file.
     */
    @Transactional
    public PaymentRuns.Run requireBankFile(long id, boolean needsDebtor) {
        PaymentRuns.Run run = runs.find(id);
        if (run.state() != PaymentRuns.State.APPROVED) {
            throw DomainException.conflict("wrong-state", "The payment run " + id + " is " + run.state()
                    + "; its bank files are ready once another administrator approves it.");
        }
        if (run.payments() == 0) {
            throw DomainException.conflict("nothing-to-pay", "The payment run " + id + " pays nobody (every positive balance"
                    + " is carried), so there is no bank file: a credit transfer needs at least one payment.");
        }
        if (needsDebtor && accounts.debtor().isEmpty()) {
            throw DomainException.conflict("no-debtor-account", "The CMO's own bank account, which the payments are made"
                    + " from, is not on file: enter it on the payment runs page, then download the file again.");
        }
        return run;
    }

    /** The run as api.md answers it: header, every payment with whom it covers, every carried balance and why. */
    @Transactional
    @TransactionConfiguration(timeout = PaymentRuns.LONG_TX_SECONDS)
    public void writeJson(long id, OutputStream out) {
        PaymentRuns.Run run = runs.find(id);
        CurrencyUnit c = run.unit();
        try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
            g.writeStartObject();
            g.writeNumberField("id", run.id());
            g.writeStringField("state", run.state().name());
            g.writeStringField("currency", run.currency());
            g.writeStringField("minimumPayout", Amounts.format(run.minimumPayout(), c));
            g.writeStringField("total", Amounts.format(run.total(), c));
            g.writeNumberField("paymentCount", run.payments());
            g.writeNumberField("coveredCount", run.covered());
            g.writeNumberField("carriedCount", run.carried());
            g.writeStringField("carriedTotal", Amounts.format(run.carriedTotal(), c));
            g.writeStringField("returned", Amounts.format(run.returned(), c));
            g.writeStringField("proposedBy", run.proposedBy());
            g.writeStringField("proposedAt", run.proposedAt().toString());
            if (run.decidedBy() != null) {
                g.writeStringField(run.state() == PaymentRuns.State.APPROVED ? "approvedBy" : "discardedBy", run.decidedBy());
                g.writeStringField(run.state() == PaymentRuns.State.APPROVED ? "approvedAt" : "discardedAt", run.decidedAt().toString());
            }
            g.writeArrayFieldStart("payments");
            groups(id, false, new Groups() {
                @Override
                public void start(Paid p) throws IOException {
                    g.writeStartObject();
                    g.writeNumberField("id", p.id());
                    g.writeStringField("ref", p.payee());
                    g.writeStringField("payee", p.holder());
                    g.writeStringField("iban", p.iban());
                    g.writeStringField("amount", Amounts.format(p.amount(), c));
                    g.writeArrayFieldStart("covers");
                }

                @Override
                public void member(String ref, long amount) throws IOException {
                    g.writeString(ref);
                }

                @Override
                public void end(Paid p) throws IOException {
                    g.writeEndArray();
                    g.writeEndObject();
                }
            });
            g.writeEndArray();
            g.writeArrayFieldStart("carried");
            sql.sql("""
                    SELECT member_ref, balance, why FROM payment_run_member
                     WHERE tenant_id = :tenant AND run_id = :run AND why IS NOT NULL ORDER BY member_ref COLLATE "C\"""")
                    .bind("run", id).stream(r -> {
                        g.writeStartObject();
                        g.writeStringField("ref", r.getString(1));
                        g.writeStringField("balance", Amounts.format(r.getLong(2), c));
                        g.writeStringField("why", r.getString(3));
                        g.writeEndObject();
                    });
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The approved run's ISO 20022 pain.001.001.09, the CMO's account as debtor. */
    @Transactional
    @TransactionConfiguration(timeout = PaymentRuns.LONG_TX_SECONDS)
    public void writePain001(long id, OutputStream out) {
        PaymentRuns.Run run = requireBankFile(id, true);
        BankAccounts.Clear debtor = accounts.debtorInClear().orElseThrow();
        String cmo = Tenant.<Tenant>findById(tenant.tenantId()).name;
        Pain001Writer.Header header = Pain001Writer.header(id, debtor.accountHolder().isBlank() ? cmo : debtor.accountHolder(),
                debtor.iban(), debtor.bic(), run.unit(), run.payments(), run.total());
        try (Pain001Writer xml = new Pain001Writer(out, header)) {
            List<String> first = new ArrayList<>(REMITTANCE_REFS);
            groups(id, true, new Groups() {
                @Override
                public void start(Paid p) {
                    first.clear();
                }

                @Override
                public void member(String ref, long amount) {
                    if (first.size() < REMITTANCE_REFS) {
                        first.add(ref);
                    }
                }

                @Override
                public void end(Paid p) {
                    xml.transfer(new Pain001Writer.Transfer(p.id(), p.holder(), p.iban(), p.bic(), p.amount(),
                            List.copyOf(first), p.covers()));
                }
            });
        }
    }

    /** The approved run as CSV: one line per member paid, with the payment that pays them and its account. */
    @Transactional
    @TransactionConfiguration(timeout = PaymentRuns.LONG_TX_SECONDS)
    public void writeCsv(long id, Writer out) {
        PaymentRuns.Run run = requireBankFile(id, false);
        CurrencyUnit c = run.unit();
        CsvTable csv = CsvTable.start(out, List.of("payment", "payee_ref", "account_holder", "iban", "bic", "payment_amount",
                "currency", "member_ref", "member_amount"));
        CsvTable.Cell code = CsvTable.text(c.code());
        Paid[] current = new Paid[1];
        groups(id, true, new Groups() {
            @Override
            public void start(Paid p) {
                current[0] = p;
            }

            @Override
            public void member(String ref, long amount) {
                Paid p = current[0];
                csv.row(CsvTable.figure(p.id()), CsvTable.text(p.payee()), CsvTable.text(p.holder()), CsvTable.text(p.iban()),
                        CsvTable.text(p.bic()), CsvTable.figure(Amounts.format(p.amount(), c)), code, CsvTable.text(ref),
                        CsvTable.figure(Amounts.format(amount, c)));
            }

            @Override
            public void end(Paid p) {
            }
        });
        csv.flush();
    }

    /**
     * Streams the run's payments with the members each covers; {@code clear} decrypts each payee's IBAN (bank files),
     * otherwise it is masked.
     */
    private void groups(long id, boolean clear, Groups out) {
        Paid[] open = new Paid[1];
        PaymentRuns.planForWholeRuns(sql);
        sql.sql("""
                SELECT p.id, p.payee_ref, p.amount, p.covers, a.account_holder, a.iban_masked, a.iban_ciphertext, a.iban_nonce,
                       a.key_id, a.bic, m.member_ref, m.balance
                  FROM payment p
                  JOIN bank_account a ON a.tenant_id = :tenant AND a.id = p.bank_account_id
                  JOIN payment_run_member m ON m.tenant_id = :tenant AND m.run_id = p.run_id AND m.payee_ref = p.payee_ref
                                           AND m.why IS NULL
                 WHERE p.tenant_id = :tenant AND p.run_id = :run
                 ORDER BY p.payee_ref COLLATE "C", m.member_ref COLLATE "C\"""").bind("run", id).stream(r -> {
                    long paymentId = r.getLong(1);
                    if (open[0] == null || open[0].id() != paymentId) {
                        if (open[0] != null) {
                            out.end(open[0]);
                        }
                        String payee = r.getString(2);
                        String iban = clear ? cipher.open(new PayeeCipher.Sealed(r.getString(9), r.getBytes(8), r.getBytes(7)),
                                PayeeCipher.memberBinding(tenant.tenantId(), payee)) : r.getString(6);
                        open[0] = new Paid(paymentId, payee, r.getLong(3), r.getInt(4), r.getString(5), iban, r.getString(10));
                        out.start(open[0]);
                    }
                    out.member(r.getString(11), r.getLong(12));
                });
        if (open[0] != null) {
            try {
                out.end(open[0]);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
