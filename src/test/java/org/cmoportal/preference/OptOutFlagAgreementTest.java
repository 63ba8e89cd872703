package org.cmoportal.preference;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.IntStream;

import org.cmoportal.testsupport.Filings;
import org.cmoportal.testsupport.OwnerSql;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The filing flag over random preference histories: what intake stores is what the rule of economics.md says, read
 * from the history by a reference written here in plain Java. A member is flagged in a category when the latest of
 * their history rows from strictly before the period's opening (ties in time broken by the order they were written)
 * says no to train-ai; usage under an alias counts as its member's.
 */
@QuarkusTest
class OptOutFlagAgreementTest {

    static final List<String> CATEGORIES = List.of("code", "news");
    static final long[] OFFSETS = {-86_400, -3_600, -2, -1, 0, 1, 3_600};

    /** One history row as written: its order of writing breaks ties in time. */
    record Row(String ref, String category, boolean trainAi, Instant since, long order) {
    }

    @Test
    void theStoredFlagIsTheRuleOverRandomHistories() throws SQLException {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<String> refs = IntStream.range(0, 30).mapToObj(i -> String.format("h%02d", i)).toList();
        PrefCmo cmo = PrefCmo.create(refs);
        Map<String, String> aliases = new HashMap<>();
        for (String ref : refs) {
            if (random.nextInt(4) == 0) {
                aliases.put(ref + "-alias", ref);
                OwnerSql.execute("INSERT INTO member_alias (tenant_id, alias_ref, member_ref, claim_id) VALUES (?, ?, ?, 1)",
                        cmo.slug, ref + "-alias", ref);
            }
        }
        List<Row> history = new ArrayList<>();
        long order = 0;
        for (int round = 0; round < 4; round++) {
            String period = "2028-R" + round;
            cmo.open(period);
            // to the microsecond, as PostgreSQL keeps it: a row written exactly at the opening is not before it
            Instant opened = Instant.EPOCH.plus(OwnerSql.number(
                    "SELECT (extract(epoch FROM opened_at) * 1000000)::bigint FROM period WHERE tenant_id = ? AND label = ?",
                    cmo.slug, period), java.time.temporal.ChronoUnit.MICROS);
            try (Connection c = OwnerSql.connect()) {
                for (String ref : refs) {
                    for (String category : CATEGORIES) {
                        int changes = random.nextInt(4);
                        for (int k = 0; k < changes; k++) {
                            Instant since = opened.plusSeconds(OFFSETS[random.nextInt(OFFSETS.length)]);
                            boolean trainAi = random.nextBoolean();
                            OwnerSql.update(c, """
                                    INSERT INTO member_preference (tenant_id, member_ref, category_key, train_ai, search, since, set_by)
                                    VALUES (?, ?, ?, ?, ?, ?, 'history')""", cmo.slug, ref, category, trainAi, random.nextBoolean(),
                                    Timestamp.from(since));
                            history.add(new Row(ref, category, trainAi, since, order++));
                        }
                    }
                }
            }
            List<Filings.Line> usage = new ArrayList<>();
            for (String category : CATEGORIES) {
                for (String ref : refs) {
                    if (random.nextInt(3) > 0) {
                        usage.add(new Filings.Line(category, ref, 1 + random.nextInt(9)));
                    }
                }
                for (String alias : aliases.keySet()) {
                    if (random.nextBoolean()) {
                        usage.add(new Filings.Line(category, alias, 1 + random.nextInt(9)));
                    }
                }
            }
            long filing = cmo.file(period, "random-model-" + round, usage);

            TreeSet<String> expected = new TreeSet<>();
            for (Filings.Line line : usage) {
                String member = aliases.getOrDefault(line.ref(), line.ref());
                history.stream().filter(r -> r.ref().equals(member) && r.category().equals(line.category())
                                && r.since().isBefore(opened))
                        .max(java.util.Comparator.comparing(Row::since).thenComparingLong(Row::order))
                        .filter(r -> !r.trainAi())
                        .ifPresent(r -> expected.add(line.category() + "/" + line.ref() + "/" + member));
            }
            List<String> stored;
            try (Connection c = OwnerSql.connect()) {
                stored = OwnerSql.strings(c, """
                        SELECT category_key || '/' || usage_ref || '/' || member_ref FROM filing_opt_out
                         WHERE tenant_id = ? AND filing_id = ? ORDER BY 1""", cmo.slug, filing);
            }
            assertThat(new TreeSet<>(stored)).as("seed %d, round %d", seed, round).isEqualTo(expected);
        }
    }
}
