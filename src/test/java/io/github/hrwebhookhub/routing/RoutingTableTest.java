package io.github.hrwebhookhub.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.hrwebhookhub.config.Queues;
import io.github.hrwebhookhub.intake.CanonicalEvents;
import io.github.hrwebhookhub.support.HubTestSupport;
import io.github.hrwebhookhub.support.Signing;
import io.github.hrwebhookhub.support.StubDestination;
import org.junit.jupiter.api.Test;

/** The default routing table (docs/configuration.md), row by row, through the real broker to real HTTP destinations. */
class RoutingTableTest extends HubTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Canonical type -> the destinations the default routing table (docs/configuration.md) routes it to. */
    private static final Map<String, List<StubDestination>> TABLE = new LinkedHashMap<>();

    static {
        for (String type : List.of("candidate.applied", "candidate.stage_advanced", "candidate.rejected")) {
            TABLE.put(type, List.of(MESSAGING));
        }
        TABLE.put("candidate.offer_accepted", List.of(HRIS, MESSAGING));
        for (String type : List.of("candidate.hired", "employee.created", "employee.terminated")) {
            TABLE.put(type, List.of(PAYROLL, HRIS, MESSAGING));
        }
        TABLE.put("employee.status_changed", List.of(PAYROLL, HRIS));
        TABLE.put("employee.department_transferred", List.of(HRIS, MESSAGING));
        TABLE.put("compensation.changed", List.of(PAYROLL, HRIS));
        TABLE.put("deduction.modified", List.of(PAYROLL));
        TABLE.put("payroll.record_updated", List.of(HRIS));
        TABLE.put("document.signed", List.of(HRIS));
        TABLE.put("task.completed", List.of(MESSAGING));
        TABLE.put("equipment.requested", List.of(MESSAGING));
    }

    @Test
    void eachRoutingRowReachesExactlyItsDestinationsOnceWithValidSignatures() throws Exception {
        Map<String, String> eventIds = new LinkedHashMap<>();
        for (String type : TABLE.keySet()) {
            String sourceId = "msg_" + UUID.randomUUID();
            assertThat(sender.sendEvent("demo", SOURCE_SECRET, sourceId, type).statusCode()).as(type).isEqualTo(202);
            eventIds.put(type, CanonicalEvents.eventId("demo", sourceId));
        }

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> TABLE.forEach((type, targets) -> {
            for (StubDestination target : targets) {
                assertThat(target.deliveredCount(eventIds.get(type))).as(type + " at " + target.name()).isEqualTo(1);
            }
        }));
        // and for a while after: nothing misrouted or duplicated arrives
        await().during(Duration.ofMillis(500)).atMost(Duration.ofMillis(2500)).untilAsserted(() -> {
            for (Map.Entry<String, List<StubDestination>> row : TABLE.entrySet()) {
                String eventId = eventIds.get(row.getKey());
                for (StubDestination stub : ALL) {
                    long expected = row.getValue().contains(stub) ? 1 : 0;
                    assertThat(stub.requestsFor(eventId)).as(row.getKey() + " at " + stub.name()).hasSize((int) expected);
                }
            }
        });
        for (String eventId : eventIds.values()) {
            for (StubDestination stub : ALL) {
                for (StubDestination.Request request : stub.requestsFor(eventId)) {
                    assertThat(Signing.verifies(DESTINATION_SECRET, request)).as("outbound signature").isTrue();
                    assertThat(request.header("webhook-id")).isEqualTo(eventId);
                }
            }
        }
    }

    @Test
    void payrollAndHrisReceiveTheCanonicalEnvelope() throws Exception {
        String sourceId = "msg_" + UUID.randomUUID();
        sender.sendEvent("demo", SOURCE_SECRET, sourceId, "employee.created");
        String eventId = CanonicalEvents.eventId("demo", sourceId);
        await().atMost(Duration.ofSeconds(10)).until(() -> PAYROLL.deliveredCount(eventId) == 1 && HRIS.deliveredCount(eventId) == 1);

        JsonNode event = JSON.readTree(PAYROLL.requestsFor(eventId).get(0).body());
        assertThat(event.get("specversion").asText()).isEqualTo("1.0");
        assertThat(event.get("id").asText()).isEqualTo(eventId);
        assertThat(event.get("type").asText()).isEqualTo("employee.created");
        assertThat(event.get("source").asText()).isEqualTo("/webhooks/demo");
        assertThat(event.get("time").asText()).isEqualTo("2026-11-27T09:00:00Z");
        assertThat(event.get("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(event.has("receivedat")).isTrue();
        assertThat(event.get("data").get("employee_id").asText()).startsWith("E-");
        assertThat(event.get("data").get("salary").get("amount").asInt()).isEqualTo(123456);
    }

    @Test
    void messagingReceivesASlackSummaryWithoutSalaryBankOrNationalId() throws Exception {
        String sourceId = "msg_" + UUID.randomUUID();
        sender.sendEvent("demo", SOURCE_SECRET, sourceId, "employee.created");
        String eventId = CanonicalEvents.eventId("demo", sourceId);
        await().atMost(Duration.ofSeconds(10)).until(() -> MESSAGING.deliveredCount(eventId) == 1);

        String body = MESSAGING.requestsFor(eventId).get(0).bodyText();
        JsonNode message = JSON.readTree(body);
        assertThat(message.fieldNames()).toIterable().containsExactly("text");
        assertThat(message.get("text").asText()).contains("employee.created").contains("Grace Hopper");
        assertThat(body).doesNotContain("123456").doesNotContain("DE89370400440532013000").doesNotContain("123-45-6789")
                .doesNotContainIgnoringCase("salary");
    }

    @Test
    void unroutedTypeIsKeptOnUnroutedQueueAndDeliveredNowhere() throws Exception {
        long before = messagesAdded(Queues.UNROUTED);
        String sourceId = "msg_" + UUID.randomUUID();
        assertThat(sender.sendEvent("demo", SOURCE_SECRET, sourceId, "benefits.enrolled").statusCode()).isEqualTo(202);
        String eventId = CanonicalEvents.eventId("demo", sourceId);

        await().atMost(Duration.ofSeconds(10)).until(() -> messagesAdded(Queues.UNROUTED) == before + 1);
        assertThat(browse(Queues.UNROUTED)).anySatisfy(m -> {
            assertThat(m.get("hubEventId")).isEqualTo(eventId);
            assertThat(m.get("hubType")).isEqualTo("benefits.enrolled");
        });
        await().during(Duration.ofMillis(300)).atMost(Duration.ofMillis(2300)).untilAsserted(() -> ALL.forEach(stub -> assertThat(stub.requestsFor(eventId)).isEmpty()));
    }
}
