package io.github.hrwebhookhub.intake;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import io.github.hrwebhookhub.signing.SignedRequest;

/**
 * Reads a value, such as the sender's event id or type, from one of several locations: {@code header:NAME},
 * {@code jsonpath:EXPR}, or {@code sha256} (hex SHA-256 of the raw body).
 */
public final class EventFields {

    private static final Configuration JSON = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(new ObjectMapper()))
            .mappingProvider(new JacksonMappingProvider())
            .options(Option.SUPPRESS_EXCEPTIONS)
            .build();
    private static final Map<String, JsonPath> PATHS = new ConcurrentHashMap<>();

    private EventFields() {
    }

    /** Rejects a location that can never be read, at startup. */
    static void check(String location, boolean sha256Allowed) {
        if (location.equals("sha256") && sha256Allowed) {
            return;
        }
        if (location.startsWith("header:") && location.length() > "header:".length()) {
            return;
        }
        if (location.startsWith("jsonpath:")) {
            try {
                JsonPath.compile(location.substring("jsonpath:".length()));
                return;
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("'" + location + "' is not a valid JSONPath: " + e.getMessage());
            }
        }
        throw new IllegalArgumentException("'" + location + "' must be header:NAME or jsonpath:EXPR"
                + (sha256Allowed ? " or sha256" : ""));
    }

    /** The first location that yields a non-blank scalar, or null. */
    static String read(List<String> locations, SignedRequest request, JsonNode body) {
        for (String location : locations) {
            String value = readOne(location, request, body);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    private static String readOne(String location, SignedRequest request, JsonNode body) {
        if (location.equals("sha256")) {
            return sha256Hex(request.body());
        }
        if (location.startsWith("header:")) {
            return request.header(location.substring("header:".length()));
        }
        JsonPath path = PATHS.computeIfAbsent(location.substring("jsonpath:".length()), JsonPath::compile);
        Object value = JsonPath.using(JSON).parse(body).read(path);
        if (value instanceof JsonNode node && node.isValueNode() && !node.isNull()) {
            return node.asText();
        }
        return null;
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
