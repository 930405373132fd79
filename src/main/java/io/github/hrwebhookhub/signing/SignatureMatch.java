package io.github.hrwebhookhub.signing;

import java.security.MessageDigest;
import java.util.List;

/**
 * Compares the several signatures one header may carry against every configured key. Each key's MAC is computed once,
 * however many signatures were sent, and every comparison is constant-time and runs to the end.
 */
final class SignatureMatch {

    /** More signatures than this in one header has no legitimate use (rotation needs two or three). */
    static final int MAX_SIGNATURES = 16;

    private SignatureMatch() {
    }

    static boolean any(String algorithm, List<byte[]> keys, List<byte[]> signatures, byte[]... signedParts) {
        boolean match = false;
        for (byte[] key : keys) {
            byte[] expected = Macs.hmac(algorithm, key, signedParts);
            for (byte[] signature : signatures) {
                match |= MessageDigest.isEqual(expected, signature);
            }
        }
        return match;
    }
}
