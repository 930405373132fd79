package io.github.hrwebhookhub.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.hrwebhookhub.HubLauncher;
import io.github.hrwebhookhub.intake.CanonicalEvents;
import io.github.hrwebhookhub.support.HubTestSupport;
import io.github.hrwebhookhub.support.OpsClient;
import io.github.hrwebhookhub.support.RoutesCopy;
import io.github.hrwebhookhub.support.StubDestination;
import io.github.hrwebhookhub.support.WebhookSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The dev profile reloads routes/ while the hub runs: an edit to the routing table or a mapping applies without a
 * restart, and an edit that does not load is refused with file, line and reason while the previous version keeps serving.
 */
@ExtendWith(OutputCaptureExtension.class)
class DevReloadTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private ConfigurableApplicationContext hub;

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
        HubTestSupport.ALL.forEach(StubDestination::reset);
    }

    @Test
    void anEditAppliesWithoutRestartAndABrokenEditKeepsThePreviousRoutes(CapturedOutput output) throws Exception {
        Path routes = RoutesCopy.into(work);
        Map<String, Object> settings = new HashMap<>(HubLauncher.settings(work.resolve("data")));
        settings.put("hub.routes-dir", routes.toString());
        settings.put("spring.profiles.active", "dev");
        hub = HubLauncher.start(settings);
        int port = HubLauncher.port(hub);
        OpsClient ops = new OpsClient(port, HubTestSupport.OPS_USER, HubTestSupport.OPS_PASSWORD);
        assertThat(destinationsOfATask(ops)).containsExactly("messaging");

        Path routing = routes.resolve("routing.camel.yaml");
        Files.writeString(routing, Files.readString(routing).replace("""
                              - simple: "${header.hubType} in 'task.completed,equipment.requested'"
                                steps:
                                  - setHeader: {name: hubDestinations, constant: "messaging"}
                """, """
                              - simple: "${header.hubType} == 'equipment.requested'"
                                steps:
                                  - setHeader: {name: hubDestinations, constant: "messaging"}
                              - simple: "${header.hubType} == 'task.completed'"
                                steps:
                                  - setHeader: {name: hubDestinations, constant: "hris,messaging"}
                """));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(destinationsOfATask(ops)).containsExactly("hris", "messaging"));

        Files.writeString(routing, Files.readString(routing).replace("        - to: direct:routing-table\n", "        - too: direct:routing-table\n"));
        await().atMost(Duration.ofSeconds(30)).until(() -> output.getAll().contains("Unknown node id: too"));
        assertThat(output.getAll()).contains("routing.camel.yaml, line");
        assertThat(destinationsOfATask(ops)).as("the previous routes still serve").containsExactly("hris", "messaging");

        // a mapping edit applies before the mapping's next use; a mapping that does not compile is refused
        Path messaging = routes.resolve("mappings/destinations/messaging/task.completed.jsonata");
        String mapping = Files.readString(messaging);
        Files.writeString(messaging, mapping.replace("\"task: \"", "\"done: \""));
        touch(messaging);
        assertThat(messagingTextOfATask(ops)).contains("done: Complete security training");
        Files.writeString(messaging, "{ \"text\": type & }");
        touch(messaging);
        assertThat(messagingTextOfATask(ops)).as("the previous version stays").contains("done: Complete security training");
        assertThat(output.getAll()).contains("mapping change refused").contains("task.completed.jsonata:1:");

        WebhookSender sender = new WebhookSender(port);
        assertThat(sender.sendEvent("demo", HubTestSupport.SOURCE_SECRET, "after-broken-edit", "task.completed").statusCode()).isEqualTo(202);
        String eventId = CanonicalEvents.eventId("demo", "after-broken-edit");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(HubTestSupport.HRIS.deliveredCount(eventId)).isEqualTo(1);
            assertThat(HubTestSupport.MESSAGING.deliveredCount(eventId)).isEqualTo(1);
        });
    }

    private int touches;

    /** A new modification time, whatever the file system's time resolution. */
    private void touch(Path file) throws IOException {
        touches++;
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + touches * 60_000L));
    }

    private static String messagingTextOfATask(OpsClient ops) throws IOException {
        var response = ops.call("POST", "/ops/dry-run/demo", Files.readString(Path.of("samples/canonical/task.completed.json")),
                Map.of("webhook-id", "reload-probe"));
        return JSON.readTree(response.body()).path("deliveries").path("messaging").path("payload").path("text").asText();
    }

    private static List<String> destinationsOfATask(OpsClient ops) throws IOException {
        var response = ops.call("POST", "/ops/dry-run/demo", Files.readString(Path.of("samples/canonical/task.completed.json")),
                Map.of("webhook-id", "reload-probe"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.body());
        List<String> names = new ArrayList<>();
        answer.path("destinations").forEach(d -> names.add(d.asText()));
        return names;
    }
}
