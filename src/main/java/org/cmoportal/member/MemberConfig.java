package org.cmoportal.member;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of member imports. */
@ConfigMapping(prefix = "cmo.member")
public interface MemberConfig {

    /**
     * How long one import's transaction may take, in seconds: a file of a million members takes about a minute
     * (docs/performance.md); past this the import is rolled back and answered with 503.
     */
    @WithDefault("300")
    int importTimeout();
}
