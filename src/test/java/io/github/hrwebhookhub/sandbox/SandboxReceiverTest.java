package io.github.hrwebhookhub.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.hrwebhookhub.config.HubProperties;
import io.github.hrwebhookhub.support.HubConfig;
import io.github.hrwebhookhub.support.HubTestSupport;
import io.github.hrwebhookhub.support.Signing;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

/** The built-in receiver: what it keeps, and whether it finds a delivery's signature valid with the destination's key. */
class SandboxReceiverTest {

    private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");
    private static final byte[] BODY = "{\"type\":\"employee.created\"}".getBytes(StandardCharsets.UTF_8);

    private final SandboxReceiver sandbox = new SandboxReceiver(new ObjectMapper(), Clock.fixed(NOW, ZoneOffset.UTC), hub());

    private static HubProperties hub() {
        return HubConfig.of("destinations.payroll.secret", HubTestSupport.DESTINATION_SECRET);
    }

    private static Map<String, String> signed(String secret, String id) {
        long timestamp = NOW.getEpochSecond();
        return Map.of("webhook-id", id, "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", Signing.sign(secret, id, timestamp, BODY));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> received(String destination) {
        ResponseEntity<Map<String, Object>> list = sandbox.list(destination);
        assertThat(list.getStatusCode().value()).isEqualTo(200);
        return (List<Map<String, Object>>) list.getBody().get("received");
    }

    @Test
    void deliverySignedWithTheDestinationsSecretIsValid() {
        assertThat(sandbox.receive("payroll", BODY, signed(HubTestSupport.DESTINATION_SECRET, "evt_1")).getStatusCode().value()).isEqualTo(200);
        Map<String, Object> receipt = received("payroll").get(0);
        assertThat(receipt).containsEntry("webhookId", "evt_1").containsEntry("signatureValid", true)
                .containsEntry("receivedAt", NOW.toString());
    }

    @Test
    void deliverySignedWithAnotherSecretOrUnsignedIsKeptButNotValid() {
        String other = "whsec_" + java.util.Base64.getEncoder().encodeToString("another destination's key".getBytes());
        sandbox.receive("payroll", BODY, signed(other, "evt_2"));
        sandbox.receive("payroll", BODY, Map.of("webhook-id", "evt_3"));
        assertThat(received("payroll")).extracting(r -> r.get("signatureValid")).containsExactly(false, false);
    }

    @Test
    void unknownDestinationIs404() {
        assertThat(sandbox.receive("it", BODY, Map.of()).getStatusCode().value()).isEqualTo(404);
        assertThat(sandbox.list("it").getStatusCode().value()).isEqualTo(404);
    }
}
