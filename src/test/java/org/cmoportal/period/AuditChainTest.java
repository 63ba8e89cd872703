package org.cmoportal.period;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.cmoportal.testsupport.OwnerSql;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The chain check finds a row changed behind the application's back (triggers disabled by a superuser). */
@QuarkusTest
class AuditChainTest {

    static final String T = "wf-audit";

    @Test
    void aTamperedEntryIsFoundAndNamed() throws SQLException {
        Cmo cmo = Cmo.create(T, List.of("alice"));
        cmo.open("p1");
        cmo.post("nadia", "p1", "close").then().statusCode(200);
        cmo.api("noah").get("/audit/verify").then().statusCode(200).body("intact", equalTo(true));
        long seq;
        try (Connection c = OwnerSql.connect()) {
            seq = OwnerSql.number(c, "SELECT seq FROM audit_event WHERE tenant_id = ? AND action = 'period.close'", T);
            c.createStatement().execute("""
                    ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update;
                    UPDATE audit_event SET after = '{"state": "DISTRIBUTED"}' WHERE tenant_id = '%s' AND seq = %d;
                    ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update;""".formatted(T, seq));
        }
        cmo.api("noah").get("/audit/verify").then().statusCode(200).body("intact", equalTo(false))
                .body("brokenAt", equalTo((int) seq)).body("reason", containsString("changed after it was written"));
        Cmo.as("nadia").get("/t/" + T + "/admin/audit/verify").then().statusCode(200)
                .body(containsString("The chain breaks at entry #" + seq));
    }
}
