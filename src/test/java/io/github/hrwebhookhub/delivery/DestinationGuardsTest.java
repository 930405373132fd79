package io.github.hrwebhookhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.github.hrwebhookhub.intake.CanonicalEvents;
import io.github.hrwebhookhub.support.HubTestSupport;
import io.github.hrwebhookhub.support.OpsClient;
import io.github.hrwebhookhub.support.StubDestination;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import io.github.hrwebhookhub.HubLauncher;
import io.github.hrwebhookhub.support.WebhookSender;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** Circuit breaker, rate limit and concurrency cap per destination. */
class DestinationGuardsTest {

    private static final StubDestination PAYROLL = HubTestSupport.PAYROLL;
    private static final StubDestination HRIS = HubTestSupport.HRIS;
    private static final StubDestination MESSAGING = HubTestSupport.MESSAGING;

    private static ConfigurableApplicationContext hub;
    private static CamelContext camel;
    private static int port;
    private WebhookSender sender;

    @BeforeAll
    static void start(@TempDir Path dataDir) {
        Map<String, Object> settings = HubLauncher.settings(dataDir);
        settings.put("hub.destinations.payroll.circuit-breaker.enabled", "true");
        settings.put("hub.destinations.payroll.circuit-breaker.minimum-calls", "4");
        settings.put("hub.destinations.payroll.circuit-breaker.window-size", "4");
        settings.put("hub.destinations.payroll.circuit-breaker.open-for", "2s");
        settings.put("hub.destinations.payroll.circuit-breaker.probes", "1");
        settings.put("hub.destinations.payroll.retry.max-attempts", "6");
        settings.put("hub.destinations.messaging.rate", "5");
        settings.put("hub.destinations.hris.max-concurrency", "1");
        hub = HubLauncher.start(settings);
        camel = hub.getBean(CamelContext.class);
        port = HubLauncher.port(hub);
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @BeforeEach
    void reset() {
        HubTestSupport.ALL.forEach(StubDestination::reset);
        sender = new WebhookSender(port);
    }

    private String send(String type) {
        String sourceId = "msg_" + UUID.randomUUID();
        assertThat(sender.sendEvent("demo", HubTestSupport.SOURCE_SECRET, sourceId, type).statusCode()).isEqualTo(202);
        return CanonicalEvents.eventId("demo", sourceId);
    }

    @Test
    void failingDestinationOpensItsCircuitPausesItsDeliveriesAndRecoversByItself() throws InterruptedException {
        PAYROLL.alwaysAnswer(503);
        OpsClient ops = new OpsClient(port, HubTestSupport.OPS_USER, HubTestSupport.OPS_PASSWORD);
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            events.add(send("deduction.modified"));
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                ops.json("GET", "/actuator/health").at("/components/destinationGuards/details/payroll/circuit").asText())
                .as(() -> ops.json("GET", "/actuator/health").toString() + " payroll requests " + PAYROLL.requests().size()).isEqualTo("OPEN"));
        await().atMost(Duration.ofSeconds(2)).until(() -> camel.getRouteController().getRouteStatus("delivery-payroll") == ServiceStatus.Suspended);
        assertThat(ops.call("GET", "/actuator/prometheus").body())
                .contains("hub_destination_circuit_state{destination=\"payroll\"} 2.0");
        assertThat(new OpsClient(port, null, null).call("GET", "/actuator/health/readiness").statusCode())
                .as("an open circuit does not make the hub unready").isEqualTo(200);
        int requestsWhenPaused = PAYROLL.requests().size();
        await().during(Duration.ofMillis(500)).atMost(Duration.ofMillis(2500)).untilAsserted(() ->
                assertThat(PAYROLL.requests()).as("no attempts while the circuit is open").hasSize(requestsWhenPaused));

        PAYROLL.alwaysAnswer(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> events.stream().allMatch(id -> PAYROLL.deliveredCount(id) == 1));
        await().atMost(Duration.ofSeconds(5)).until(() ->
                ops.json("GET", "/actuator/health").at("/components/destinationGuards/details/payroll/circuit").asText().equals("CLOSED"));
        assertThat(camel.getRouteController().getRouteStatus("delivery-payroll")).isEqualTo(ServiceStatus.Started);
        events.forEach(id -> assertThat(PAYROLL.requestsFor(id).size()).as("attempts of " + id).isLessThanOrEqualTo(6));
    }

    @Test
    void rateLimitSpacesDeliveriesToTheDestination() {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(send("task.completed"));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().allMatch(id -> MESSAGING.deliveredCount(id) == 1));
        List<Long> times = events.stream().map(id -> MESSAGING.requestsFor(id).get(0).atMillis()).sorted().toList();
        long spread = times.get(times.size() - 1) - times.get(0);
        System.out.printf("10 deliveries at rate 5/s took %d ms%n", spread);
        assertThat(spread).as("10 deliveries at 5 per second").isGreaterThanOrEqualTo(1500);
    }

    @Test
    void maxConcurrencyCapsDeliveriesInFlight() {
        HRIS.delay(Duration.ofMillis(150));
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            events.add(send("document.signed"));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().allMatch(id -> HRIS.deliveredCount(id) == 1));
        assertThat(HRIS.maxConcurrent()).isEqualTo(1);
        StubDestination unlimited = PAYROLL;
        assertThat(unlimited.maxConcurrent()).isLessThanOrEqualTo(4);
    }
}
