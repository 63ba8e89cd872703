package org.cmoportal.filing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

import org.cmoportal.money.Amounts;
import org.cmoportal.money.Rate;

/**
 * The canonical text of a filing and its SHA-256 ({@code filing.content_sha256}), described in
 * docs/filing-intake.md: the same filing written differently ("0.30" or "0.3", "1250000" or "1250000.00") has
 * the same hash, and anyone can recompute it from the filing and its usage file.
 */
public final class CanonicalFiling {

    private CanonicalFiling() {
    }

    /** One line of JSON, keys in code point order, no white space, amounts and rates in their canonical form. */
    public static String json(ValidFiling f, String usageSha256) {
        StringBuilder b = new StringBuilder(512).append('{');
        if (f.attestation() != null) {
            b.append("\"attestation\":{");
            field(b, "evaluator", f.attestation().evaluator()).append(',');
            field(b, "reference", f.attestation().reference()).append(',');
            field(b, "sha256", f.attestation().sha256()).append("},");
        }
        field(b, "currency", f.currency().code()).append(',');
        field(b, "dataValueShare", f.figures().dataValueShare().toString()).append(',');
        b.append("\"mixtureWeights\":{");
        boolean first = true;
        for (Map.Entry<String, Rate> e : f.figures().mixtureWeights().weights().entrySet()) { // code point order
            if (!first) {
                b.append(',');
            }
            first = false;
            field(b, e.getKey(), e.getValue().toString());
        }
        b.append("},");
        field(b, "model", f.model()).append(',');
        field(b, "period", f.period()).append(',');
        field(b, "postTrainingCost", Amounts.format(f.figures().postTrainingCost(), f.currency())).append(',');
        field(b, "revenue", Amounts.format(f.figures().revenue(), f.currency())).append(',');
        field(b, "servingCost", Amounts.format(f.figures().servingCost(), f.currency())).append(',');
        field(b, "usageSha256", usageSha256);
        return b.append('}').toString();
    }

    /** SHA-256 of {@link #json}'s UTF-8 bytes, lower-case hex. */
    public static String sha256(ValidFiling f, String usageSha256) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(json(f, usageSha256).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static StringBuilder field(StringBuilder b, String name, String value) {
        string(b, name);
        b.append(':');
        string(b, value);
        return b;
    }

    /** A JSON string: only '"', '\' and control characters are escaped (as \\uXXXX, lower-case hex). */
    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        b.append('"');
    }
}
