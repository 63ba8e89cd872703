package org.cmoportal.tenancy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.interceptor.InterceptorBinding;

/**
 * A read that tolerates a few seconds of lag (a published statement, a chart, a register): its {@link TenantSql}
 * statements may run on the read replica (docs/read-replica.md), with the tenant bound there as on the primary.
 *
 * <p>Put it on the outermost method of a read, a page or an API answer, never on a method a write calls: a read that
 * starts inside a transaction always reads the primary, so work that writes never acts on what a replica showed.
 * {@link ReplicaRouting} decides per call whether the replica is fit: configured, reachable, within the lag bound, and
 * past the person's own last write.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface ReadsReplica {
}
