package org.cmoportal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * A real run needs CMO_APP_PASSWORD, a CMO_SESSION_SECRET of 32+ characters and a CMO_PAYEE_KEY of 32 bytes in base64;
 * dev and test have their own.
 */
class ProductionSecretsTest {

    static final String SECRET_32 = "0123456789abcdef0123456789abcdef";
    /** 32 bytes in base64. */
    static final Optional<String> KEY = Optional.of("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");

    @Test
    void missingSecretsAreNamedWithWhatToSet() {
        List<String> problems = ProductionSecrets.problems(Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).startsWith("CMO_APP_PASSWORD is not set");
        assertThat(problems.get(1)).startsWith("CMO_SESSION_SECRET is not set").contains("at least 32");
        assertThat(problems.get(2)).startsWith("CMO_PAYEE_KEY is not set").contains("base64");
    }

    @Test
    void blankCountsAsMissing() {
        assertThat(ProductionSecrets.problems(Optional.of("  "), Optional.of(" ".repeat(40)), Optional.of(" ")))
                .allSatisfy(p -> assertThat(p).contains("is not set")).hasSize(3);
    }

    @Test
    void aSessionSecretShorterThan32CharactersIsRefused() {
        assertThat(ProductionSecrets.problems(Optional.of("s3cret"), Optional.of(SECRET_32.substring(1)), KEY))
                .containsExactly("CMO_SESSION_SECRET has 31 characters: it encrypts the session cookie and needs at least 32.");
        assertThat(ProductionSecrets.problems(Optional.of("s3cret"), Optional.of(SECRET_32), KEY)).isEmpty();
    }

    @Test
    void aPayeeKeyThatIsNotThirtyTwoBytesOfBase64IsRefused() {
        assertThat(ProductionSecrets.problems(Optional.of("s3cret"), Optional.of(SECRET_32), Optional.of("c2hvcnQ=")))
                .containsExactly("CMO_PAYEE_KEY has 5 bytes: it encrypts members' bank accounts and needs 32 (AES-256), in base64.");
        assertThat(ProductionSecrets.problems(Optional.of("s3cret"), Optional.of(SECRET_32), Optional.of("not base64!")))
                .singleElement().asString().startsWith("CMO_PAYEE_KEY is not base64");
    }

    @Test
    void theStartIsRefusedWithEveryProblemAndWhereToSetThem() {
        assertThatThrownBy(() -> ProductionSecrets.require(Optional.empty(), Optional.of("short"), Optional.empty()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("does not start without its secrets")
                .hasMessageContaining("CMO_APP_PASSWORD is not set")
                .hasMessageContaining("CMO_SESSION_SECRET has 5 characters")
                .hasMessageContaining("CMO_PAYEE_KEY is not set")
                .hasMessageContaining("Set them in the environment");
        assertThatCode(() -> ProductionSecrets.require(Optional.of("s3cret"), Optional.of(SECRET_32), KEY)).doesNotThrowAnyException();
    }

    @Test
    void productionConfigurationHasNoDefaultForEitherSecret() throws IOException {
        SmallRyeConfig prod = applicationProperties("prod");
        assertThat(ProductionSecrets.problems(appPassword(prod), sessionSecret(prod), payeeKey(prod))).hasSize(3);
    }

    @Test
    void devAndTestKeepTheirOwnValuesWithoutTheEnvironment() throws IOException {
        for (String profile : List.of("dev", "test")) {
            SmallRyeConfig config = applicationProperties(profile);
            assertThat(ProductionSecrets.problems(appPassword(config), sessionSecret(config), payeeKey(config))).as(profile).isEmpty();
        }
    }

    @Test
    void theSignInStateIsEncryptedWithTheSharedSessionSecretSoAnyReplicaFinishesASignIn() throws IOException {
        SmallRyeConfig prod = new SmallRyeConfigBuilder().withProfile("prod").addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(ProductionSecretsTest.class.getResource("/application.properties"), 250))
                .withSources(new PropertiesConfigSource(java.util.Map.of("CMO_SESSION_SECRET", SECRET_32), "environment", 300))
                .build();
        assertThat(prod.getOptionalValue("quarkus.oidc.authentication.state-secret", String.class)).contains(SECRET_32);
        for (String profile : List.of("dev", "test")) {
            SmallRyeConfig config = applicationProperties(profile);
            assertThat(config.getOptionalValue("quarkus.oidc.authentication.state-secret", String.class)).as(profile)
                    .isEqualTo(sessionSecret(config));
        }
    }

    /** application.properties alone, as {@code profile} reads it with nothing set in the environment. */
    private static SmallRyeConfig applicationProperties(String profile) throws IOException {
        return new SmallRyeConfigBuilder().withProfile(profile).addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(ProductionSecretsTest.class.getResource("/application.properties"), 250))
                .build();
    }

    private static Optional<String> appPassword(SmallRyeConfig config) {
        return config.getOptionalValue("cmo.app-password", String.class);
    }

    private static Optional<String> payeeKey(SmallRyeConfig config) {
        return config.getOptionalValue("cmo.payee.key", String.class);
    }

    private static Optional<String> sessionSecret(SmallRyeConfig config) {
        return config.getOptionalValue("quarkus.oidc.token-state-manager.encryption-secret", String.class);
    }
}
