package org.cmoportal.identity;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Who may use a route that takes a {@code {tenant}} path parameter.
 *
 * <p>{@link TenantAccessFilter} checks it before the method runs and sets the tenant for both
 * isolation layers; a tenant route without this annotation fails closed.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface TenantAccess {
    Party[] value();
}
