package io.github.hrwebhookhub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.hrwebhookhub.HubLauncher;
import io.github.hrwebhookhub.intake.CanonicalEvents;
import io.github.hrwebhookhub.support.HubTestSupport;
import io.github.hrwebhookhub.support.WebhookSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** With the json profile, logs are ECS JSON lines in which one event can be followed by its id across the hub. */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLogsTest {

    @TempDir
    Path work;

    private ConfigurableApplicationContext hub;

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    private static List<JsonNode> jsonLinesAbout(String output, String eventId) {
        ObjectMapper json = new ObjectMapper();
        return output.lines().filter(line -> line.startsWith("{") && line.contains(eventId)).map(line -> {
            try {
                return json.readTree(line);
            } catch (Exception e) {
                throw new AssertionError("not a JSON log line: " + line, e);
            }
        }).toList();
    }

    private static String field(JsonNode line, String dotted) {
        JsonNode flat = line.get(dotted);
        if (flat != null) {
            return flat.asText();
        }
        JsonNode node = line;
        for (String part : dotted.split("\\.")) {
            node = node == null ? null : node.get(part);
        }
        return node == null ? null : node.asText();
    }

    @Test
    void eventCanBeFollowedAcrossIntakeAndDeliveryInJsonLogs(CapturedOutput output) {
        Map<String, Object> settings = HubLauncher.settings(work.resolve("data"));
        settings.put("spring.profiles.active", "json");
        hub = HubLauncher.start(settings);
        String sourceId = "msg_" + UUID.randomUUID();
        String eventId = CanonicalEvents.eventId("demo", sourceId);
        assertThat(new WebhookSender(HubLauncher.port(hub)).sendEvent("demo", HubTestSupport.SOURCE_SECRET, sourceId, "deduction.modified")
                .statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> HubTestSupport.PAYROLL.deliveredCount(eventId) == 1);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            List<JsonNode> lines = jsonLinesAbout(output.getAll(), eventId);
            assertThat(lines).anySatisfy(line -> {
                assertThat(field(line, "event.id")).isEqualTo(eventId);
                assertThat(field(line, "hub.outcome")).isEqualTo("accepted");
                assertThat(field(line, "hub.source")).isEqualTo("demo");
                assertThat(field(line, "hub.type")).isEqualTo("deduction.modified");
            });
            assertThat(lines).anySatisfy(line -> {
                assertThat(field(line, "event.id")).isEqualTo(eventId);
                assertThat(field(line, "hub.outcome")).isEqualTo("delivered");
                assertThat(field(line, "hub.destination")).isEqualTo("payroll");
                assertThat(field(line, "hub.attempt")).isEqualTo("1");
            });
        });
        assertThat(output.getAll()).doesNotContain("123456").doesNotContain("DE89370400440532013000");
    }
}
