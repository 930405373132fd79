package io.github.hrwebhookhub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.hrwebhookhub.intake.CanonicalEvents;
import io.github.hrwebhookhub.support.HubTestSupport;
import io.github.hrwebhookhub.support.StubDestination;
import io.github.hrwebhookhub.support.WebhookSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** The hub stopped and started again on the same data directory keeps what it accepted. */
class RestartTest {

    private static final StubDestination PAYROLL = HubTestSupport.PAYROLL;
    private static final StubDestination HRIS = HubTestSupport.HRIS;
    private static final StubDestination MESSAGING = HubTestSupport.MESSAGING;

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext hub;

    private ConfigurableApplicationContext startHub() {
        Map<String, Object> properties = HubLauncher.settings(dataDir);
        // payroll retries slowly enough that its retries are still pending when the hub stops
        properties.put("hub.destinations.payroll.retry.initial", "2s");
        properties.put("hub.destinations.payroll.retry.max-delay", "2s");
        properties.put("hub.destinations.payroll.retry.max-attempts", "20");
        return HubLauncher.start(properties);
    }

    private WebhookSender sender() {
        return new WebhookSender(HubLauncher.port(hub));
    }

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
        HubTestSupport.ALL.forEach(StubDestination::reset);
    }

    @Test
    void eventsAcceptedBeforeARestartAndNotYetDeliveredAreDeliveredAfterIt() {
        HubTestSupport.ALL.forEach(StubDestination::reset);
        PAYROLL.alwaysAnswer(503);
        hub = startHub();
        List<String> sourceIds = new ArrayList<>();
        List<String> eventIds = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String sourceId = "msg_" + UUID.randomUUID();
            assertThat(sender().sendEvent("demo", HubTestSupport.SOURCE_SECRET, sourceId, "employee.created").statusCode()).isEqualTo(202);
            sourceIds.add(sourceId);
            eventIds.add(CanonicalEvents.eventId("demo", sourceId));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> eventIds.stream().allMatch(id ->
                HRIS.deliveredCount(id) == 1 && MESSAGING.deliveredCount(id) == 1 && !PAYROLL.requestsFor(id).isEmpty()));
        hub.close();
        assertThat(eventIds).allMatch(id -> PAYROLL.deliveredCount(id) == 0);

        PAYROLL.alwaysAnswer(200);
        hub = startHub();

        await().atMost(Duration.ofSeconds(20)).until(() -> eventIds.stream().allMatch(id -> PAYROLL.deliveredCount(id) == 1));
        for (String id : eventIds) {
            assertThat(PAYROLL.requestsFor(id)).extracting(r -> r.header("webhook-id")).containsOnly(id);
            assertThat(HRIS.requestsFor(id)).as("hris is not sent the event again").hasSize(1);
            assertThat(MESSAGING.requestsFor(id)).hasSize(1);
        }

        // The deduplication record survived the restart too.
        String body = WebhookSender.event("employee.created", "E-1");
        assertThat(sender().post("demo", body).signed(HubTestSupport.SOURCE_SECRET, sourceIds.get(0)).send().statusCode()).isEqualTo(200);
    }
}
