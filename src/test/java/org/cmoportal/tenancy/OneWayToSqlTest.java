package org.cmoportal.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Feature code reaches the database through Panache or {@link TenantSql}, nothing else: the helper is where the
 * tenant is bound and the tenant rule checked, so a statement that went around it would escape both.
 */
class OneWayToSqlTest {

    /** What only the helper (and row-level security's own setting of the tenant) may use. */
    static final List<String> AROUND_THE_HELPER = List.of("createNativeQuery", "Object[]", "javax.sql.DataSource",
            ".prepareStatement(", ".createStatement(", ".getConnection(", "doWork(", "doReturningWork(");

    static final Path MAIN = Path.of("src/main/java");
    static final Path TENANCY = MAIN.resolve("org/cmoportal/tenancy");

    @Test
    void noFeatureCodeRunsSqlAroundTheHelper() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            files.filter(f -> f.toString().endsWith(".java") && !f.startsWith(TENANCY)).forEach(f -> {
                List<String> lines = read(f);
                for (int i = 0; i < lines.size(); i++) {
                    for (String use : AROUND_THE_HELPER) {
                        if (lines.get(i).contains(use)) {
                            found.add(MAIN.relativize(f) + ":" + (i + 1) + " uses " + use);
                        }
                    }
                }
            });
        }
        assertThat(found).as("use TenantSql (tenancy/) instead").isEmpty();
    }

    private static List<String> read(Path f) {
        try {
            return Files.readAllLines(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
