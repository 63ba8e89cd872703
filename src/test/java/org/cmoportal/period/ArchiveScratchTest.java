package org.cmoportal.period;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cmoportal.testsupport.OwnerSql;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * ops/archive-period.sh proves an archive restores before it drops anything: it restores the dump into a scratch
 * database made empty but for the few sequences and functions the dumped tables name (their columns' defaults, their
 * checks, their triggers). A migration that gives a partitioned table's column a default calling a new function (V43's
 * {@code run_line_ids}) breaks every archive unless the scratch database gets it too: the restore fails and the
 * archive stops after the detach. Here every function and sequence the archived tables' partitions name is checked
 * against what the script creates there.
 */
@QuarkusTest
class ArchiveScratchTest {

    private static final Path SCRIPT = Path.of("ops/archive-period.sh");

    /**
     * Functions and sequences of the public schema named by the defaults, checks, policies and own triggers of the
     * archived tables (a trigger cloned from the parent table is not dumped with a partition: ATTACH makes it again).
     */
    private static Set<String> named(String kind) throws SQLException {
        String sql = switch (kind) {
            case "function" -> """
                    SELECT DISTINCT p.proname FROM pg_depend d
                      JOIN pg_proc p ON d.refclassid = 'pg_proc'::regclass AND p.oid = d.refobjid
                      JOIN pg_namespace n ON n.oid = p.pronamespace AND n.nspname = 'public'
                     WHERE (d.classid = 'pg_attrdef'::regclass
                              AND d.objid IN (SELECT oid FROM pg_attrdef WHERE adrelid = ANY (?::regclass[])))
                        OR (d.classid = 'pg_constraint'::regclass
                              AND d.objid IN (SELECT oid FROM pg_constraint WHERE conrelid = ANY (?::regclass[])))
                        OR (d.classid = 'pg_trigger'::regclass
                              AND d.objid IN (SELECT oid FROM pg_trigger WHERE tgrelid = ANY (?::regclass[]) AND NOT tgisinternal
                                                   AND tgparentid = 0))
                        OR (d.classid = 'pg_policy'::regclass
                              AND d.objid IN (SELECT oid FROM pg_policy WHERE polrelid = ANY (?::regclass[])))""";
            default -> """
                    SELECT DISTINCT c.relname FROM pg_depend d
                      JOIN pg_class c ON d.refclassid = 'pg_class'::regclass AND c.oid = d.refobjid AND c.relkind = 'S'
                     WHERE d.classid = 'pg_attrdef'::regclass
                       AND d.objid IN (SELECT oid FROM pg_attrdef WHERE adrelid = ANY (?::regclass[]))""";
        };
        // a period's partition of each table the archive dumps, as the script dumps it (run_line's is partitioned by
        // run: its run tables are dumped too)
        long period = OwnerSql.number("SELECT min(id) FROM period");
        List<String> tables = List.of("filing_usage_p" + period, "run_line_p" + period, "account_entry_p" + period);
        Set<String> names = new TreeSet<>();
        try (Connection c = OwnerSql.connect()) {
            String array = "{" + String.join(",", tables) + "}";
            Object[] args = kind.equals("function") ? new Object[] {array, array, array, array} : new Object[] {array};
            names.addAll(OwnerSql.strings(c, sql, args));
        }
        return names;
    }

    private static Set<String> made(String what) throws IOException {
        String script = Files.readString(SCRIPT);
        int from = script.indexOf("createdb \"$scratch\"");
        int to = script.indexOf("pg_restore", from);
        assertThat(from).as("the script makes a scratch database").isPositive();
        Matcher m = Pattern.compile("CREATE " + what + " (\\w+)").matcher(script.substring(from, to));
        Set<String> names = new TreeSet<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void theScratchDatabaseHasEveryFunctionAndSequenceTheArchivedTablesName() throws Exception {
        Cmo.once("archive-scratch", List.of("alice")).open("scratch-1");
        Set<String> functions = named("function");
        // the tables name some (at least the tenant policy's and the ledger's append-only trigger's)
        assertThat(functions).contains("app_tenant", "account_entry_immutable");
        assertThat(made("FUNCTION")).as("functions the script creates in its scratch database").containsAll(functions);
        Set<String> sequences = named("sequence");
        assertThat(made("SEQUENCE")).as("sequences the script creates in its scratch database").containsAll(sequences);
    }
}
