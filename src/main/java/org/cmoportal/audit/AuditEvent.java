package org.cmoportal.audit;

import java.time.Instant;

/** One entry of the audit log, as shown to administrators. */
public record AuditEvent(long seq, Instant at, String actor, String action, String objectType, String objectId,
        String before, String after, String hash) {
}
