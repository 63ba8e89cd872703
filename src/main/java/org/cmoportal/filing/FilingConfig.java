package org.cmoportal.filing;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of filing intake. */
@ConfigMapping(prefix = "cmo.filing")
public interface FilingConfig {

    /** The largest usage file accepted; a larger one is refused with 413 before or after it is read. */
    @WithDefault("2G")
    MemorySize maxUsageSize();

    /** How many problems an answer lists one by one before summarising the rest. */
    @WithDefault("100")
    int maxListedProblems();

    /**
     * How many (category, member ref) pairs of one upload are added up in memory before the rest is left to the
     * database (about 70 bytes a pair at most, only for the pairs an upload has).
     */
    @WithDefault("1000000")
    int combinedPairs();

    /** How long one submission's transaction may take, in seconds (a file of millions of lines takes a while). */
    @WithDefault("3600")
    int transactionTimeout();
}
