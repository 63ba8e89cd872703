package org.cmoportal.period;

import static org.cmoportal.csv.CsvTable.figure;
import static org.cmoportal.csv.CsvTable.text;

import java.io.StringWriter;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.cmoportal.csv.CsvTable;
import org.cmoportal.money.Amounts;
import org.cmoportal.money.CurrencyUnit;

/**
 * Publishes a run's member statements (matched refs only; unmatched ones stay in suspense) and writes the
 * payout file for the bank. Statements are written once: the database refuses to change them afterwards.
 */
@ApplicationScoped
public class StatementPublisher {

    @Inject
    EntityManager em;

    /**
     * Inserts one statement per matched ref with lines, and its lines; returns how many statements.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int publish(DistributionRun run) {
        // The run's lines and the statements are fresh: no statistics yet, so the planner would guess a handful
        // of rows and loop over a million. Hash joins are right for a whole run; this transaction only.
        em.createNativeQuery("SELECT set_config('enable_nestloop', 'off', true)").getSingleResult();
        int statements = em.createNativeQuery("""
                INSERT INTO statement (tenant_id, period_id, run_id, member_ref, total, published_at)
                SELECT tenant_id, ?2, run_id, member_ref, sum(amount), now() FROM run_line
                WHERE run_id = ?1 AND matched GROUP BY tenant_id, run_id, member_ref""")
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
        return statements;
    }

    /**
     * The payout file (RFC 4180 CSV, names neutralised for spreadsheets): one line per member with a positive total,
     * in code point order of ref.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public String payoutFile(long periodId, CurrencyUnit currency) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT s.member_ref, m.name, s.total FROM statement s LEFT JOIN member m ON m.ref = s.member_ref
                WHERE s.period_id = ?1 AND s.total > 0 ORDER BY s.member_ref COLLATE "C\"""")
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
