package org.cmoportal.tenancy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Where reads went, in {@code /q/health/ready}. Always up: without the replica every read goes to the primary, so a
 * stopped standby must not take the instance out of its load balancer.
 */
@Readiness
@ApplicationScoped
public class ReplicaReadiness implements HealthCheck {

    @Inject
    Replica replica;

    @Override
    public HealthCheckResponse call() {
        Replica.Figures f = replica.figures();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("read replica").up()
                .withData("configured", f.configured());
        if (f.configured()) {
            b.withData("state", f.state().name()).withData("why", f.why()).withData("lag-seconds", String.valueOf(f.lagSeconds()))
                    .withData("replica-statements", f.replicaStatements()).withData("moved-to-primary", f.movedToPrimary());
            f.reads().forEach((route, n) -> b.withData("reads-" + route.name().toLowerCase().replace('_', '-'), n));
        }
        return b.build();
    }
}
