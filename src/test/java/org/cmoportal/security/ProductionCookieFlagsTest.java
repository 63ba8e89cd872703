package org.cmoportal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * Cookies carry {@code Secure} and browsers are told to use HTTPS only in production: the application runs with
 * exactly the cookie and transport settings that {@code application.properties} gives the {@code prod} profile,
 * read from the file itself.
 */
@QuarkusTest
@TestProfile(ProductionCookieFlagsTest.ProductionCookies.class)
class ProductionCookieFlagsTest {

    /** Every {@code %prod.} setting of the file about cookies or HTTPS only, applied to the test application. */
    public static class ProductionCookies implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return prodBrowserSettings();
        }
    }

    static Map<String, String> prodBrowserSettings() {
        Properties file = new Properties();
        try (InputStream in = ProductionCookieFlagsTest.class.getResourceAsStream("/application.properties")) {
            file.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> settings = new TreeMap<>();
        file.stringPropertyNames().stream().filter(k -> k.startsWith("%prod.")
                && (k.contains("cookie") || k.contains("strict-transport-security")))
                .forEach(k -> settings.put(k.substring("%prod.".length()), file.getProperty(k)));
        return settings;
    }

    @Test
    void productionForcesSecureOnTheOidcAndCsrfCookies() {
        assertThat(prodBrowserSettings()).containsEntry("quarkus.oidc.authentication.cookie-force-secure", "true")
                .containsEntry("quarkus.rest-csrf.cookie-force-secure", "true");
    }

    @Test
    void productionTellsBrowsersToComeBackOverHttpsOnly() {
        for (String path : List.of("/", "/q/health/live")) {
            assertThat(RestAssured.get(path).header("Strict-Transport-Security")).as(path)
                    .isEqualTo("max-age=31536000; includeSubDomains");
        }
    }

    @Test
    void everyCookieOfASignedInWalkIsSecureHttpOnlySameSiteAndForTheWholeSite() {
        SignInCookies.walk().assertEveryCookieIsGuarded(true);
    }
}
