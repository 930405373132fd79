package io.github.hrwebhookhub.intake;

import io.github.hrwebhookhub.support.OpsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import io.github.hrwebhookhub.support.HubTestSupport;
import io.github.hrwebhookhub.support.WebhookSender;
import org.junit.jupiter.api.Test;

/** While the broker is down the hub answers 503 and stores nothing; once it is back, events flow again. */
class BrokerOutageTest extends HubTestSupport {

    @Test
    void brokerDownAnswers503WithRetryAfterAndNothingHalfStoredThenRecovers() throws Exception {
        broker.stop();
        String sourceId = "msg_" + UUID.randomUUID();
        String body = WebhookSender.event("employee.created", "E-503");
        String eventId = CanonicalEvents.eventId("demo", sourceId);
        try {
            long started = System.nanoTime();
            HttpResponse<String> response = sender.post("demo", body).signed(SOURCE_SECRET, sourceId).send();
            assertThat(response.statusCode()).isEqualTo(503);
            // promptly when the broker call fails, at the latest by the intake's 20 s backstop when it hangs
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered in time").isLessThan(Duration.ofSeconds(25));
            assertThat(response.headers().firstValue("Retry-After")).contains("5");
            assertThat(response.body()).contains("\"error\":\"unavailable\"");
            assertThat(ledgerRows(eventId)).as("claim given up").isZero();
            assertThat(new OpsClient(port, null, null).call("GET", "/actuator/health/readiness").statusCode())
                    .as("not ready while the broker is down").isEqualTo(503);
            assertThat(new OpsClient(port, null, null).call("GET", "/actuator/health/liveness").statusCode())
                    .as("but alive").isEqualTo(200);
        } finally {
            broker.start();
        }

        // The sender retries, as HR platforms do on 503, until the hub has recovered by itself.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> sender.post("demo", body).signed(SOURCE_SECRET, sourceId).send().statusCode() == 202);
        await().atMost(Duration.ofSeconds(30)).until(() -> ALL.stream().allMatch(s -> s.deliveredCount(eventId) == 1));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                new OpsClient(port, null, null).call("GET", "/actuator/health/readiness").statusCode() == 200);
    }
}
