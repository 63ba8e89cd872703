package org.cmoportal.preference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import jakarta.inject.Inject;

import org.cmoportal.tenancy.TenantScope;
import org.cmoportal.testsupport.Filings;
import org.cmoportal.testsupport.OwnerSql;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The flag at the size the brief names: a filing of a million usage lines and a thousand members who opted out. The
 * flag joins the filing's usage rows (found by their filing, V39) to the opted-out members, so it must find exactly
 * their lines, and its time is printed for docs/preferences.md.
 */
@QuarkusTest
class OptOutFlagScaleTest {

    @Inject
    OptOutFlags flags;

    @Inject
    TenantScope scope;

    @Test
    void aMillionLineFilingIsFlaggedByOneStatement() {
        PrefCmo cmo = PrefCmo.create(List.of());
        cmo.open("2029-Q1");
        // filed through the API with one line, then grown to a million (category, ref) rows as the schema owner
        long filing = cmo.file("2029-Q1", "scale-model", List.of(new Filings.Line("news", "zz-unmatched", 1)));
        OwnerSql.execute("INSERT INTO member (tenant_id, ref, name) SELECT ?, 'om' || i, 'Opted ' || i FROM generate_series(1, 1000) i",
                cmo.slug);
        OwnerSql.execute("""
                INSERT INTO member_preference (tenant_id, member_ref, category_key, train_ai, search, since, set_by)
                SELECT ?, 'om' || i, 'news', false, true, p.opened_at - interval '1 hour', 'scale'
                  FROM generate_series(1, 1000) i, period p WHERE p.tenant_id = ? AND p.label = '2029-Q1'""", cmo.slug, cmo.slug);
        OwnerSql.execute("""
                INSERT INTO filing_usage (filing_id, tenant_id, category_key, member_refs, units, period_id)
                SELECT f.id, f.tenant_id, 'news', array_agg(CASE WHEN i % 1000 = 0 THEN 'om' || (i / 1000) ELSE 'u' || i END ORDER BY i),
                       array_agg(1::bigint ORDER BY i), f.period_id
                  FROM generate_series(1, 999999) i, filing f WHERE f.id = ? AND f.tenant_id = ?
                 GROUP BY f.id, f.tenant_id, f.period_id, i / 32768""", filing, cmo.slug);
        OwnerSql.execute("ANALYZE filing_usage");
        OwnerSql.execute("ANALYZE member_preference");

        long started = System.nanoTime();
        int flagged = scope.call(cmo.slug, () -> flags.onFilingStored(filing));
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("Opt-out flag: %d of 1,000,000 usage lines flagged in %d ms%n", flagged, millis);
        assertThat(flagged).isEqualTo(999);
        assertThat(OwnerSql.number("SELECT count(*) FROM filing_opt_out WHERE tenant_id = ? AND filing_id = ?", cmo.slug, filing))
                .isEqualTo(999);
    }
}
