package org.cmoportal.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** The real Keycloak of {@code docker/keycloak} for tests: starts it when needed and fetches access tokens. */
public final class KeycloakServer {

    /** Realm base URL; CI exports KEYCLOAK_URL, the default matches docker/keycloak/start.sh. */
    public static final String REALM_URL =
            System.getenv().getOrDefault("KEYCLOAK_URL", "http://localhost:8180/realms/cmo");

    public static final String CLIENT_ID = "cmo-portal";

    /** Dev-only secret, the same as in docker/keycloak/realm.json. */
    public static final String CLIENT_SECRET = "cmo-portal-secret";

    private static final String START_SCRIPT = "docker/keycloak/start.sh";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private KeycloakServer() {
    }

    /** Starts Keycloak through docker/keycloak/start.sh unless the realm already answers. */
    public static synchronized void ensureRunning() {
        if (answers()) {
            return;
        }
        Path baseDir = projectBaseDir();
        try {
            // start.sh waits for the realm itself (and gives up with the log tail after 180 s),
            // so its exit code is the whole story; Keycloak keeps running after it returns.
            Process start = new ProcessBuilder("bash", baseDir.resolve(START_SCRIPT).toString())
                    .directory(baseDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .start();
            int exit = start.waitFor();
            if (exit != 0) {
                throw new IllegalStateException(START_SCRIPT + " failed with exit code " + exit
                        + "; see its output above and target/keycloak/keycloak.log");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + START_SCRIPT + " (is bash installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting Keycloak", e);
        }
        if (!answers()) {
            throw new IllegalStateException(START_SCRIPT + " finished but " + discoveryUrl()
                    + " does not answer; is KEYCLOAK_URL pointing at another host or port?");
        }
    }

    /** Access token (a JWT) for a realm user, through the password grant of client cmo-portal. */
    public static String passwordGrant(String username, String password) {
        String form = formEncode(Map.of(
                "grant_type", "password",
                "client_id", CLIENT_ID,
                "client_secret", CLIENT_SECRET,
                "username", username,
                "password", password,
                "scope", "openid"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(REALM_URL + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Keycloak refused the password grant for '" + username
                    + "' (HTTP " + response.statusCode() + "): " + response.body());
        }
        try {
            JsonNode token = JSON.readTree(response.body()).get("access_token");
            if (token == null || !token.isTextual()) {
                throw new IllegalStateException("No access_token in Keycloak's answer: " + response.body());
            }
            return token.asText();
        } catch (IOException e) {
            throw new UncheckedIOException("Keycloak's token answer is not JSON: " + response.body(), e);
        }
    }

    /** OpenID discovery document of the realm; answering means Keycloak is up with the realm imported. */
    public static String discoveryUrl() {
        return REALM_URL + "/.well-known/openid-configuration";
    }

    /** Whether the realm answers now (Keycloak is up with the realm imported). */
    public static boolean answers() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(discoveryUrl()))
                .timeout(Duration.ofSeconds(3))
                .GET()
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("Keycloak at " + REALM_URL
                    + " does not answer; call KeycloakServer.ensureRunning() first", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while talking to Keycloak", e);
        }
    }

    /** Surefire runs in the module directory, but an IDE may not: look upwards for the script. */
    private static Path projectBaseDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(START_SCRIPT))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find " + START_SCRIPT + " from "
                + Path.of("").toAbsolutePath() + "; run the tests from the project directory");
    }

    private static String formEncode(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
