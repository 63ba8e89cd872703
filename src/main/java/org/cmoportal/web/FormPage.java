package org.cmoportal.web;

import io.quarkus.qute.TemplateInstance;

/**
 * A page that holds forms ({@link HoldsForms}) and is shown again when one of them is refused
 * ({@link ReshowOnRefusal}). It is called with the identity of the person whose POST was refused, so a page's
 * own access rules apply.
 */
public interface FormPage {

    /** The page again, with the refused form's problems and what was typed in it; the status is the refusal's. */
    TemplateInstance showAgain(Refusal refusal);
}
