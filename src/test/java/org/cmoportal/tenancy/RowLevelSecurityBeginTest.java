package org.cmoportal.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.Transactional;

import org.cmoportal.testsupport.OwnerSql;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * A transaction whose tenant cannot be told to the database (the database is away as it begins: its connection is
 * refused or dead) fails, and is not left on the thread. Left there, the thread's next request joined it, never
 * told the database its tenant, and met row-level security: its reads found nothing (404) and its writes were
 * refused (500), for as long as the worker thread lived. The failure here is the database refusing
 * {@code set_config} to the application role, which fails the same step the same way, deterministically.
 */
@QuarkusTest
class RowLevelSecurityBeginTest {

    @ApplicationScoped
    static class Work {
        @Inject
        TransactionManager transactions;

        @Transactional
        int status() throws Exception {
            return transactions.getStatus();
        }
    }

    @Inject
    Work work;

    @Inject
    TransactionManager transactions;

    private static void setConfig(String grantOrRevoke) throws SQLException {
        try (Connection c = OwnerSql.connect()) {
            c.createStatement().execute(grantOrRevoke.equals("REVOKE")
                    ? "REVOKE EXECUTE ON FUNCTION pg_catalog.set_config(text, text, boolean) FROM PUBLIC"
                    : "GRANT EXECUTE ON FUNCTION pg_catalog.set_config(text, text, boolean) TO PUBLIC");
        }
    }

    @Test
    void aTransactionWhoseTenantCannotBeSetFailsAndLeavesNothingOnTheThread() throws Exception {
        setConfig("REVOKE");
        try {
            assertThatThrownBy(() -> work.status()).hasStackTraceContaining("permission denied for function set_config");
        } finally {
            setConfig("GRANT");
        }
        assertThat(transactions.getStatus()).as("the thread's transaction after the failed begin").isEqualTo(Status.STATUS_NO_TRANSACTION);
        assertThat(work.status()).isEqualTo(Status.STATUS_ACTIVE);
        assertThat(transactions.getStatus()).isEqualTo(Status.STATUS_NO_TRANSACTION);
    }
}
