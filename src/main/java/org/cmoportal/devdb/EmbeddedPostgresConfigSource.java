package org.cmoportal.devdb;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Supplies the datasource URLs of an embedded PostgreSQL in dev and test mode when none is configured.
 *
 * <p>It answers only the profiled keys ({@code %dev.} and {@code %test.}), so a production run never
 * starts a database by accident, and it starts the server lazily, on the first lookup of a URL.
 */
public class EmbeddedPostgresConfigSource implements ConfigSource {

    private static final String[] PROFILES = {"dev", "test"};
    private static final Set<String> KEYS = Set.of(
            "%dev.quarkus.datasource.jdbc.url", "%dev.quarkus.datasource.migration.jdbc.url",
            "%test.quarkus.datasource.jdbc.url", "%test.quarkus.datasource.migration.jdbc.url");

    @Override
    public Set<String> getPropertyNames() {
        return KEYS;
    }

    @Override
    public Map<String, String> getProperties() {
        // Listing values would start the server on a mere scan of the configuration.
        return Map.of();
    }

    @Override
    public String getValue(String propertyName) {
        if (!KEYS.contains(propertyName) || urlConfiguredElsewhere()) {
            return null;
        }
        for (String profile : PROFILES) {
            if (propertyName.startsWith("%" + profile + ".")) {
                return EmbeddedPostgres.jdbcUrl(profile);
            }
        }
        return null;
    }

    /** An explicit URL (environment or system property) always wins over the embedded server. */
    private static boolean urlConfiguredElsewhere() {
        return System.getenv("QUARKUS_DATASOURCE_JDBC_URL") != null
                || System.getProperty("quarkus.datasource.jdbc.url") != null;
    }

    @Override
    public int getOrdinal() {
        return 150;
    }

    @Override
    public String getName() {
        return "embedded-postgresql";
    }
}
