package io.github.hrwebhookhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.hrwebhookhub.config.Queues;
import io.github.hrwebhookhub.intake.CanonicalEvents;
import io.github.hrwebhookhub.support.HubTestSupport;
import io.github.hrwebhookhub.support.Signing;
import io.github.hrwebhookhub.support.StubDestination;
import org.junit.jupiter.api.Test;

/** Retries, dead letters and isolation between destinations. */
class DeliveryFailureTest extends HubTestSupport {

    private String send(String type) {
        return send(type, null);
    }

    /** Sends an event whose deliveries to the stub first get these answers. */
    private String send(String type, StubDestination stub, Integer... answers) {
        String sourceId = "msg_" + UUID.randomUUID();
        String eventId = CanonicalEvents.eventId("demo", sourceId);
        if (stub != null) {
            stub.thenAnswerFor(eventId, answers);
        }
        assertThat(sender.sendEvent("demo", SOURCE_SECRET, sourceId, type).statusCode()).isEqualTo(202);
        return eventId;
    }

    private List<Map<String, Object>> deadLetters(String destination, String eventId) {
        return browse(Queues.deadLetter(destination)).stream().filter(m -> eventId.equals(m.get("hubEventId"))).toList();
    }

    @Test
    void destinationFailingTwiceWith503IsDeliveredOnTheThirdAttemptWithTheSameWebhookId() {
        String eventId = send("employee.created", PAYROLL, 503, 503);

        await().atMost(Duration.ofSeconds(15)).until(() -> PAYROLL.deliveredCount(eventId) == 1);
        List<StubDestination.Request> attempts = PAYROLL.requestsFor(eventId);
        assertThat(attempts).extracting(StubDestination.Request::answeredWith).containsExactly(503, 503, 200);
        assertThat(attempts).extracting(r -> r.header("webhook-id")).containsOnly(eventId);
        assertThat(attempts).allSatisfy(r -> assertThat(Signing.verifies(DESTINATION_SECRET, r)).isTrue());
        // Backoff: 200 ms, then 400 ms.
        assertThat(attempts.get(1).atMillis() - attempts.get(0).atMillis()).isGreaterThanOrEqualTo(150);
        assertThat(attempts.get(2).atMillis() - attempts.get(1).atMillis()).isGreaterThanOrEqualTo(350);

        // The others were served at once and only once.
        assertThat(HRIS.requestsFor(eventId)).hasSize(1);
        assertThat(MESSAGING.requestsFor(eventId)).hasSize(1);
        assertThat(HRIS.requestsFor(eventId).get(0).atMillis()).isLessThan(attempts.get(1).atMillis());
        assertThat(deadLetters("payroll", eventId)).isEmpty();
    }

    @Test
    void destinationAnswering400IsDeadLetteredAtOnceWithItsReason() {
        String eventId = send("compensation.changed", PAYROLL, 400);

        await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters("payroll", eventId).size() == 1);
        Map<String, Object> dead = deadLetters("payroll", eventId).get(0);
        assertThat(dead.get("hubLastStatus")).isEqualTo(400);
        assertThat(dead.get("hubAttempt")).isEqualTo(1);
        assertThat((String) dead.get("hubDeadReason")).contains("rejected by destination").contains("400");
        assertThat(dead.get("hubSealed")).as("dead letters are sealed at rest").isEqualTo(true);
        assertThat((String) dead.get("body")).doesNotContain("compensation.changed").doesNotContain("123456").doesNotContain("Grace");
        assertThat(PAYROLL.requestsFor(eventId)).hasSize(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> HRIS.deliveredCount(eventId) == 1);
    }

    @Test
    void destinationAlwaysFailingIsDeadLetteredAfterTheConfiguredAttempts() {
        PAYROLL.alwaysAnswer(500);
        String eventId = send("deduction.modified");

        await().atMost(Duration.ofSeconds(20)).until(() -> deadLetters("payroll", eventId).size() == 1);
        assertThat(PAYROLL.requestsFor(eventId)).hasSize(MAX_ATTEMPTS)
                .extracting(r -> r.header("webhook-id")).containsOnly(eventId);
        Map<String, Object> dead = deadLetters("payroll", eventId).get(0);
        assertThat(dead.get("hubAttempt")).isEqualTo(MAX_ATTEMPTS);
        assertThat(dead.get("hubLastStatus")).isEqualTo(500);
        assertThat((String) dead.get("hubDeadReason")).contains("gave up after " + MAX_ATTEMPTS + " attempts");
        assertThat((Long) dead.get("hubFirstAttemptAt")).isLessThan((Long) dead.get("hubLastAttemptAt"));
    }

    @Test
    void retryableStatusesAreRetried() {
        String eventId = send("deduction.modified", PAYROLL, 408, 429, 502);
        await().atMost(Duration.ofSeconds(15)).until(() -> PAYROLL.deliveredCount(eventId) == 1);
        assertThat(PAYROLL.requestsFor(eventId)).extracting(StubDestination.Request::answeredWith).containsExactly(408, 429, 502, 200);
    }

    @Test
    void failingDestinationDoesNotDelayOthers() {
        PAYROLL.alwaysAnswer(503);
        String first = send("employee.created");
        String second = send("employee.terminated");

        await().atMost(Duration.ofSeconds(5)).until(() -> HRIS.deliveredCount(first) == 1 && HRIS.deliveredCount(second) == 1
                && MESSAGING.deliveredCount(first) == 1 && MESSAGING.deliveredCount(second) == 1);
        // both reached hris and messaging before payroll even made its second attempt
        assertThat(PAYROLL.deliveredCount(first)).isZero();
        PAYROLL.alwaysAnswer(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> PAYROLL.deliveredCount(first) == 1 && PAYROLL.deliveredCount(second) == 1);
    }
}
