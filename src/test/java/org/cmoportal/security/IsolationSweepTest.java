package org.cmoportal.security;

import io.quarkus.test.junit.QuarkusTest;

/** The sweep with both isolation layers on, as in production. */
@QuarkusTest
class IsolationSweepTest extends IsolationSweep {

    @Override
    String mode() {
        return "Hibernate tenant filter and row-level security";
    }
}
