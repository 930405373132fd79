package io.github.hrwebhookhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.hrwebhookhub.HubLauncher;
import io.github.hrwebhookhub.intake.CanonicalEvents;
import io.github.hrwebhookhub.support.HubTestSupport;
import io.github.hrwebhookhub.support.StubDestination;
import io.github.hrwebhookhub.support.WebhookSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** Per-employee ordering on payroll: one employee's events in the order received, other employees in parallel. */
class OrderingTest {

    private static final StubDestination PAYROLL = HubTestSupport.PAYROLL;

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

    private static long firstSuccess(String eventId) {
        return PAYROLL.requestsFor(eventId).stream().filter(r -> r.answeredWith() == 200).findFirst().orElseThrow().atMillis();
    }

    private static long firstRequest(String eventId) {
        return PAYROLL.requestsFor(eventId).get(0).atMillis();
    }

    @Test
    void compensationChangeNeverReachesPayrollBeforeTheRetriedEmployeeCreated() {
        HubTestSupport.ALL.forEach(StubDestination::reset);
        Map<String, Object> settings = HubLauncher.settings(dataDir);
        settings.put("hub.destinations.payroll.ordering-key", "jsonpath:$.data.employee_id");
        settings.put("hub.destinations.payroll.retry.initial", "1500ms");
        settings.put("hub.destinations.payroll.retry.max-delay", "2s");
        hub = HubLauncher.start(settings);
        WebhookSender sender = new WebhookSender(HubLauncher.port(hub));

        String ada = "E-" + UUID.randomUUID();
        String grace = "E-" + UUID.randomUUID();
        String created = send(sender, "employee.created", ada, 503);
        String raise = send(sender, "compensation.changed", ada);
        String other = send(sender, "compensation.changed", grace);
        String status = send(sender, "employee.status_changed", ada);

        await().atMost(Duration.ofSeconds(15)).until(() ->
                List.of(created, raise, other, status).stream().allMatch(id -> PAYROLL.deliveredCount(id) == 1));

        assertThat(PAYROLL.requestsFor(created)).extracting(StubDestination.Request::answeredWith).containsExactly(503, 200);
        assertThat(firstRequest(raise)).as("the raise is not even tried before the hire is delivered").isGreaterThanOrEqualTo(firstSuccess(created));
        assertThat(firstRequest(status)).isGreaterThanOrEqualTo(firstSuccess(raise));
        assertThat(PAYROLL.requestsFor(raise)).hasSize(1);
        assertThat(PAYROLL.requestsFor(status)).hasSize(1);
        assertThat(firstSuccess(other)).as("another employee is not held up").isLessThan(firstSuccess(created));
        // destinations without an ordering key are not held up either
        assertThat(HubTestSupport.HRIS.deliveredCount(raise)).isEqualTo(1);
        assertThat(HubTestSupport.HRIS.requestsFor(raise).get(0).atMillis()).isLessThan(firstSuccess(created));
    }

    private static String send(WebhookSender sender, String type, String employee, Integer... payrollAnswers) {
        String sourceId = "msg_" + UUID.randomUUID();
        String eventId = CanonicalEvents.eventId("demo", sourceId);
        if (payrollAnswers.length > 0) {
            PAYROLL.thenAnswerFor(eventId, payrollAnswers);
        }
        assertThat(sender.post("demo", WebhookSender.event(type, employee)).signed(HubTestSupport.SOURCE_SECRET, sourceId).send()
                .statusCode()).isEqualTo(202);
        return eventId;
    }
}
