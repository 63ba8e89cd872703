package org.cmoportal.verification;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.cmoportal.money.Amounts;
import org.cmoportal.money.CodePointOrder;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.money.Rate;

/**
 * The canonical texts and SHA-256 digests of the figures every CMO relies on (docs/verification.md).
 *
 * <p>Plain Java, so a builder or evaluator can reproduce every digest with {@code sha256sum}:
 * <ul>
 * <li>operating profit: {@code operating-profit USD 750000.00} (api.md amount format, {@code -} for a loss);</li>
 * <li>data-value share: {@code data-value-share 0.300000} (always 6 fraction digits);</li>
 * <li>mixture: {@code {"books":"0.150000","code":"0.400000"}}: keys in Unicode code point order, weights with
 * 6 fraction digits, zero weights left out, no white space, {@code "} and {@code \} in keys escaped.</li>
 * </ul>
 */
public final class FilingDigests {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private FilingDigests() {
    }

    /** The three digests of one filing, compared across CMOs. */
    public record Digests(String operatingProfit, String dataValueShare, String mixture) {

        /** The figures whose digests differ from {@code other}'s, in a fixed order. */
        public List<Figure> differences(Digests other) {
            List<Figure> differ = new ArrayList<>();
            if (!operatingProfit.equals(other.operatingProfit)) {
                differ.add(Figure.OPERATING_PROFIT);
            }
            if (!dataValueShare.equals(other.dataValueShare)) {
                differ.add(Figure.DATA_VALUE_SHARE);
            }
            if (!mixture.equals(other.mixture)) {
                differ.add(Figure.MIXTURE);
            }
            return differ;
        }
    }

    public static Digests of(long operatingProfit, CurrencyUnit currency, Rate dataValueShare, Map<String, Rate> mixture) {
        return new Digests(sha256(operatingProfitText(operatingProfit, currency)), sha256(dataValueShareText(dataValueShare)),
                mixture(mixture));
    }

    public static String operatingProfitText(long operatingProfit, CurrencyUnit currency) {
        return "operating-profit " + currency.code() + " " + Amounts.format(operatingProfit, currency);
    }

    public static String dataValueShareText(Rate share) {
        return "data-value-share " + sixDigits(share);
    }

    /** The canonical JSON of a mixture, the text a builder commits to. */
    public static String mixtureText(Map<String, Rate> weights) {
        List<String> keys = new ArrayList<>(weights.keySet());
        keys.sort(CodePointOrder.INSTANCE);
        StringBuilder json = new StringBuilder("{");
        for (String key : keys) {
            Rate w = weights.get(key);
            if (w.millionths() == 0) {
                continue;
            }
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(key.replace("\\", "\\\\").replace("\"", "\\\"")).append("\":\"")
                    .append(sixDigits(w)).append('"');
        }
        return json.append('}').toString();
    }

    /** The mixture digest: SHA-256 of {@link #mixtureText}. */
    public static String mixture(Map<String, Rate> weights) {
        return sha256(mixtureText(weights));
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Whether {@code text} is a SHA-256 digest as the portal stores it: 64 lower-case hex digits. */
    public static boolean isSha256Hex(String text) {
        return text != null && SHA256_HEX.matcher(text).matches();
    }

    private static String sixDigits(Rate rate) {
        return rate.toBigDecimal().setScale(6).toPlainString();
    }
}
