package io.github.hrwebhookhub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.hrwebhookhub.intake.CanonicalEvents;
import io.github.hrwebhookhub.support.HubProcess;
import io.github.hrwebhookhub.support.HubTestSupport;
import io.github.hrwebhookhub.support.StubDestination;
import io.github.hrwebhookhub.support.WebhookSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub as a separate JVM, SIGKILLed while signed events stream in from senders that retry until they get a 2xx,
 * then restarted on the same data directory. Every event that ever got a 2xx must reach every destination it routes
 * to; the only repeats a destination may see carry a webhook-id it already had.
 */
class CrashSafetyIT {

    private static final List<String> TYPES = List.of("employee.created", "deduction.modified", "candidate.applied", "compensation.changed");
    private static final Map<String, List<StubDestination>> ROUTES = Map.of(
            "employee.created", HubTestSupport.ALL,
            "deduction.modified", List.of(HubTestSupport.PAYROLL),
            "candidate.applied", List.of(HubTestSupport.MESSAGING),
            "compensation.changed", List.of(HubTestSupport.PAYROLL, HubTestSupport.HRIS));
    private static final int EVENTS = 240;

    @TempDir
    Path work;

    private HubProcess hub;

    @AfterEach
    void stop() throws InterruptedException {
        if (hub != null) {
            hub.close();
        }
        HubTestSupport.ALL.forEach(StubDestination::reset);
    }

    @Test
    void killedMidStreamLosesNothingThatWasAcknowledged() throws Exception {
        run(false);
    }

    @Test
    void killedMidStreamWithADestinationDownAcrossTheRestartLosesNothing() throws Exception {
        run(true);
    }

    private void run(boolean payrollDownAcrossRestart) throws Exception {
        HubTestSupport.ALL.forEach(StubDestination::reset);
        if (payrollDownAcrossRestart) {
            HubTestSupport.PAYROLL.alwaysAnswer(503);
        }
        Map<String, String> settings = new java.util.TreeMap<>(HubTestSupport.hubSettings());
        settings.put("hub.destinations.payroll.retry.max-attempts", "1000");
        settings.put("hub.dedup.claim-timeout", "3s");
        hub = new HubProcess(work.resolve("data"), settings, work.resolve("hub.log")).start();
        WebhookSender sender = new WebhookSender(hub.port());

        Map<String, String> typeOf = new ConcurrentHashMap<>();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger next = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            running.add(senders.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < EVENTS) {
                    String sourceId = "crash-" + i;
                    String type = TYPES.get(i % TYPES.size());
                    String body = WebhookSender.event(type, "E-" + i);
                    typeOf.put(CanonicalEvents.eventId("demo", sourceId), type);
                    sendUntilAccepted(sender, sourceId, body);
                    acknowledged.add(CanonicalEvents.eventId("demo", sourceId));
                }
                return null;
            }));
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= EVENTS / 3);
        hub.kill();
        int ackedAtKill = acknowledged.size();
        Thread.sleep(500);
        if (payrollDownAcrossRestart) {
            hub.start();
            Thread.sleep(2000);
            HubTestSupport.PAYROLL.alwaysAnswer(200);
        } else {
            hub.start();
        }
        for (Future<?> sending : running) {
            sending.get();
        }
        senders.shutdown();
        assertThat(acknowledged).hasSize(EVENTS);
        assertThat(ackedAtKill).isLessThan(EVENTS);

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            for (String eventId : acknowledged) {
                for (StubDestination destination : ROUTES.get(typeOf.get(eventId))) {
                    assertThat(destination.deliveredCount(eventId)).as(eventId + " at " + destination.name()).isGreaterThanOrEqualTo(1);
                }
            }
        });
        for (StubDestination destination : HubTestSupport.ALL) {
            long repeats = destination.requests().stream().filter(r -> r.answeredWith() == 200)
                    .map(r -> r.header("webhook-id")).collect(java.util.stream.Collectors.groupingBy(id -> id, java.util.stream.Collectors.counting()))
                    .values().stream().filter(n -> n > 1).count();
            System.out.printf("crash test (%s): %d acknowledged before the kill; %s saw %d requests, %d events more than once%n",
                    payrollDownAcrossRestart ? "payroll down" : "all up", ackedAtKill, destination.name(), destination.requests().size(), repeats);
            for (StubDestination.Request request : destination.requests()) {
                String eventId = request.header("webhook-id");
                assertThat(acknowledged).as("every delivery is of an acknowledged event").contains(eventId);
                assertThat(ROUTES.get(typeOf.get(eventId))).as("delivered only where it routes").contains(destination);
            }
        }
    }

    /** A sender like a real HR platform: retries on anything but a 2xx, with a fresh signature each time. */
    private static void sendUntilAccepted(WebhookSender sender, String sourceId, String body) throws InterruptedException {
        while (true) {
            try {
                HttpResponse<String> response = sender.post("demo", body).signed(HubTestSupport.SOURCE_SECRET, sourceId).send();
                if (response.statusCode() / 100 == 2) {
                    return;
                }
            } catch (RuntimeException connectionFailed) {
                // the hub is down: retry
            }
            Thread.sleep(200);
        }
    }
}
