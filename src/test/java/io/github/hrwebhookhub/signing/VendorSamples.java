package io.github.hrwebhookhub.signing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Vendor payload samples under src/test/resources/vendor-samples, read byte for byte as a sender would send them. */
final class VendorSamples {

    private VendorSamples() {
    }

    static byte[] bytes(String vendor, String file) {
        String path = "/vendor-samples/" + vendor + "/" + file;
        try (InputStream in = VendorSamples.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
