package io.github.hrwebhookhub.signing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import com.jayway.jsonpath.JsonPath;

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

    static String text(String vendor, String file) {
        return new String(bytes(vendor, file), StandardCharsets.UTF_8);
    }

    /** What a scheme's {@code jsonpath:} location finds in a body, as text. */
    static String read(String json, String location) {
        if (!location.startsWith("jsonpath:")) {
            throw new IllegalArgumentException("not a jsonpath location: " + location);
        }
        Object value = JsonPath.read(json, location.substring("jsonpath:".length()));
        return String.valueOf(value);
    }
}
