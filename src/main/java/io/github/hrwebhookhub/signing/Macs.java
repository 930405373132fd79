package io.github.hrwebhookhub.signing;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** MAC computation and constant-time comparison shared by the schemes. */
public final class Macs {

    private Macs() {
    }

    public static byte[] hmac(String algorithm, byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MAC " + algorithm + " unavailable", e);
        }
    }

    public static byte[] hmacSha256(byte[] key, byte[]... parts) {
        return hmac("HmacSHA256", key, parts);
    }

    /** True when any key's MAC over the parts equals the candidate; every comparison is constant-time. */
    public static boolean anyKeyMatches(String algorithm, List<byte[]> keys, byte[] candidate, byte[]... parts) {
        boolean match = false;
        for (byte[] key : keys) {
            match |= MessageDigest.isEqual(hmac(algorithm, key, parts), candidate);
        }
        return match;
    }

    /** Decodes hex, or returns null for anything that is not hex. */
    public static byte[] fromHex(String value) {
        try {
            return HexFormat.of().parseHex(value.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
