package org.cmoportal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.cmoportal.testsupport.Browser;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Cookies carry {@code Secure} in production: the application runs with exactly the cookie settings
 * that {@code application.properties} gives the {@code prod} profile, read from the file itself.
 */
@QuarkusTest
@TestProfile(ProductionCookieFlagsTest.ProductionCookies.class)
class ProductionCookieFlagsTest {

    /** Every {@code %prod.} setting of the file whose name mentions cookies, applied to the test application. */
    public static class ProductionCookies implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return prodCookieSettings();
        }
    }

    static Map<String, String> prodCookieSettings() {
        Properties file = new Properties();
        try (InputStream in = ProductionCookieFlagsTest.class.getResourceAsStream("/application.properties")) {
            file.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> settings = new TreeMap<>();
        file.stringPropertyNames().stream().filter(k -> k.startsWith("%prod.") && k.contains("cookie"))
                .forEach(k -> settings.put(k.substring("%prod.".length()), file.getProperty(k)));
        return settings;
    }

    @Test
    void productionForcesSecureOnTheOidcAndCsrfCookies() {
        assertThat(prodCookieSettings()).containsEntry("quarkus.oidc.authentication.cookie-force-secure", "true")
                .containsEntry("quarkus.rest-csrf.cookie-force-secure", "true");
    }

    @Test
    void everyCookieOfASignInIsSecureHttpOnlyAndSameSite() {
        List<String> cookies = SignInCookies.collect(new Browser());
        for (String name : List.of("q_auth", "q_session", "csrf-token")) {
            assertThat(SignInCookies.named(cookies, name)).as(name)
                    .containsIgnoringCase("Secure").containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=");
        }
    }
}
