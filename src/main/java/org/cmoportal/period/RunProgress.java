package org.cmoportal.period;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

/**
 * Told about a distribution run as it is written: each batch of COPY data sent to a table, and each phase with its
 * time. Logs the phases (the app's log says where a long run spends its time); the tests put a fault in its place to
 * fail a run part-way.
 */
@ApplicationScoped
public class RunProgress {

    private static final Logger LOG = Logger.getLogger(RunProgress.class);

    /** A batch of rows for {@code table} (about 64 KiB of COPY data) has been sent; {@code batch} counts from 1. */
    public void batch(String table, int batch) {
        // nothing to do: the database holds the rows until the transaction ends
    }

    /** A phase of run {@code runId} is done. */
    public void phase(long runId, String phase, long rows, long nanos) {
        LOG.infof("run %d: %s, %,d rows in %,d ms", runId, phase, rows, nanos / 1_000_000);
    }
}
