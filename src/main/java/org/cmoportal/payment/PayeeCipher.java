package org.cmoportal.payment;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Encrypts bank account numbers at rest with AES-256-GCM under a key from the environment ({@code CMO_PAYEE_KEY}),
 * never from the database: a copy of the database alone gives no IBAN. Each value has its own random nonce, and is
 * bound to the row it belongs to (tenant and member ref as associated data), so a ciphertext moved to another
 * member's row does not decrypt. The key id is stored beside it, so that a later key can be introduced and old
 * rows read while they are re-encrypted.
 */
@ApplicationScoped
public class PayeeCipher {

    static final int KEY_BYTES = 32;
    static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    /** A value as stored: which key, the nonce and the ciphertext with its tag. */
    public record Sealed(String keyId, byte[] nonce, byte[] ciphertext) {
    }

    private final SecureRandom random = new SecureRandom();
    private final SecretKey key;
    private final String keyId;

    @Inject
    PayeeCipher(@ConfigProperty(name = "cmo.payee.key") Optional<String> key,
            @ConfigProperty(name = "cmo.payee.key-id", defaultValue = "k1") String keyId) {
        // config/ProductionSecrets refuses a real run without a valid key; dev and test have their own
        this.key = key.filter(k -> !k.isBlank()).map(PayeeCipher::decodeKey).orElse(null);
        this.keyId = keyId;
    }

    /** The key from its base64 text; refused unless it is 32 bytes. */
    static SecretKey decodeKey(String base64) {
        byte[] bytes = Base64.getDecoder().decode(base64.strip());
        if (bytes.length != KEY_BYTES) {
            throw new IllegalArgumentException("the payee key has " + bytes.length + " bytes; AES-256 needs " + KEY_BYTES);
        }
        return new SecretKeySpec(bytes, "AES");
    }

    /** Encrypts {@code clear} for the row named by {@code binding}. */
    public Sealed seal(String clear, String binding) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, nonce, binding);
            return new Sealed(keyId, nonce, c.doFinal(clear.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available: " + e.getMessage(), e);
        }
    }

    /**
     * Decrypts a stored value of the row named by {@code binding}.
     *
     * @throws IllegalStateException when the value was sealed with another key, or for another row, or changed
     */
    public String open(Sealed sealed, String binding) {
        if (!keyId.equals(sealed.keyId())) {
            throw new IllegalStateException("a bank account is encrypted with key '" + sealed.keyId() + "', and the portal"
                    + " holds key '" + keyId + "': set CMO_PAYEE_KEY and CMO_PAYEE_KEY_ID to that key");
        }
        try {
            Cipher c = cipher(Cipher.DECRYPT_MODE, sealed.nonce(), binding);
            return new String(c.doFinal(sealed.ciphertext()), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a bank account does not decrypt: it was changed, moved to another row,"
                    + " or encrypted with another key of the same id", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String binding) throws GeneralSecurityException {
        if (key == null) {
            throw new IllegalStateException("no payee key: set CMO_PAYEE_KEY (32 bytes in base64)");
        }
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        c.updateAAD(binding.getBytes(StandardCharsets.UTF_8));
        return c;
    }

    /** What binds a member's bank account to its row. */
    static String memberBinding(String tenant, String ref) {
        return "member\u0000" + tenant + "\u0000" + ref;
    }

    /** What binds the CMO's own account (the debtor of its payments) to its row. */
    static String debtorBinding(String tenant) {
        return "debtor\u0000" + tenant;
    }
}
