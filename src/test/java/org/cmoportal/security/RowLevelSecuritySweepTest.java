package org.cmoportal.security;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The same sweep with the application's tenant filter switched off: every Hibernate session sees all
 * tenants, so only PostgreSQL's row-level security stands between one CMO and another.
 */
@QuarkusTest
@TestProfile(RowLevelSecuritySweepTest.FilterOff.class)
class RowLevelSecuritySweepTest extends IsolationSweep {

    /** Hibernate's discriminator filter off; row-level security as always. */
    public static class FilterOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cmo.tenancy.hibernate-filter", "false");
        }
    }

    @Override
    String mode() {
        return "row-level security alone (cmo.tenancy.hibernate-filter=false)";
    }
}
