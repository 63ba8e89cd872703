package org.cmoportal.period;

import static org.cmoportal.csv.CsvTable.figure;
import static org.cmoportal.csv.CsvTable.text;

import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.cmoportal.csv.CsvTable;
import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.verification.TrailNote;
import org.cmoportal.verification.VerificationService;

/**
 * Publishes a run's member statements (matched refs only; unmatched ones stay in suspense) and writes the
 * payout file for the bank. Statements are written once: the database refuses to change them afterwards.
 */
@ApplicationScoped
public class StatementPublisher {

    @Inject
    EntityManager em;

    @Inject
    VerificationService verification;

    /**
     * Inserts one statement per matched ref with lines, and its lines, and what the statements show of each
     * accepted filing; returns how many statements. Whatever a statement shows that could change later (the
     * member's name, the fee rate, the filing's builder and attestations) is written here as it is now, and read
     * from here afterwards: what a member has seen stays what they saw.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int publish(DistributionRun run) {
        // The run's lines and the statements are fresh: no statistics yet, so the planner would guess a handful
        // of rows and loop over a million. Hash joins are right for a whole run; this transaction only.
        em.createNativeQuery("SELECT set_config('enable_nestloop', 'off', true)").getSingleResult();
        // A matched ref is a member's (the run matched it against member). Should one be missing, the name's NOT NULL
        // refuses the distribution rather than publish a statement that names no payee.
        int statements = em.createNativeQuery("""
                INSERT INTO statement (tenant_id, period_id, run_id, member_ref, member_name, admin_fee_rate, total, published_at)
                SELECT p.tenant_id, ?2, p.run_id, p.member_ref, m.name, t.admin_fee_rate, p.total, now()
                  FROM (SELECT tenant_id, run_id, member_ref, sum(amount) AS total FROM run_line
                         WHERE run_id = ?1 AND matched GROUP BY tenant_id, run_id, member_ref) p
                  JOIN tenant t ON t.id = p.tenant_id
                  LEFT JOIN member m ON m.tenant_id = p.tenant_id AND m.ref = p.member_ref""")
                .setParameter(1, run.id).setParameter(2, run.periodId).executeUpdate();
        em.createNativeQuery("""
                INSERT INTO statement_line (statement_id, tenant_id, filing_id, builder_name, model, category_key, units, category_units, amount)
                SELECT s.id, l.tenant_id, l.filing_id, b.name, f.model, l.category_key, l.units, l.category_units, l.amount
                FROM run_line l
                JOIN statement s ON s.tenant_id = l.tenant_id AND s.period_id = ?2 AND s.member_ref = l.member_ref
                JOIN filing f ON f.id = l.filing_id
                JOIN builder_org b ON b.id = f.builder_id
                WHERE l.run_id = ?1 AND l.matched""")
                .setParameter(1, run.id).setParameter(2, run.periodId).executeUpdate();
        publishFilings(run);
        return statements;
    }

    /** Each accepted filing as the trails show it: builder, model and the attestations that stand now. */
    private void publishFilings(DistributionRun run) {
        @SuppressWarnings("unchecked")
        List<Long> filings = em.createNativeQuery("SELECT id FROM filing WHERE period_id = ?1 AND status = 'ACCEPTED' ORDER BY id", Long.class)
                .setParameter(1, run.periodId).getResultList();
        Map<Long, TrailNote> notes = verification.trail(filings);
        for (long filing : filings) {
            TrailNote note = notes.get(filing);
            boolean attested = note != null && note.attested();
            em.createNativeQuery("""
                    INSERT INTO published_filing (filing_id, tenant_id, run_id, builder_name, model, attested_by, attestation_reference)
                    SELECT f.id, f.tenant_id, ?2, b.name, f.model, ?3, ?4
                      FROM filing f JOIN builder_org b ON b.id = f.builder_id WHERE f.id = ?1""")
                    .setParameter(1, filing).setParameter(2, run.id)
                    .setParameter(3, attested ? String.join(", ", note.evaluators()) : null)
                    .setParameter(4, attested ? String.join(", ", note.reportReferences()) : null)
                    .executeUpdate();
        }
    }

    /**
     * The payout file (RFC 4180 CSV, names neutralised for spreadsheets): one line per member with a positive total,
     * in code point order of ref.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public String payoutFile(long periodId, CurrencyUnit currency) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT member_ref, member_name, total FROM statement
                WHERE period_id = ?1 AND total > 0 ORDER BY member_ref COLLATE "C\"""")
                .setParameter(1, periodId).getResultList();
        StringWriter out = new StringWriter(64 + rows.size() * 48);
        CsvTable csv = CsvTable.start(out, List.of("member_ref", "name", "amount", "currency"));
        for (Object[] r : rows) {
            csv.row(text((String) r[0]), text((String) r[1]), figure(Amounts.format(((Number) r[2]).longValue(), currency)),
                    text(currency.code()));
        }
        csv.flush();
        return out.toString();
    }
}
