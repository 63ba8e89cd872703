package org.cmoportal.stake;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.cmoportal.tenancy.TenantScope;
import org.cmoportal.tenancy.TenantSql;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/**
 * Closes ballots at their closing time without anyone pressing a button. Every instance of the application runs it;
 * each ballot is closed exactly once all the same, because {@link Ballots#closeIfDue} claims it with
 * {@code UPDATE ... WHERE state = 'OPEN'} and tallies in that transaction: a second instance's claim waits for the
 * row and then finds it closed. Ballots live under row-level security: one platform-wide query
 * ({@code tenants_with_due_ballots}, V29, run as the schema owner) names only the tenants that have a due ballot,
 * never the ballots, and the closer enters just those, reading and closing each due ballot in the tenant's own
 * transaction. A pass with nothing due is one query, whatever the number of tenants.
 */
@ApplicationScoped
public class BallotCloser {

    private static final Logger LOG = Logger.getLogger(BallotCloser.class);

    @Inject
    TenantScope scope;

    @Inject
    TenantSql sql;

    @Inject
    Ballots ballots;

    @Scheduled(every = "${cmo.ballots.closing-every:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void closeDueBallots() {
        closeDue(Instant.now());
    }

    /** Closes every ballot due at {@code now} in every tenant that has one; returns how many this call closed. */
    public int closeDue(Instant now) {
        int closed = 0;
        for (String tenant : tenantsWithDueBallots(now)) {
            List<Long> due;
            try {
                due = scope.call(tenant, () -> ballots.due(now));
            } catch (RuntimeException e) {
                // one tenant's failure must not keep the other tenants' ballots open
                LOG.errorf(e, "The due ballots of %s could not be read; the next run tries again", tenant);
                continue;
            }
            for (long id : due) {
                try {
                    if (close(tenant, id, now)) {
                        closed++;
                    }
                } catch (RuntimeException e) {
                    // one ballot's failure must not keep the others open; the next run tries it again
                    LOG.errorf(e, "Ballot %d of %s could not be closed; it will be tried again", id, tenant);
                }
            }
        }
        return closed;
    }

    /** The tenants with at least one open ballot due at {@code now}, by id; platform-wide, it reads no ballot's data. */
    public List<String> tenantsWithDueBallots(Instant now) {
        return scope.platform(() -> sql.platform("SELECT tenant_id FROM tenants_with_due_ballots(:now)")
                .bind("now", now).list(rs -> rs.getString(1)));
    }

    /** Closes one ballot of the tenant if it is due at {@code now}, in a transaction of its own. */
    public boolean close(String tenant, long id, Instant now) {
        boolean closed = scope.call(tenant, () -> ballots.closeIfDue(id, now));
        if (closed) {
            // with several instances, the log says which one closed each ballot (the audit event says only "system")
            LOG.infof("Closed ballot %d of %s", id, tenant);
        }
        return closed;
    }
}
