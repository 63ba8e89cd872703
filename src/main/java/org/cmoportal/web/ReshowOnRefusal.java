package org.cmoportal.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the form a page's POST comes from, so that a refusal the person can fix (422, 409, 413) shows the page
 * holding the form again, with the problems and what was typed, instead of an error page. Not found, not
 * allowed and out of time stay error pages.
 *
 * <p>{@link ErrorMapper} does it, once for every form: the method just calls its service. The page is found by
 * the form's name ({@link HoldsForms}), so a form may post to one feature and sit on another's page (the
 * administrator's home holds the member, licence and period forms) with neither importing the other.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ReshowOnRefusal {

    /** The form's name, held by exactly one {@link FormPage} ({@link HoldsForms}). */
    String value();

    /**
     * Where a refusal that names no problem of its own is shown: the field or thing it is about. A path parameter
     * in braces is filled in ({@code "filing {id}"}).
     */
    String where() default "";
}
