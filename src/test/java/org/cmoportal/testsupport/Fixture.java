package org.cmoportal.testsupport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.cmoportal.demo.DemoData;

import io.quarkus.runtime.StartupEvent;

/**
 * Gives every test application the README's demo CMOs, users and builder, loaded once through the services (with the
 * demo's history under {@link DemoHistoryProfile}, whose database is its own).
 */
@ApplicationScoped
public class Fixture {

    @Inject
    DemoData demo;

    void onStart(@Observes StartupEvent event) {
        // The test database outlives an application restart (another test profile), so load only once.
        demo.loadIfEmpty();
    }
}
