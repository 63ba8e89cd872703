package org.cmoportal.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/** The portal signing people in with the real Keycloak of docker/keycloak instead of the dev provider. */
public class KeycloakProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.oidc.devservices.enabled", "false",
                "quarkus.oidc.auth-server-url", KeycloakServer.REALM_URL,
                "quarkus.oidc.client-id", KeycloakServer.CLIENT_ID,
                "quarkus.oidc.credentials.secret", KeycloakServer.CLIENT_SECRET,
                "quarkus.oidc.roles.source", "accesstoken");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Server.class));
    }

    /** Starts Keycloak before the application (OIDC discovers it at start) and stops it after, if it started it. */
    public static class Server implements QuarkusTestResourceLifecycleManager {

        private boolean startedHere;

        @Override
        public Map<String, String> start() {
            startedHere = !KeycloakServer.answers();
            KeycloakServer.ensureRunning();
            return Map.of();
        }

        @Override
        public void stop() {
            if (!startedHere || !Files.isRegularFile(Path.of("docker/keycloak/stop.sh"))) {
                return; // someone else runs it (CI, a developer): leave it as found
            }
            try {
                new ProcessBuilder("bash", "docker/keycloak/stop.sh").inheritIO().start().waitFor();
            } catch (IOException e) {
                throw new IllegalStateException("Could not stop Keycloak with docker/keycloak/stop.sh", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
