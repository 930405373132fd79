package io.github.hrwebhookhub.routing;

import io.github.hrwebhookhub.signing.Macs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.hrwebhookhub.HubLauncher;
import io.github.hrwebhookhub.intake.CanonicalEvents;
import io.github.hrwebhookhub.support.HubTestSupport;
import io.github.hrwebhookhub.support.OpsClient;
import io.github.hrwebhookhub.support.RoutesCopy;
import io.github.hrwebhookhub.support.StubDestination;
import io.github.hrwebhookhub.support.WebhookSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The schema guard on a copy of routes/ whose deduction.modified schema demands a field the sender no longer sends
 * (a vendor changed its payload): the event is accepted (202) but reaches no destination; it is parked on
 * hr.quarantine with the violation, counted and recorded; once the schema is fixed, the ops replay delivers it once.
 */
class QuarantineTest {

    private static final String STRICT = """
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "deduction.modified (strict)",
             "type": "object", "required": ["employee_id", "deduction"],
             "properties": {"employee_id": {"type": "string", "minLength": 1}, "deduction": {"type": "object"}}}
            """;
    private static final String FIXED = """
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "deduction.modified",
             "type": "object", "required": ["employee_id"],
             "properties": {"employee_id": {"type": "string", "minLength": 1}}}
            """;

    private static final String GREENHOUSE_SECRET = "greenhouse quarantine test secret";

    @TempDir
    Path work;

    private ConfigurableApplicationContext hub;
    private Path schema;

    @BeforeEach
    void startHubOnACopyOfTheRoutes() throws IOException {
        HubTestSupport.ALL.forEach(StubDestination::reset);
        Path routes = RoutesCopy.into(work);
        schema = routes.resolve("schemas").resolve("deduction.modified.schema.json");
        Files.createDirectories(schema.getParent());
        Files.writeString(schema, STRICT);
        Map<String, Object> settings = new HashMap<>(HubLauncher.settings(work.resolve("data")));
        settings.put("hub.routes-dir", routes.toString());
        settings.put("hub.sources.greenhouse.scheme", "greenhouse");
        settings.put("hub.sources.greenhouse.secrets[0]", GREENHOUSE_SECRET);
        hub = HubLauncher.start(settings);
    }

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
        HubTestSupport.ALL.forEach(StubDestination::reset);
    }

    @Test
    void aRecordBreakingItsSchemaIsParkedAndReplayedOnceTheSchemaIsFixed() throws Exception {
        int port = HubLauncher.port(hub);
        OpsClient ops = new OpsClient(port, HubTestSupport.OPS_USER, HubTestSupport.OPS_PASSWORD);
        WebhookSender sender = new WebhookSender(port);
        String eventId = CanonicalEvents.eventId("demo", "changed-vendor-1");

        // the sender is answered as always: the event is safe with us
        assertThat(sender.post("demo", WebhookSender.event("deduction.modified", "E-77"))
                .signed(HubTestSupport.SOURCE_SECRET, "changed-vendor-1").send().statusCode()).isEqualTo(202);
        // a valid event of another type still flows
        assertThat(sender.sendEvent("demo", HubTestSupport.SOURCE_SECRET, "still-fine-1", "employee.created").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(HubTestSupport.PAYROLL.deliveredCount(CanonicalEvents.eventId("demo", "still-fine-1"))).isEqualTo(1));

        JsonNode parked = await().atMost(Duration.ofSeconds(20)).until(() -> ops.json("GET", "/ops/quarantine"),
                list -> list.path("total").asInt() == 1);
        JsonNode item = parked.path("events").get(0);
        assertThat(item.path("eventId").asText()).isEqualTo(eventId);
        assertThat(item.path("type").asText()).isEqualTo("deduction.modified");
        assertThat(item.path("violations").asText()).contains("deduction");
        assertThat(item.path("payload").path("data").path("salary").asText()).as("redacted for ops").isEqualTo("[redacted]");
        assertThat(HubTestSupport.PAYROLL.requestsFor(eventId)).as("payroll never saw it").isEmpty();

        JsonNode timeline = ops.json("GET", "/ops/events/" + eventId).path("timeline");
        assertThat(timeline.toString()).contains("\"stage\":\"quarantined\"");
        String metrics = ops.call("GET", "/actuator/prometheus").body();
        assertThat(metrics).contains("hub_events_quarantined_total{source=\"demo\"} 1.0");
        assertThat(metrics).contains("hub_queue_depth{queue=\"hr.quarantine\"} 1.0");

        // replaying before the fix parks it again
        assertThat(ops.json("POST", "/ops/quarantine/replay?id=" + eventId).path("replayed").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> ops.json("GET", "/ops/quarantine").path("total").asInt() == 1);
        assertThat(HubTestSupport.PAYROLL.requestsFor(eventId)).isEmpty();

        // the schema is fixed (no restart): the replay goes through, once
        Files.writeString(schema, FIXED);
        Files.setLastModifiedTime(schema, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        Thread.sleep(1_100); // the guard looks at a schema file at most once a second
        assertThat(ops.json("POST", "/ops/quarantine/replay").path("replayed").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(HubTestSupport.PAYROLL.deliveredCount(eventId)).isEqualTo(1));
        assertThat(ops.json("GET", "/ops/quarantine").path("total").asInt()).isZero();
        await().during(Duration.ofMillis(1000)).atMost(Duration.ofMillis(3000)).untilAsserted(() -> assertThat(HubTestSupport.PAYROLL.requestsFor(eventId)).hasSize(1));
        assertThat(ops.json("GET", "/ops/events/" + eventId).path("timeline").toString())
                .contains("\"stage\":\"replayed\"").contains("\"stage\":\"routed\"");
    }

    @Test
    void aVendorPayloadThatChangedShapeIsParkedAndReplayedOnceTheSchemaIsFixed() throws Exception {
        int port = HubLauncher.port(hub);
        OpsClient ops = new OpsClient(port, HubTestSupport.OPS_USER, HubTestSupport.OPS_PASSWORD);
        // Greenhouse renamed the candidate's "id": the mapping finds no candidate id any more
        String body = Files.readString(Path.of("samples/vendors/greenhouse/hire_candidate.json"))
                .replace("\"id\": 900000101,", "\"candidate_uuid\": \"c-900000101\",");
        String signature = java.util.HexFormat.of().formatHex(Macs.hmacSha256(
                GREENHOUSE_SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8), body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        var response = new WebhookSender(port).post("greenhouse", body).header("Signature", "sha256 " + signature)
                .header("Greenhouse-Event-ID", "gh-changed-1").send();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String eventId = CanonicalEvents.eventId("greenhouse", "gh-changed-1");

        JsonNode parked = await().atMost(Duration.ofSeconds(20)).until(() -> ops.json("GET", "/ops/quarantine"),
                list -> list.path("total").asInt() == 1);
        assertThat(parked.path("events").get(0).path("eventId").asText()).isEqualTo(eventId);
        assertThat(parked.path("events").get(0).path("type").asText()).isEqualTo("candidate.hired");
        assertThat(parked.path("events").get(0).path("violations").asText()).contains("candidate_id");
        assertThat(parked.path("events").get(0).path("payload").path("sourcedata").path("action").asText())
                .as("the vendor's payload is kept with it").isEqualTo("hire_candidate");
        for (StubDestination destination : HubTestSupport.ALL) {
            assertThat(destination.requestsFor(eventId)).as(destination.name()).isEmpty();
        }

        // the schema accepts the new shape for now (the record still names the job and the person)
        Path hired = schema.resolveSibling("candidate.hired.schema.json");
        Files.writeString(hired, FIXED.replace("deduction.modified", "candidate.hired").replace("\"employee_id\"]", "\"job_id\"]")
                .replace("\"employee_id\": {", "\"job_id\": {"));
        Files.setLastModifiedTime(hired, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        Thread.sleep(1_100); // the guard looks at a schema file at most once a second
        assertThat(ops.json("POST", "/ops/quarantine/replay?id=" + eventId).path("replayed").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (StubDestination destination : HubTestSupport.ALL) {
                assertThat(destination.deliveredCount(eventId)).as(destination.name()).isEqualTo(1);
            }
        });
        assertThat(ops.json("GET", "/ops/quarantine").path("total").asInt()).isZero();
    }

    @Test
    void quarantineNeedsTheOpsLogin() {
        int port = HubLauncher.port(hub);
        assertThat(new OpsClient(port, null, null).call("GET", "/ops/quarantine").statusCode()).isEqualTo(401);
        assertThat(new OpsClient(port, null, null).call("POST", "/ops/quarantine/replay").statusCode()).isEqualTo(401);
    }

}
