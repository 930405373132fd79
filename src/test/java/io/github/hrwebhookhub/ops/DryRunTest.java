package io.github.hrwebhookhub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.hrwebhookhub.config.Queues;
import io.github.hrwebhookhub.intake.CanonicalEvents;
import io.github.hrwebhookhub.support.HubTestSupport;
import io.github.hrwebhookhub.support.OpsClient;
import io.github.hrwebhookhub.support.StubDestination;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /ops/dry-run/{source}}: a sample payload in; its canonical envelope, type, destinations and each
 * destination's mapped payload out, for every row of the routing table of docs/configuration.md, while nothing is stored, enqueued or
 * delivered.
 */
class DryRunTest extends HubTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The default routing table (docs/configuration.md). */
    private static final Map<String, List<String>> ROUTING_TABLE = new TreeMap<>(Map.ofEntries(
            Map.entry("candidate.applied", List.of("messaging")),
            Map.entry("candidate.stage_advanced", List.of("messaging")),
            Map.entry("candidate.rejected", List.of("messaging")),
            Map.entry("candidate.offer_accepted", List.of("hris", "messaging")),
            Map.entry("candidate.hired", List.of("payroll", "hris", "messaging")),
            Map.entry("employee.created", List.of("payroll", "hris", "messaging")),
            Map.entry("employee.terminated", List.of("payroll", "hris", "messaging")),
            Map.entry("employee.status_changed", List.of("payroll", "hris")),
            Map.entry("employee.department_transferred", List.of("hris", "messaging")),
            Map.entry("compensation.changed", List.of("payroll", "hris")),
            Map.entry("deduction.modified", List.of("payroll")),
            Map.entry("payroll.record_updated", List.of("hris")),
            Map.entry("document.signed", List.of("hris")),
            Map.entry("task.completed", List.of("messaging")),
            Map.entry("equipment.requested", List.of("messaging")),
            Map.entry("employee.badge_printed", List.of())));

    private OpsClient ops() {
        return new OpsClient(port, OPS_USER, OPS_PASSWORD);
    }

    private static String sample(String type) throws IOException {
        return Files.readString(Path.of("samples", "canonical", type + ".json"));
    }

    @Test
    void everyRoutingRowIsShownWithItsMappedPayloadsWhileNothingIsSent() throws Exception {
        long eventsBefore = messagesAdded(Queues.EVENTS);
        Map<String, Long> deliveriesBefore = new TreeMap<>();
        for (StubDestination destination : ALL) {
            deliveriesBefore.put(destination.name(), messagesAdded(Queues.deliver(destination.name())));
        }
        long ledgerBefore = ledgerRows();

        for (Map.Entry<String, List<String>> row : ROUTING_TABLE.entrySet()) {
            String type = row.getKey();
            HttpResponse<String> response = ops().call("POST", "/ops/dry-run/demo", sample(type), Map.of("webhook-id", "dry-" + type));
            assertThat(response.statusCode()).as(type + ": " + response.body()).isEqualTo(200);
            JsonNode answer = JSON.readTree(response.body());
            assertThat(answer.path("type").asText()).isEqualTo(type);
            assertThat(answer.path("id").asText()).isEqualTo(CanonicalEvents.eventId("demo", "dry-" + type));
            assertThat(answer.path("envelope").path("specversion").asText()).isEqualTo("1.0");
            assertThat(answer.path("envelope").path("type").asText()).isEqualTo(type);
            List<String> destinations = new ArrayList<>();
            answer.path("destinations").forEach(d -> destinations.add(d.asText()));
            assertThat(destinations).as(type).containsExactlyInAnyOrderElementsOf(row.getValue());
            assertThat(answer.path("deliveries").size()).isEqualTo(row.getValue().size());
            for (String destination : row.getValue()) {
                JsonNode delivery = answer.path("deliveries").path(destination);
                // the mapping folders under routes/mappings/destinations/ shipped for every row
                assertThat(delivery.path("mapping").asText()).isEqualTo(destination);
                if (destination.equals("messaging")) {
                    assertThat(delivery.path("payload").path("text").asText()).startsWith(type);
                } else {
                    assertThat(delivery.path("payload").path("type").asText()).isEqualTo(type);
                    assertThat(delivery.path("payload").path("data").isObject()).isTrue();
                }
            }
            if (row.getValue().isEmpty()) {
                assertThat(answer.path("unrouted").asText()).isEqualTo(Queues.UNROUTED);
            }
        }

        await().during(Duration.ofMillis(500)).atMost(Duration.ofMillis(2500)).untilAsserted(() -> {
            assertThat(messagesAdded(Queues.EVENTS)).as("nothing enqueued").isEqualTo(eventsBefore);
            for (StubDestination destination : ALL) {
                assertThat(messagesAdded(Queues.deliver(destination.name()))).isEqualTo(deliveriesBefore.get(destination.name()));
                assertThat(destination.requests()).as("nothing delivered to " + destination.name()).isEmpty();
            }
        });
        assertThat(ledgerRows()).as("nothing recorded as accepted").isEqualTo(ledgerBefore);
    }

    @Test
    void payloadsAreRedactedUnlessTheUserMaySeePersonalData() throws Exception {
        String body = sample("employee.created");
        JsonNode redacted = JSON.readTree(ops().call("POST", "/ops/dry-run/demo", body, Map.of("webhook-id", "dry-pii")).body());
        assertThat(redacted.path("envelope").path("data").path("salary").asText()).isEqualTo("[redacted]");
        assertThat(redacted.path("envelope").path("data").path("national_id").asText()).isEqualTo("[redacted]");
        assertThat(redacted.path("deliveries").path("payroll").path("payload").path("data").path("salary").asText()).isEqualTo("[redacted]");
        assertThat(redacted.path("envelope").path("data").path("employee_id").asText()).isEqualTo("E-1001");

        JsonNode clear = JSON.readTree(new OpsClient(port, PII_USER, PII_PASSWORD)
                .call("POST", "/ops/dry-run/demo", body, Map.of("webhook-id", "dry-pii")).body());
        assertThat(clear.path("envelope").path("data").path("salary").path("amount").asInt()).isEqualTo(98000);
        assertThat(clear.path("deliveries").path("messaging").path("payload").path("text").asText())
                .as("messaging never carries pay data, whoever looks").doesNotContain("98000");
    }

    @Test
    void theSourcesTypeMapAndHeadersApply() throws Exception {
        // no source mapping for this generic sender: the payload is the record, with its canonical id
        String body = "{\"action\":\"hire_candidate\",\"candidate_id\":\"C-9\"}";
        HttpResponse<String> response = ops().call("POST", "/ops/dry-run/gh", body,
                Map.of("X-GitHub-Delivery", "gh-dry-1", "X-GitHub-Event", "hire_candidate"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.path("vendorType").asText()).isEqualTo("hire_candidate");
        assertThat(answer.path("type").asText()).isEqualTo("candidate.hired");
        assertThat(answer.path("sourceEventId").asText()).isEqualTo("gh-dry-1");
        assertThat(answer.path("destinations")).hasSize(3);
    }

    @Test
    void badSamplesAreAnsweredWithTheIntakesErrorCodes() throws Exception {
        HttpResponse<String> nobody = ops().call("POST", "/ops/dry-run/nobody", "{}", Map.of());
        assertThat(nobody.statusCode()).isEqualTo(404);
        assertThat(nobody.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode unknownSource = JSON.readTree(nobody.body());
        assertThat(unknownSource.path("error").asText()).isEqualTo("unknown_source");
        assertThat(unknownSource.path("status").asInt()).isEqualTo(404);
        assertThat(unknownSource.path("title").asText()).isEqualTo("Not Found");
        assertThat(unknownSource.path("detail").asText()).contains("nobody");
        HttpResponse<String> notJson = ops().call("POST", "/ops/dry-run/demo", "{not json", Map.of("webhook-id", "x"));
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).contains("\"error\":\"invalid_json\"");
        assertThat(JSON.readTree(notJson.body()).path("status").asInt()).isEqualTo(400);
        HttpResponse<String> noId = ops().call("POST", "/ops/dry-run/demo", "{\"type\":\"employee.created\",\"data\":{}}", Map.of());
        assertThat(noId.statusCode()).isEqualTo(400);
        assertThat(noId.body()).contains("\"error\":\"missing_event_id\"");
        HttpResponse<String> noType = ops().call("POST", "/ops/dry-run/demo", "{\"data\":{}}", Map.of("webhook-id", "x"));
        assertThat(noType.statusCode()).isEqualTo(400);
        assertThat(noType.body()).contains("\"error\":\"missing_event_type\"");
    }

    @Test
    void aRecordThatBreaksItsSchemaIsShownAsTheRouterWouldParkIt() throws Exception {
        String body = sample("employee.created").replace("\"employee_id\": \"E-1001\"", "\"employee_id\": 1001");
        JsonNode answer = JSON.readTree(ops().call("POST", "/ops/dry-run/demo", body, Map.of("webhook-id", "dry-broken")).body());
        assertThat(answer.path("destinations")).isEmpty();
        assertThat(answer.path("deliveries").size()).isZero();
        assertThat(answer.path("quarantine").path("queue").asText()).isEqualTo(Queues.QUARANTINE);
        assertThat(answer.path("quarantine").path("violations").toString()).contains("employee_id");
        assertThat(answer.path("quarantine").path("routingTable")).hasSize(3);
    }

    @Test
    void needsTheOpsLogin() {
        assertThat(new OpsClient(port, null, null).call("POST", "/ops/dry-run/demo", "{}", Map.of()).statusCode()).isEqualTo(401);
        assertThat(new OpsClient(port, OPS_USER, "wrong").call("POST", "/ops/dry-run/demo", "{}", Map.of()).statusCode()).isEqualTo(401);
    }
}
