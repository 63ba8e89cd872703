package org.cmoportal.error;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.cmoportal.testsupport.DevTokens;
import org.cmoportal.testsupport.Unique;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** A unique key taken by a concurrent writer is a 409 that says which key, whether or not a service guarded it. */
@QuarkusTest
class UniqueKeysTest {

    @Inject
    DataSource dataSource;

    @Test
    void everyMappedConstraintIsAUniqueKeyOfTheSchema() throws Exception {
        List<String> keys = new ArrayList<>();
        try (var c = dataSource.getConnection(); var st = c.createStatement();
                var rs = st.executeQuery("SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indisunique")) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        assertThat(keys).containsAll(UniqueKeys.KEYS.keySet());
    }

    @Test
    void aViolationIsFoundInTheCauseChainAndNamesItsKey() {
        PSQLException taken = new PSQLException(new ServerErrorMessage(
                "SERROR\0C23505\0Mduplicate key value violates unique constraint\0n" + UniqueKeys.PERIOD_LABEL + "\0"));
        RuntimeException wrapped = new RuntimeException("commit failed", new IllegalStateException(taken));
        DomainException refusal = UniqueKeys.refusal(wrapped).orElseThrow();
        assertThat(refusal.kind()).isEqualTo(DomainException.Kind.CONFLICT);
        assertThat(refusal.code()).isEqualTo("period-exists");
        assertThat(refusal.getMessage()).startsWith("The period with this label already exists in this CMO.");
        assertThat(UniqueKeys.taken(UniqueKeys.PERIOD_LABEL, "2026-Q3").getMessage()).startsWith("The period 2026-Q3 already exists");

        DomainException unknown = UniqueKeys.refusal(new PSQLException(new ServerErrorMessage("SERROR\0C23505\0Mduplicate\0nsome_new_key\0")))
                .orElseThrow();
        assertThat(unknown.kind()).isEqualTo(DomainException.Kind.CONFLICT);
        assertThat(unknown.getMessage()).contains("at the same moment").contains("nothing was changed");
        assertThat(UniqueKeys.refusal(new PSQLException(new ServerErrorMessage("SERROR\0C23503\0Mforeign key\0")))).isEmpty();
        assertThat(UniqueKeys.refusal(new IllegalStateException("no database here"))).isEmpty();
    }

    /** Member adds are not guarded by their service: the error mapping still answers 409 with the member key's message. */
    @Test
    void concurrentAddsOfOneMemberRefHaveOneWinner() throws Exception {
        String tenant = Unique.name("uk");
        given().auth().oauth2(DevTokens.of("olivia")).contentType(ContentType.JSON).body(Map.of("slug", tenant, "name", "Keys " + tenant,
                "currency", "USD", "adminFeeRate", "0.10", "categories", List.of(Map.of("key", "news"))))
                .post("/api/v1/tenants").then().statusCode(201);
        given().auth().oauth2(DevTokens.of("olivia")).contentType(ContentType.JSON).body(Map.of("username", "nadia"))
                .post("/api/v1/tenants/" + tenant + "/admins").then().statusCode(201);
        String token = DevTokens.of("nadia");
        int presses = 8;
        ExecutorService pool = Executors.newFixedThreadPool(presses);
        List<Response> responses = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> pending = new ArrayList<>();
            for (int i = 0; i < presses; i++) {
                pending.add(pool.submit(() -> {
                    start.await();
                    return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("ref", "ada", "name", "Ada Lovelace"))
                            .post("/api/v1/tenants/" + tenant + "/members");
                }));
            }
            start.countDown();
            for (Future<Response> f : pending) {
                responses.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(responses).filteredOn(r -> r.statusCode() == 201).hasSize(1);
        assertThat(responses).filteredOn(r -> r.statusCode() == 409).hasSize(presses - 1).allSatisfy(r -> {
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.jsonPath().getString("detail")).contains("ref").contains("already exists in this CMO");
        });
    }
}
