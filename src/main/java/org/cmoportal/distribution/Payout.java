package org.cmoportal.distribution;

/**
 * One member ref's part of a category's net: its summed units, the weight it took part with (units, or 1
 * under equal shares), the amount, and whether the ref matched a member (else the amount is suspense).
 */
public record Payout(String ref, long units, long weight, long amount, boolean matched) {
}
