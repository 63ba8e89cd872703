package org.cmoportal.payment;

import java.io.IOException;
import java.io.StringReader;
import java.sql.SQLException;

import org.cmoportal.distribution.PaymentRule;
import org.cmoportal.tenancy.TenantSql;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Takes the rule's decisions as they are made and sends them with {@code COPY} into two temporary tables of the
 * transaction (row-level security refuses COPY into the run's own tables; an INSERT ... SELECT moves them there).
 * Decisions are buffered as COPY text and sent in chunks, between two fetches of the balances being read, so memory
 * stays bounded whatever the number of members.
 */
final class RunStaging implements PaymentRule.Decisions, AutoCloseable {

    private static final int FLUSH_AT = 1 << 20;

    private final TenantSql.Jdbc jdbc;
    private final CopyManager copy;
    private final StringBuilder members = new StringBuilder(FLUSH_AT + 1024);
    private final StringBuilder payments = new StringBuilder(1 << 16);

    private String currentPayee;
    private Long currentAccount;
    private String previousPayee;
    private Long previousAccount;

    RunStaging(TenantSql.Jdbc jdbc) throws SQLException {
        this.jdbc = jdbc;
        jdbc.sql("""
                CREATE TEMP TABLE run_member_staging (member_ref text NOT NULL, balance bigint NOT NULL,
                    payee_ref text NOT NULL, why text) ON COMMIT DROP""").execute();
        jdbc.sql("""
                CREATE TEMP TABLE run_payment_staging (payee_ref text NOT NULL, bank_account_id bigint NOT NULL,
                    amount bigint NOT NULL, covers integer NOT NULL) ON COMMIT DROP""").execute();
        this.copy = jdbc.connection().unwrap(PGConnection.class).getCopyAPI();
    }

    /** The bank account on file for the payee of the balance about to be decided (null: none). */
    void payeeAccount(String payee, Long bankAccountId) {
        if (!payee.equals(currentPayee)) {
            previousPayee = currentPayee;
            previousAccount = currentAccount;
            currentPayee = payee;
            currentAccount = bankAccountId;
        }
    }

    @Override
    public void paid(String ref, String payee, long amount) {
        member(ref, amount, payee, null);
    }

    @Override
    public void carried(String ref, String payee, long balance, PaymentRule.Why why) {
        member(ref, balance, payee, why.name());
    }

    @Override
    public void payment(String payee, long amount, int covers) {
        // the rule tells a payee's payment when the next payee's first balance arrives, or at the end
        Long account = payee.equals(currentPayee) ? currentAccount : payee.equals(previousPayee) ? previousAccount : null;
        if (account == null) {
            throw new IllegalStateException("a payment to '" + payee + "' without a bank account on file");
        }
        text(payments, payee).append('\t').append(account).append('\t').append(amount).append('\t').append(covers).append('\n');
    }

    private void member(String ref, long amount, String payee, String why) {
        text(members, ref).append('\t').append(amount).append('\t');
        text(members, payee).append('\t').append(why == null ? "\\N" : why).append('\n');
        if (members.length() >= FLUSH_AT) {
            flush();
        }
    }

    /** COPY's text format: a backslash, tab, newline or carriage return in a value is written as an escape. */
    private static StringBuilder text(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out;
    }

    /** Sends what is buffered. */
    void flush() {
        try {
            if (!members.isEmpty()) {
                copy.copyIn("COPY run_member_staging (member_ref, balance, payee_ref, why) FROM STDIN",
                        new StringReader(members.toString()));
                members.setLength(0);
            }
            if (!payments.isEmpty()) {
                copy.copyIn("COPY run_payment_staging (payee_ref, bank_account_id, amount, covers) FROM STDIN",
                        new StringReader(payments.toString()));
                payments.setLength(0);
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("COPY of a payment run's decisions failed: " + e.getMessage(), e);
        }
    }

    /** Moves the staged decisions into the run's tables; returns the number of members and of payments. */
    int[] moveInto(long runId) {
        flush();
        int m = jdbc.sql("""
                INSERT INTO payment_run_member (tenant_id, run_id, member_ref, balance, payee_ref, why)
                SELECT :tenant, :run, member_ref, balance, payee_ref, why FROM run_member_staging""")
                .bind("run", runId).update();
        int p = jdbc.sql("""
                INSERT INTO payment (tenant_id, run_id, payee_ref, bank_account_id, amount, covers)
                SELECT :tenant, :run, payee_ref, bank_account_id, amount, covers FROM run_payment_staging
                 ORDER BY payee_ref COLLATE "C\"""").bind("run", runId).update();
        return new int[] {m, p};
    }

    @Override
    public void close() throws SQLException {
        jdbc.close();
    }
}
