package org.cmoportal.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** AES-256-GCM at rest: what is sealed for one row opens only for that row, with that key, unchanged. */
class PayeeCipherTest {

    static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    static final String IBAN = "DE89370400440532013000";

    final PayeeCipher cipher = new PayeeCipher(Optional.of(KEY), "k1");

    @Test
    void sealedOpensForItsRowAndHidesTheNumber() {
        String row = PayeeCipher.memberBinding("newsguild", "alice");
        PayeeCipher.Sealed sealed = cipher.seal(IBAN, row);
        assertThat(sealed.keyId()).isEqualTo("k1");
        assertThat(sealed.nonce()).hasSize(12);
        assertThat(new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain(IBAN).doesNotContain("DE89");
        assertThat(cipher.open(sealed, row)).isEqualTo(IBAN);
    }

    @Test
    void eachSealingHasItsOwnNonce() {
        String row = PayeeCipher.memberBinding("newsguild", "alice");
        PayeeCipher.Sealed a = cipher.seal(IBAN, row);
        PayeeCipher.Sealed b = cipher.seal(IBAN, row);
        assertThat(a.nonce()).isNotEqualTo(b.nonce());
        assertThat(a.ciphertext()).isNotEqualTo(b.ciphertext());
    }

    @Test
    void aCiphertextMovedToAnotherMembersRowDoesNotOpen() {
        PayeeCipher.Sealed alices = cipher.seal(IBAN, PayeeCipher.memberBinding("newsguild", "alice"));
        assertThatThrownBy(() -> cipher.open(alices, PayeeCipher.memberBinding("newsguild", "mallory")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not decrypt");
        assertThatThrownBy(() -> cipher.open(alices, PayeeCipher.memberBinding("codebooks", "alice")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cipher.open(alices, PayeeCipher.debtorBinding("newsguild"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aChangedCiphertextOrAnotherKeyDoesNotOpen() {
        String row = PayeeCipher.memberBinding("newsguild", "alice");
        PayeeCipher.Sealed sealed = cipher.seal(IBAN, row);
        byte[] flipped = sealed.ciphertext().clone();
        flipped[0] ^= 1;
        assertThatThrownBy(() -> cipher.open(new PayeeCipher.Sealed("k1", sealed.nonce(), flipped), row))
                .isInstanceOf(IllegalStateException.class);
        PayeeCipher other = new PayeeCipher(Optional.of(Base64.getEncoder().encodeToString(new byte[32])), "k1");
        assertThatThrownBy(() -> other.open(sealed, row)).isInstanceOf(IllegalStateException.class);
        PayeeCipher rotated = new PayeeCipher(Optional.of(KEY), "k2");
        assertThatThrownBy(() -> rotated.open(sealed, row)).hasMessageContaining("key 'k1'").hasMessageContaining("CMO_PAYEE_KEY");
    }

    @Test
    void aKeyMustBeThirtyTwoBytesAndPresent() {
        assertThatThrownBy(() -> PayeeCipher.decodeKey(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("16 bytes");
        PayeeCipher none = new PayeeCipher(Optional.empty(), "k1");
        assertThatThrownBy(() -> none.seal(IBAN, "x")).hasMessageContaining("CMO_PAYEE_KEY");
    }
}
