package org.cmoportal.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** ISO 13616: the IBAN registry's own examples pass; a mistyped, swapped, shortened or lengthened one does not. */
class IbanTest {

    /** Examples published in the IBAN registry and by the banks, one per country where possible. */
    static final List<String> PUBLISHED = List.of(
            "DE89370400440532013000", "GB82WEST12345698765432", "FR1420041010050500013M02606", "NL91ABNA0417164300",
            "BE68539007547034", "CH9300762011623852957", "ES9121000418450200051332", "IT60X0542811101000000123456",
            "AT611904300234573201", "NO9386011117947", "MT84MALT011000012345MTLCAST001S", "SE4550000000058398257466",
            "PL61109010140000071219812874", "GR1601101250000000012300695", "IE29AIBK93115212345678", "DK5000400440116243",
            "FI2112345600000785", "PT50000201231234567890154", "LU280019400644750000", "SA0380000000608010167519",
            "LI21088100002324013AA", "HU42117730161111101800000000", "CZ6508000000192000145399", "SK3112000000198742637541",
            "SI56263300012039086", "HR1210010051863000160", "RO49AAAA1B31007593840000", "BG80BNBG96611020345678",
            "EE382200221020145685", "LT121000011101001000", "LV80BANK0000435195001", "IS140159260076545510730339",
            "TR330006100519786457841326", "CY17002001280000001200527600", "AD1200012030200359100100",
            "MC5811222000010123456789030", "SM86U0322509800000000270100", "GI75NWBK000000007099453", "FO6264600001631634",
            "GL8964710001000206", "IL620108000000099999999", "AE070331234567890123456", "KW81CBKU0000000000001234560101",
            "QA58DOHB00001234567890ABCDEFG", "BR1800360305000010009795493C1", "UA213223130000026007233566001",
            "XK051212012345678906", "VA59001123000012345678", "EG380019000500000000263180002", "LC55HEMM000100010012001200023015");

    @Test
    void everyPublishedExampleIsAValidIbanOfItsCountrysLength() {
        for (String iban : PUBLISHED) {
            assertThat(Iban.check(iban)).as(iban).isEmpty();
            assertThat(Iban.parse(iban).value()).isEqualTo(iban);
            assertThat(iban.length()).as(iban).isEqualTo(Iban.LENGTHS.get(iban.substring(0, 2)));
        }
    }

    @Test
    void spacesAndLowerCaseAreTheSameIban() {
        assertThat(Iban.parse("de89 3704 0044 0532 0130 00").value()).isEqualTo("DE89370400440532013000");
        assertThat(Iban.parse(" GB82 WEST 1234 5698 7654 32 ").grouped()).isEqualTo("GB82 WEST 1234 5698 7654 32");
    }

    @Test
    void theMaskShowsTheFirstAndLastFourInGroupsOfFour() {
        assertThat(Iban.parse("DE89370400440532013000").masked()).isEqualTo("DE89 **** **** **** **30 00");
        assertThat(Iban.parse("NO9386011117947").masked()).isEqualTo("NO93 **** ***7 947");
        assertThat(Iban.parse("FR1420041010050500013M02606").masked()).isEqualTo("FR14 **** **** **** **** ***2 606");
        assertThat(Iban.parse("DE89370400440532013000")).hasToString("DE89 **** **** **** **30 00");
    }

    @Test
    void everyDigitChangedAnywhereIsCaught() {
        for (String iban : PUBLISHED) {
            for (int i = 2; i < iban.length(); i++) {
                char c = iban.charAt(i);
                if (!Character.isDigit(c)) {
                    continue;
                }
                String wrong = iban.substring(0, i) + (char) ('0' + (c - '0' + 1) % 10) + iban.substring(i + 1);
                assertThat(Iban.check(wrong)).as("%s with position %d changed: %s", iban, i, wrong).isPresent();
            }
        }
    }

    @Test
    void everyTranspositionOfTwoDifferentNeighboursIsCaught() {
        for (String iban : PUBLISHED) {
            for (int i = 2; i + 1 < iban.length(); i++) {
                char a = iban.charAt(i);
                char b = iban.charAt(i + 1);
                if (a == b || !Character.isDigit(a) || !Character.isDigit(b)) {
                    continue;
                }
                String swapped = iban.substring(0, i) + b + a + iban.substring(i + 2);
                assertThat(Iban.check(swapped)).as("%s with %d and %d swapped", iban, i, i + 1).isPresent();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "DE8937040044053201300",      // one character short for DE (22)
        "DE893704004405320130000",    // one too many
        "GB82WEST1234569876543",      // short for GB
        "NO938601111794",             // short for NO (15)
        "XX89370400440532013000",     // no such country
        "DE8A370400440532013000",     // letters for check digits
        "DE89-3704-0044-0532-0130-00",// punctuation
        "",
        "89DE370400440532013000"})
    void badShapesAreRefusedWithWhatToDo(String iban) {
        assertThat(Iban.check(iban)).isPresent();
        assertThatThrownBy(() -> Iban.parse(iban)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLengthMessageSaysTheCountrysLength() {
        assertThat(Iban.check("DE8937040044053201300")).hasValueSatisfying(m -> assertThat(m).contains("22").contains("21"));
        assertThat(Iban.check("DE89370400440532013001")).hasValueSatisfying(m -> assertThat(m).contains("mod-97"));
    }

    @Provide
    Arbitrary<String> published() {
        return Arbitraries.of(PUBLISHED);
    }

    /**
     * Any character replaced by another of its kind (a digit by a digit, a letter by a letter) breaks the check: the
     * number changes by less than 97 times a power of ten, which 97, a prime, never divides.
     */
    @Property(tries = 10_000)
    void anySingleSubstitutionIsCaught(@ForAll("published") String iban, @ForAll("positions") int at,
            @ForAll("alphanumerics") char replacement) {
        int i = 2 + at % (iban.length() - 2);
        char was = iban.charAt(i);
        if (was == replacement || Character.isDigit(was) != Character.isDigit(replacement)) {
            return;
        }
        String wrong = iban.substring(0, i) + replacement + iban.substring(i + 1);
        assertThat(Iban.check(wrong)).as(wrong).isPresent();
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 100);
    }

    @Provide
    Arbitrary<Character> alphanumerics() {
        return Arbitraries.chars().range('0', '9').range('A', 'Z');
    }
}
