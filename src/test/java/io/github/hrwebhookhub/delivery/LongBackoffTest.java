package io.github.hrwebhookhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.hrwebhookhub.HubLauncher;
import io.github.hrwebhookhub.config.Queues;
import io.github.hrwebhookhub.intake.CanonicalEvents;
import io.github.hrwebhookhub.support.HubTestSupport;
import io.github.hrwebhookhub.support.StubDestination;
import io.github.hrwebhookhub.support.WebhookSender;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A destination down for a 2-hour backoff: its retries wait on the broker, not in a thread, survive a restart of the
 * hub and its broker, and the other destinations keep receiving without delay meanwhile.
 */
class LongBackoffTest {

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext hub;

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
        HubTestSupport.ALL.forEach(StubDestination::reset);
    }

    private ConfigurableApplicationContext start() {
        Map<String, Object> settings = HubLauncher.settings(dataDir);
        settings.put("hub.destinations.payroll.retry.schedule", "2h,2h");
        return HubLauncher.start(settings);
    }

    private long scheduled(String queue) {
        return hub.getBean(EmbeddedActiveMQ.class).getActiveMQServer().locateQueue(SimpleString.of(queue)).getScheduledCount();
    }

    @Test
    void twoHourBackoffSurvivesRestartWhileOtherDestinationsKeepFlowing() {
        HubTestSupport.ALL.forEach(StubDestination::reset);
        HubTestSupport.PAYROLL.alwaysAnswer(503);
        hub = start();
        WebhookSender sender = new WebhookSender(HubLauncher.port(hub));

        List<String> eventIds = new ArrayList<>();
        List<Long> hrisLatencies = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String sourceId = "msg_" + UUID.randomUUID();
            long sent = System.currentTimeMillis();
            assertThat(sender.sendEvent("demo", HubTestSupport.SOURCE_SECRET, sourceId, "employee.status_changed").statusCode()).isEqualTo(202);
            String eventId = CanonicalEvents.eventId("demo", sourceId);
            eventIds.add(eventId);
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).until(() -> HubTestSupport.HRIS.deliveredCount(eventId) == 1);
            hrisLatencies.add(HubTestSupport.HRIS.requestsFor(eventId).get(0).atMillis() - sent);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> scheduled(Queues.deliver("payroll")) == eventIds.size());
        hrisLatencies.sort(Long::compare);
        System.out.printf("hris while payroll fails: p50 %d ms, max %d ms from send to receipt over %d events%n",
                hrisLatencies.get(hrisLatencies.size() / 2), hrisLatencies.get(hrisLatencies.size() - 1), hrisLatencies.size());
        assertThat(hrisLatencies.get(hrisLatencies.size() / 2)).as("median hris delivery, ms").isLessThan(1000);
        assertThat(eventIds).allMatch(id -> HubTestSupport.PAYROLL.requestsFor(id).size() == 1);

        hub.close();
        HubTestSupport.PAYROLL.alwaysAnswer(200);
        hub = start();

        assertThat(scheduled(Queues.deliver("payroll"))).as("retries still waiting after the restart").isEqualTo(eventIds.size());
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> eventIds.stream().allMatch(id -> HubTestSupport.PAYROLL.requestsFor(id).size() == 1));
        assertThat(eventIds).allMatch(id -> HubTestSupport.HRIS.requestsFor(id).size() == 1);
    }
}
