package io.github.hrwebhookhub.sandbox;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.hrwebhookhub.config.HubProperties;
import io.github.hrwebhookhub.signing.InvalidSignatureException;
import io.github.hrwebhookhub.signing.SignedRequest;
import io.github.hrwebhookhub.signing.StandardWebhooksScheme;
import io.github.hrwebhookhub.signing.VerificationContext;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The built-in receiver that unconfigured destinations deliver to, so a first run shows the whole flow: POST stores a
 * delivery (and checks its signature with the destination's secret), GET lists what arrived, newest last.
 */
@RestController
@ConditionalOnProperty(name = "hub.sandbox.enabled", havingValue = "true", matchIfMissing = true)
public class SandboxReceiver {

    /** Each configured destination's Standard Webhooks key, to tell whether a delivery's signature is valid. */
    private final Map<String, byte[]> keys = new ConcurrentHashMap<>();
    private final StandardWebhooksScheme scheme = new StandardWebhooksScheme();
    private final ObjectMapper json;
    private final Clock clock;
    private final int keep;
    private final Map<String, Deque<Map<String, Object>>> received = new ConcurrentHashMap<>();

    public SandboxReceiver(ObjectMapper json, Clock clock, HubProperties hub) {
        // the hub refuses to start on a destination without a valid secret, so every configured one has a key here
        hub.destinations().forEach((name, settings) -> {
            if (settings.secret() != null && !settings.secret().isBlank()) {
                try {
                    keys.put(name, scheme.key(settings.secret().trim()));
                } catch (IllegalArgumentException e) {
                    // reported at startup by the delivery side, with the destination's name
                }
            }
        });
        this.json = json;
        this.clock = clock;
        this.keep = hub.sandbox().keep();
    }

    @PostMapping("/sandbox/{destination}")
    public ResponseEntity<Map<String, Object>> receive(@PathVariable String destination, @RequestBody byte[] body,
                                                       @RequestHeader Map<String, String> headers) {
        byte[] key = keys.get(destination);
        if (key == null) {
            return ResponseEntity.status(404).body(Map.of("error", "unknown_destination"));
        }
        Map<String, Object> receipt = new LinkedHashMap<>();
        receipt.put("receivedAt", clock.instant().toString());
        receipt.put("webhookId", headers.get("webhook-id"));
        receipt.put("signatureValid", signatureValid(key, headers, body));
        receipt.put("payload", parse(body));
        Deque<Map<String, Object>> log = received.computeIfAbsent(destination, d -> new ArrayDeque<>());
        synchronized (log) {
            log.addLast(receipt);
            while (log.size() > keep) {
                log.removeFirst();
            }
        }
        return ResponseEntity.ok(Map.of("status", "received"));
    }

    @GetMapping("/sandbox/{destination}")
    public ResponseEntity<Map<String, Object>> list(@PathVariable String destination) {
        if (!keys.containsKey(destination)) {
            return ResponseEntity.status(404).body(Map.of("error", "unknown_destination"));
        }
        Deque<Map<String, Object>> log = received.getOrDefault(destination, new ArrayDeque<>());
        List<Map<String, Object>> copy;
        synchronized (log) {
            copy = new ArrayList<>(log);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("destination", destination);
        answer.put("count", copy.size());
        answer.put("received", copy);
        return ResponseEntity.ok(answer);
    }

    private boolean signatureValid(byte[] key, Map<String, String> headers, byte[] body) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        headers.forEach((name, value) -> multi.put(name, List.of(value)));
        try {
            scheme.verify(new SignedRequest(multi, body), new VerificationContext(
                    List.of(key), Duration.ofMinutes(5), Instant.now(clock), null));
            return true;
        } catch (InvalidSignatureException e) {
            return false;
        }
    }

    private Object parse(byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            return node == null ? "" : node;
        } catch (IOException e) {
            return "(not JSON)";
        }
    }
}
