package org.cmoportal.period;

import static org.cmoportal.csv.CsvTable.figure;
import static org.cmoportal.csv.CsvTable.text;

import java.io.Writer;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.cmoportal.account.Ledger;
import org.cmoportal.csv.CsvTable;
import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.tenancy.TenantSql;
import org.cmoportal.verification.TrailNote;
import org.cmoportal.verification.VerificationService;

/**
 * Publishes a run's member statements (matched refs only; unmatched ones stay in suspense) and writes the
 * payout file for the bank. Statements are written once: the database refuses to change them afterwards.
 */
@ApplicationScoped
public class StatementPublisher {

    @Inject
    TenantSql sql;

    @Inject
    VerificationService verification;

    @Inject
    RunProgress progress;

    /** What a distribution wrote: statements, and {@code EARNED} entries (one per statement with a positive total). */
    public record Published(int statements, int earnedEntries) {
    }

    /**
     * Inserts one statement per matched ref with lines, with the members' {@code EARNED} entries in the same
     * statement ({@link Ledger#earnedFrom}), and what the statements show of each accepted filing. A statement's
     * lines are its run's matched lines of its ref, which the calculation wrote and which a distributed run keeps
     * unchanged (the view statement_line, V25): nothing is copied per line. Whatever a statement shows that could
     * change later (the member's name, the fee rate, the filing's builder and attestations) is written here as it is
     * now, and read from here afterwards: what a member has seen stays what they saw.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Published publish(DistributionRun run, String periodLabel) {
        // The run's lines and the statements are fresh: no statistics yet, so the planner would guess a handful
        // of rows and loop over them. Hash joins are right for a whole run, and compiling them (JIT, which the costs
        // that follow would ask for) takes longer than it saves. The ledger's reference check (V24) reads the inserted
        // rows from the trigger's transition table, which stays in memory within work_mem rather than going to a
        // temporary file (as the run's own transaction does, RunCalculator). This transaction only.
        sql.sql("SELECT set_config('enable_nestloop', 'off', true), set_config('jit', 'off', true),"
                + " set_config('work_mem', '192MB', true)").execute();
        // A matched ref is a member's (the run matched it against member), its total the run's (run_ref); the fee rate
        // is read once (a join with the tenant was a lookup per statement). Should the member be missing, the name's
        // NOT NULL refuses the distribution rather than publish a statement that names no payee. In code point order
        // of ref, close to the order of the statements' unique index (tenant, period, ref) and of the entries' index by
        // member, which are then written in a sweep rather than at random places.
        long start = System.nanoTime();
        Published published = sql.sql("""
                WITH published AS (
                    INSERT INTO statement (tenant_id, period_id, run_id, member_ref, member_name, admin_fee_rate, total, published_at)
                    SELECT r.tenant_id, :period, r.run_id, r.member_ref, m.name,
                           (SELECT t.admin_fee_rate FROM tenant t WHERE t.id = :tenant), r.total, now()
                      FROM run_ref r
                      LEFT JOIN member m ON m.tenant_id = r.tenant_id AND m.ref = r.member_ref
                     WHERE r.tenant_id = :tenant AND r.run_id = :run AND r.matched
                     ORDER BY r.member_ref COLLATE "C"
                    RETURNING tenant_id, member_ref, total, period_id),
                earned AS (%s RETURNING 1)
                SELECT (SELECT count(*) FROM published), (SELECT count(*) FROM earned)""".formatted(Ledger.earnedFrom("published")))
                .bind("run", run.id).bind("period", run.periodId).bind("reason", Ledger.earnedReason(periodLabel))
                .single(r -> new Published(r.getInt(1), r.getInt(2)));
        progress.phase(run.id, "statements published with their EARNED entries", published.statements(), System.nanoTime() - start);
        publishFilings(run);
        return published;
    }

    /** Each accepted filing as the trails show it: builder, model and the attestations that stand now; one insert. */
    private void publishFilings(DistributionRun run) {
        List<Long> filings = sql.sql("SELECT id FROM filing WHERE tenant_id = :tenant AND period_id = :period AND status = 'ACCEPTED' ORDER BY id")
                .bind("period", run.periodId).list(rs -> rs.getLong(1));
        Map<Long, TrailNote> notes = verification.trail(filings);
        String[] attestedBy = new String[filings.size()];
        String[] references = new String[filings.size()];
        for (int i = 0; i < filings.size(); i++) {
            TrailNote note = notes.get(filings.get(i));
            if (note != null && note.attested()) {
                attestedBy[i] = String.join(", ", note.evaluators());
                references[i] = String.join(", ", note.reportReferences());
            }
        }
        sql.sql("""
                INSERT INTO published_filing (filing_id, tenant_id, run_id, builder_name, model, attested_by, attestation_reference)
                SELECT f.id, f.tenant_id, :run, b.name, f.model, n.attested_by, n.reference
                  FROM unnest(CAST(:filings AS bigint[]), CAST(:attestedBy AS text[]), CAST(:references AS text[]))
                       AS n(filing_id, attested_by, reference)
                  JOIN filing f ON f.tenant_id = :tenant AND f.id = n.filing_id
                  JOIN builder_org b ON b.id = f.builder_id""")
                .bind("filings", filings.toArray(Long[]::new)).bind("run", run.id)
                .bind("attestedBy", attestedBy).bind("references", references)
                .update();
    }

    /**
     * The payout file (RFC 4180 CSV, names neutralised for spreadsheets): one line per member with a positive total,
     * in code point order of ref, streamed from the database to {@code out}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void payoutFile(long periodId, CurrencyUnit currency, Writer out) {
        CsvTable csv = CsvTable.start(out, List.of("member_ref", "name", "amount", "currency"));
        CsvTable.Cell code = text(currency.code());
        sql.sql("""
                SELECT member_ref, member_name, total FROM statement
                WHERE tenant_id = :tenant AND period_id = :period AND total > 0 ORDER BY member_ref COLLATE "C\"""")
                .bind("period", periodId)
                .stream(r -> csv.row(text(r.getString(1)), text(r.getString(2)), figure(Amounts.format(r.getLong(3), currency)), code));
        csv.flush();
    }
}
