import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Bench data: bank accounts of members m0000001... of a tenant, as COPY text for the bank_account table, encrypted
 * as the portal encrypts them (payment/PayeeCipher: AES-256-GCM, a 12-byte nonce, the tenant and ref as associated
 * data), so the portal can open them. Every tenth member has none. Run as a single-file program:
 *
 *     java bench/PayeeSeed.java KEY_BASE64 KEY_ID TENANT MEMBERS > accounts.tsv
 */
public class PayeeSeed {

    public static void main(String[] args) throws Exception {
        byte[] key = Base64.getDecoder().decode(args[0]);
        String keyId = args[1];
        String tenant = args[2];
        int members = Integer.parseInt(args[3]);
        SecretKeySpec spec = new SecretKeySpec(key, "AES");
        SecureRandom random = new SecureRandom();
        HexFormat hex = HexFormat.of();
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16)) {
            for (int i = 1; i <= members; i++) {
                if (i % 10 == 0) {
                    continue;
                }
                String ref = String.format("m%07d", i);
                String iban = germanIban(String.format("%010d", i));
                byte[] nonce = new byte[12];
                random.nextBytes(nonce);
                cipher.init(Cipher.ENCRYPT_MODE, spec, new GCMParameterSpec(128, nonce));
                cipher.updateAAD(("member\u0000" + tenant + "\u0000" + ref).getBytes(StandardCharsets.UTF_8));
                byte[] sealed = cipher.doFinal(iban.getBytes(StandardCharsets.UTF_8));
                out.write(tenant + "\t" + ref + "\tMember " + i + "\t\\\\x" + hex.formatHex(sealed) + "\t\\\\x" + hex.formatHex(nonce)
                        + "\t" + keyId + "\t" + masked(iban) + "\t" + (i % 3 == 0 ? "COBADEFFXXX" : "\\N") + "\tbench\n");
            }
        }
    }

    /** A valid German IBAN for bank code 37040044 and the given account number. */
    static String germanIban(String account) {
        String bban = "37040044" + account;
        int check = 98 - new BigInteger(bban + "131400").mod(BigInteger.valueOf(97)).intValue(); // "DE00" as digits
        return "DE" + String.format("%02d", check) + bban;
    }

    static String masked(String iban) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < iban.length(); i++) {
            if (i > 0 && i % 4 == 0) {
                b.append(' ');
            }
            b.append(i < 4 || i >= iban.length() - 4 ? iban.charAt(i) : '*');
        }
        return b.toString();
    }
}
