package io.github.hrwebhookhub.signing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

/**
 * Lever: no signature header. The body carries {@code token}, {@code triggeredAt} and {@code signature}, where
 * {@code signature} is the hex HMAC-SHA256 of {@code token + triggeredAt} keyed by the webhook's signature token.
 *
 * <p>Only those two fields are signed, so this proves the request came from Lever but not that {@code data} is
 * unchanged: a captured request can be replayed with other data. Lever's advice is to treat each token as single-use
 * and re-fetch the record from its API before acting on it.
 */
@Component
public class LeverScheme implements SignatureScheme {

    // Duplicate keys and trailing content are refused so that no later reader of the body can see a different token,
    // id or type than the ones checked here.
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Override
    public String name() {
        return "lever";
    }

    @Override
    public byte[] key(String secret) {
        return Utf8Secret.key(name(), secret);
    }

    @Override
    public List<String> eventIdLocations() {
        return List.of("jsonpath:$.id", "sha256");
    }

    @Override
    public List<String> eventTypeLocations() {
        return List.of("jsonpath:$.event");
    }

    /**
     * {@code candidateArchiveChange} is left unmapped: Lever archives hired candidates too, and unarchives, so it is
     * not always a rejection.
     */
    @Override
    public Map<String, String> typeMap() {
        return Map.of(
                "applicationCreated", "candidate.applied",
                "candidateStageChange", "candidate.stage_advanced",
                "candidateHired", "candidate.hired");
    }

    @Override
    public void verify(SignedRequest request, VerificationContext context) throws InvalidSignatureException {
        JsonNode body = parse(request.body());
        String token = text(body, "token");
        String triggeredAt = triggeredAt(body);
        byte[] candidate = SignatureHeaders.hex(text(body, "signature"), "signature field");
        byte[] signed = (token + triggeredAt).getBytes(StandardCharsets.UTF_8);
        if (!Macs.anyKeyMatches("HmacSHA256", context.keys(), candidate, signed)) {
            throw new InvalidSignatureException("no signature matches");
        }
    }

    private static JsonNode parse(byte[] body) throws InvalidSignatureException {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new InvalidSignatureException("body is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new InvalidSignatureException("body is not valid JSON");
        }
    }

    private static String text(JsonNode body, String field) throws InvalidSignatureException {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw new InvalidSignatureException("missing " + field + " field");
        }
        return value.textValue();
    }

    /**
     * Lever sends epoch milliseconds as a JSON number; its decimal digits are what is signed. A string is taken as is;
     * a fraction or exponent has no single textual form and is refused.
     */
    private static String triggeredAt(JsonNode body) throws InvalidSignatureException {
        JsonNode value = body.get("triggeredAt");
        if (value != null && value.isIntegralNumber()) {
            return value.bigIntegerValue().toString();
        }
        if (value != null && value.isTextual() && !value.textValue().isBlank()) {
            return value.textValue();
        }
        throw new InvalidSignatureException("missing or malformed triggeredAt field");
    }
}
