package io.github.hrwebhookhub.support;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signing and verification written independently of the hub's code, so a bug there cannot hide in
 * both sides of a test.
 */
public final class Signing {

    private Signing() {
    }

    public static byte[] key(String whsec) {
        return Base64.getDecoder().decode(whsec.substring("whsec_".length()));
    }

    public static String sign(String whsec, String id, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(whsec), "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when the request carries a valid Standard Webhooks signature by this secret. */
    public static boolean verifies(String whsec, StubDestination.Request request) {
        String id = request.header("webhook-id");
        String timestamp = request.header("webhook-timestamp");
        String signature = request.header("webhook-signature");
        if (id == null || timestamp == null || signature == null) {
            return false;
        }
        String expected = sign(whsec, id, Long.parseLong(timestamp), request.body());
        for (String entry : signature.split(" ")) {
            if (entry.equals(expected)) {
                return true;
            }
        }
        return false;
    }
}
