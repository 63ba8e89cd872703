package org.cmoportal.config;

import java.util.ArrayList;
import java.util.Base64;
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

    static final int PAYEE_KEY_BYTES = 32;

    /** The V1 placeholder that holds the app role's password. */
    static final String APP_PASSWORD_PLACEHOLDER = "appPassword";

    @ConfigProperty(name = "cmo.app-password")
    Optional<String> appPassword;

    @ConfigProperty(name = "quarkus.oidc.token-state-manager.encryption-secret")
    Optional<String> sessionSecret;

    @ConfigProperty(name = "cmo.payee.key")
    Optional<String> payeeKey;

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
            require(appPassword, sessionSecret, payeeKey);
        }
    }

    /** Throws, naming every missing or weak secret and what to set, if there is any. */
    static void require(Optional<String> appPassword, Optional<String> sessionSecret, Optional<String> payeeKey) {
        List<String> problems = problems(appPassword, sessionSecret, payeeKey);
        if (!problems.isEmpty()) {
            throw new ConfigurationException("The portal does not start without its secrets. "
                    + String.join(" ", problems) + " Set them in the environment (README, \"Run it for real\").");
        }
    }

    /** What is wrong with the secrets, one sentence each; empty if nothing is. */
    static List<String> problems(Optional<String> appPassword, Optional<String> sessionSecret, Optional<String> payeeKey) {
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
        payeeKeyProblem(payeeKey).ifPresent(problems::add);
        return problems;
    }

    /** The key that encrypts members' bank accounts: 32 random bytes in base64 (for example {@code openssl rand -base64 32}). */
    private static Optional<String> payeeKeyProblem(Optional<String> payeeKey) {
        String key = payeeKey.map(String::strip).orElse("");
        if (key.isEmpty()) {
            return Optional.of("CMO_PAYEE_KEY is not set: it encrypts members' bank accounts (AES-256), 32 random bytes in"
                    + " base64, for example from 'openssl rand -base64 32'; keep it outside the database and its backups.");
        }
        try {
            int bytes = Base64.getDecoder().decode(key).length;
            return bytes == PAYEE_KEY_BYTES ? Optional.empty() : Optional.of("CMO_PAYEE_KEY has " + bytes
                    + " bytes: it encrypts members' bank accounts and needs " + PAYEE_KEY_BYTES + " (AES-256), in base64.");
        } catch (IllegalArgumentException e) {
            return Optional.of("CMO_PAYEE_KEY is not base64: give the 32 bytes that encrypt members' bank accounts in"
                    + " base64, for example from 'openssl rand -base64 32'.");
        }
    }
}
