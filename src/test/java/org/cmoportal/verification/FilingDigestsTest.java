package org.cmoportal.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.cmoportal.distribution.MixtureWeights;
import org.cmoportal.money.CurrencyUnit;
import org.cmoportal.money.Rate;
import org.junit.jupiter.api.Test;

/** The canonical texts are exactly what docs/verification.md tells builders and evaluators to hash. */
class FilingDigestsTest {

    static Map<String, Rate> mixture(String... keyWeight) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyWeight.length; i += 2) {
            m.put(keyWeight[i], keyWeight[i + 1]);
        }
        return MixtureWeights.parse(m).weights();
    }

    @Test
    void mixtureTextSortsKeysByCodePointPadsWeightsAndDropsZeros() {
        assertThat(FilingDigests.mixtureText(mixture("other", "0.2", "news", "0.25", "code", "0.4", "books", "0.15", "synthetic", "0")))
                .isEqualTo("{\"books\":\"0.150000\",\"code\":\"0.400000\",\"news\":\"0.250000\",\"other\":\"0.200000\"}");
        // U+FB01 sorts before U+1F600 by UTF-16 units but after it by code point
        assertThat(FilingDigests.mixtureText(mixture("\uFB01", "0.5", "\uD83D\uDE00", "0.5")))
                .isEqualTo("{\"\uFB01\":\"0.500000\",\"\uD83D\uDE00\":\"0.500000\"}");
    }

    @Test
    void digestIsTheSha256OfTheCanonicalText() {
        // printf '%s' '{"books":"0.150000","code":"0.400000","news":"0.250000","other":"0.200000"}' | sha256sum
        assertThat(FilingDigests.mixture(mixture("news", "0.25", "code", "0.40", "books", "0.15", "other", "0.20")))
                .isEqualTo("f31f69ea4c8284da0d199d0529f0586152cbefb76a01d52ae996786a4907878f");
        assertThat(FilingDigests.sha256("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void operatingProfitAndShareTextsUseTheApiFormats() {
        CurrencyUnit usd = CurrencyUnit.of("USD");
        assertThat(FilingDigests.operatingProfitText(75_000_000, usd)).isEqualTo("operating-profit USD 750000.00");
        assertThat(FilingDigests.operatingProfitText(-5, usd)).isEqualTo("operating-profit USD -0.05");
        assertThat(FilingDigests.operatingProfitText(1234, CurrencyUnit.of("JPY"))).isEqualTo("operating-profit JPY 1234");
        assertThat(FilingDigests.dataValueShareText(Rate.parse("0.3"))).isEqualTo("data-value-share 0.300000");
        assertThat(FilingDigests.dataValueShareText(Rate.parse("1"))).isEqualTo("data-value-share 1.000000");
    }

    @Test
    void equalFiguresGiveEqualDigestsWhateverTheirSpelling() {
        CurrencyUnit usd = CurrencyUnit.of("USD");
        var a = FilingDigests.of(100, usd, Rate.parse("0.3"), mixture("news", "0.5", "code", "0.5"));
        var b = FilingDigests.of(100, usd, Rate.parse("0.300"), mixture("code", "0.500000", "news", "0.50", "x", "0"));
        assertThat(a).isEqualTo(b);
        assertThat(a.differences(b)).isEmpty();
        var c = FilingDigests.of(101, usd, Rate.parse("0.3"), mixture("news", "0.4", "code", "0.6"));
        assertThat(a.differences(c)).containsExactly(Figure.OPERATING_PROFIT, Figure.MIXTURE);
        assertThat(FilingDigests.of(100, CurrencyUnit.of("EUR"), Rate.parse("0.3"), mixture("news", "0.5", "code", "0.5"))
                .differences(a)).containsExactly(Figure.OPERATING_PROFIT);
    }

    @Test
    void siblingMessageNamesFiguresOnly() {
        assertThat(new SiblingCheck(2, java.util.List.of(Figure.OPERATING_PROFIT)).message())
                .isEqualTo("filed differently with another CMO: the operating profit differs");
        assertThat(new SiblingCheck(1, java.util.List.of(Figure.OPERATING_PROFIT, Figure.DATA_VALUE_SHARE, Figure.MIXTURE)).message())
                .isEqualTo("filed differently with another CMO: the operating profit, the data-value share and the mixture weights differ");
        assertThat(new SiblingCheck(1, java.util.List.of()).message()).isNull();
    }

    @Test
    void sha256HexIsLowerCase64Digits() {
        assertThat(FilingDigests.isSha256Hex("a".repeat(64))).isTrue();
        assertThat(FilingDigests.isSha256Hex("A".repeat(64))).isFalse();
        assertThat(FilingDigests.isSha256Hex("a".repeat(63))).isFalse();
        assertThat(FilingDigests.isSha256Hex(null)).isFalse();
    }
}
