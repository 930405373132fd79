package io.github.hrwebhookhub.intake;

import io.github.hrwebhookhub.support.OpsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.hrwebhookhub.signing.Macs;
import io.github.hrwebhookhub.support.HubTestSupport;
import org.junit.jupiter.api.Test;

/** Sources other than the hub's own format: where the event id and type come from, and the type-map. */
class SourceProfilesTest extends HubTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String hexHmac(String secret, String body) {
        return HexFormat.of().formatHex(Macs.hmacSha256(secret.getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void githubSignedEventTakesIdAndTypeFromHeadersAndMapsTheType() throws Exception {
        String delivery = UUID.randomUUID().toString();
        // no source mapping for this generic sender: the payload itself is the record, so it carries the canonical id
        String body = "{\"candidate_id\":\"C-77\",\"application\":{\"id\":77,\"candidate\":{\"first_name\":\"Alan\",\"last_name\":\"Turing\"}}}";
        HttpResponse<String> response = sender.post("gh", body)
                .header("X-GitHub-Delivery", delivery)
                .header("X-GitHub-Event", "hire_candidate")
                .header("X-Hub-Signature-256", "sha256=" + hexHmac(GITHUB_SECRET, body))
                .send();

        assertThat(response.statusCode()).isEqualTo(202);
        String eventId = CanonicalEvents.eventId("gh", delivery);
        assertThat(response.body()).contains(eventId);
        // candidate.hired goes to all three
        await().atMost(Duration.ofSeconds(10)).until(() -> ALL.stream().allMatch(s -> s.deliveredCount(eventId) == 1));
        assertThat(JSON.readTree(HRIS.requestsFor(eventId).get(0).body()).get("type").asText()).isEqualTo("candidate.hired");
        // the canonical envelope as the hub keeps it
        JsonNode event = new OpsClient(port, PII_USER, PII_PASSWORD).json("GET", "/ops/events/" + eventId).get("payload");
        assertThat(event.get("type").asText()).isEqualTo("candidate.hired");
        assertThat(event.get("sourcetype").asText()).isEqualTo("hire_candidate");
        assertThat(event.get("sourceeventid").asText()).isEqualTo(delivery);
        assertThat(event.get("data").get("application").get("id").asInt()).isEqualTo(77);
        assertThat(event.has("time")).isFalse();
    }

    @Test
    void githubEventWithoutDeliveryIdIsRejectedWith400() throws Exception {
        String body = "{\"action\":\"x\"}";
        HttpResponse<String> response = sender.post("gh", body)
                .header("X-GitHub-Event", "hire_candidate")
                .header("X-Hub-Signature-256", "sha256=" + hexHmac(GITHUB_SECRET, body))
                .send();
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("missing_event_id");
    }

    @Test
    void senderWithoutEventIdIsIdentifiedByTheBodyHash() {
        String body = "{\"action\":\"employee.added\",\"employee_id\":\"" + UUID.randomUUID() + "\"}";
        String signature = "sha256=" + hexHmac(PARTNER_SECRET, body);

        HttpResponse<String> first = sender.post("partner", body).header("X-Partner-Signature", signature).send();
        HttpResponse<String> again = sender.post("partner", body).header("X-Partner-Signature", signature).send();

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(200);
        String eventId = CanonicalEvents.eventId("partner", EventFields.sha256Hex(body.getBytes(StandardCharsets.UTF_8)));
        assertThat(first.body()).contains(eventId);
        // employee.added is mapped to employee.created, which payroll receives
        await().atMost(Duration.ofSeconds(10)).until(() -> PAYROLL.deliveredCount(eventId) == 1);
    }

    @Test
    void genericHmacWithWrongSignatureIsRejectedWith401() {
        String body = "{\"action\":\"employee.added\"}";
        assertThat(sender.post("partner", body).header("X-Partner-Signature", "sha256=" + hexHmac("wrong", body)).send().statusCode())
                .isEqualTo(401);
    }
}
