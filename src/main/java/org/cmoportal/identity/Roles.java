package org.cmoportal.identity;

/** The realm roles the identity provider puts in the token (api.md, "Who is who"). */
public final class Roles {
    public static final String OPERATOR = "operator";
    public static final String CMO_ADMIN = "cmo-admin";
    public static final String BUILDER = "builder";
    public static final String MEMBER = "member";
    /**
     * The independent evaluator. The code says "evaluator" everywhere (the {@code audit} package is the audit log,
     * a different thing), but the token's role string stays {@code auditor}: api.md fixes it, and identity providers
     * already hand it out.
     */
    public static final String EVALUATOR = "auditor";

    private Roles() {
    }
}
