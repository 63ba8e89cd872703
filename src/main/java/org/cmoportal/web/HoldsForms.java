package org.cmoportal.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The forms a {@link FormPage} holds, by the names their POSTs give in {@link ReshowOnRefusal}. An annotation, not
 * a method, so that start-up can read it from a page whose every method asks for a role.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface HoldsForms {

    /** Form names, each held by one page only. */
    String[] value();
}
