package org.cmoportal.identity;

/** The realm roles the identity provider puts in the token (api.md, "Who is who"). */
public final class Roles {
    public static final String OPERATOR = "operator";
    public static final String CMO_ADMIN = "cmo-admin";
    public static final String BUILDER = "builder";
    public static final String MEMBER = "member";
    public static final String AUDITOR = "auditor";

    private Roles() {
    }
}
