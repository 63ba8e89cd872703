package org.cmoportal.distribution;

/** How a tenant splits one category's net over the member refs with usage in that category. */
public enum DistributionRule {
    /** allocate(net, units by ref): the default. */
    PRO_RATA_UNITS,
    /** allocate(net, 1 per ref with usage): units only decide who takes part. */
    EQUAL_SHARES
}
