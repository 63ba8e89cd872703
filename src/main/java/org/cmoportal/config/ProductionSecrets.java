package org.cmoportal.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import io.quarkus.flyway.FlywayDataSource;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * A real run refuses to start without its secrets, rather than fall back on a value anyone can read in the source.
 *
 * <p>Checked before Flyway migrates, since the first migration creates the app role with its password (handed to
 * Flyway from here: a Flyway placeholder without a value would stop the start with a message about Flyway, not
 * about what to set), and again at start-up, in case migrations do not run at start. Dev and test mode have their
 * own values in {@code application.properties}.
 */
@ApplicationScoped
@FlywayDataSource("migration")
public class ProductionSecrets implements FlywayConfigurationCustomizer {

    static final int MIN_SESSION_SECRET = 32;

    /** The V1 placeholder that holds the app role's password. */
    static final String APP_PASSWORD_PLACEHOLDER = "appPassword";

    @ConfigProperty(name = "cmo.app-password")
    Optional<String> appPassword;

    @ConfigProperty(name = "quarkus.oidc.token-state-manager.encryption-secret")
    Optional<String> sessionSecret;

    @Override
    public void customize(FluentConfiguration configuration) {
        requireInRealRun();
        Map<String, String> placeholders = new HashMap<>(configuration.getPlaceholders());
        appPassword.ifPresent(password -> placeholders.put(APP_PASSWORD_PLACEHOLDER, password));
        configuration.placeholders(placeholders);
    }

    void onStart(@Observes StartupEvent start) {
        requireInRealRun();
    }

    private void requireInRealRun() {
        if (!LaunchMode.current().isDevOrTest()) {
            require(appPassword, sessionSecret);
        }
    }

    /** Throws, naming every missing or weak secret and what to set, if there is any. */
    static void require(Optional<String> appPassword, Optional<String> sessionSecret) {
        List<String> problems = problems(appPassword, sessionSecret);
        if (!problems.isEmpty()) {
            throw new ConfigurationException("The portal does not start without its secrets. "
                    + String.join(" ", problems) + " Set them in the environment (README, \"Run it for real\").");
        }
    }

    /** What is wrong with the secrets, one sentence each; empty if nothing is. */
    static List<String> problems(Optional<String> appPassword, Optional<String> sessionSecret) {
        List<String> problems = new ArrayList<>();
        if (appPassword.filter(p -> !p.isBlank()).isEmpty()) {
            problems.add("CMO_APP_PASSWORD is not set: it is the password the first migration gives the application's"
                    + " database role.");
        }
        int length = sessionSecret.filter(s -> !s.isBlank()).map(String::length).orElse(0);
        if (length == 0) {
            problems.add("CMO_SESSION_SECRET is not set: it encrypts the session cookie, the same on every replica,"
                    + " and needs at least " + MIN_SESSION_SECRET + " characters.");
        } else if (length < MIN_SESSION_SECRET) {
            problems.add("CMO_SESSION_SECRET has " + length + " characters: it encrypts the session cookie and needs at"
                    + " least " + MIN_SESSION_SECRET + ".");
        }
        return problems;
    }
}
