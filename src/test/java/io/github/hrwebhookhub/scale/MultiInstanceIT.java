package io.github.hrwebhookhub.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.hrwebhookhub.intake.CanonicalEvents;
import io.github.hrwebhookhub.support.HubProcess;
import io.github.hrwebhookhub.support.HubTestSupport;
import io.github.hrwebhookhub.support.OpsClient;
import io.github.hrwebhookhub.support.StandaloneBroker;
import io.github.hrwebhookhub.support.StubDestination;
import io.github.hrwebhookhub.support.WebhookSender;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Production shape on one machine: a real standalone Artemis broker process (the hub's shipped broker.xml), a real
 * PostgreSQL server, and two hub instances as separate JVMs sharing them, with the destinations at stub HTTP servers.
 * Senders behave like HR platforms behind a load balancer: they retry anything but a 2xx, on the other instance when
 * one does not answer.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiInstanceIT {

    private static final List<String> TYPES = List.of("employee.created", "deduction.modified", "candidate.applied", "compensation.changed");
    private static final Map<String, List<StubDestination>> ROUTES = Map.of(
            "employee.created", HubTestSupport.ALL,
            "deduction.modified", List.of(HubTestSupport.PAYROLL),
            "candidate.applied", List.of(HubTestSupport.MESSAGING),
            "compensation.changed", List.of(HubTestSupport.PAYROLL, HubTestSupport.HRIS));
    private static final String ENCRYPTION_KEY = Base64.getEncoder().encodeToString("shared test key: 32 bytes long!!".getBytes());
    private static final Path WORK = Path.of("target", "multi-instance");

    private static EmbeddedPostgres postgres;
    private static StandaloneBroker broker;
    private static HubProcess first;
    private static HubProcess second;

    /** Event id -> canonical type, for everything a test sent. */
    private final Map<String, String> typeOf = new ConcurrentHashMap<>();

    @BeforeAll
    static void startBrokerDatabaseAndTwoHubs() throws Exception {
        deleteRecursively(WORK);
        Files.createDirectories(WORK);
        postgres = EmbeddedPostgres.start();
        broker = StandaloneBroker.create(WORK.resolve("broker")).start();
        Map<String, String> settings = new TreeMap<>(HubTestSupport.hubSettings());
        settings.put("spring.artemis.mode", "native");
        settings.put("spring.artemis.broker-url", broker.url());
        settings.put("spring.artemis.user", StandaloneBroker.USER);
        settings.put("spring.artemis.password", StandaloneBroker.PASSWORD);
        settings.put("spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"));
        settings.put("spring.datasource.username", "postgres");
        settings.put("spring.datasource.password", "");
        settings.put("hub.storage.encryption-key", ENCRYPTION_KEY);
        settings.put("hub.dedup.claim-timeout", "3s");
        settings.put("hub.metrics.refresh", "PT1S");
        first = new HubProcess(WORK.resolve("hub-1"), settings, WORK.resolve("hub-1.log"));
        second = new HubProcess(WORK.resolve("hub-2"), settings, WORK.resolve("hub-2.log"));
        // the first instance creates the schema; the second starts on it
        first.start();
        second.start();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (AutoCloseable part : new AutoCloseable[] {second, first, broker, postgres}) {
            if (part != null) {
                part.close();
            }
        }
    }

    @BeforeEach
    void resetStubs() {
        HubTestSupport.ALL.forEach(StubDestination::reset);
    }

    @Test
    @Order(0)
    void theExternalBrokerRunsTheHubsAddressSettings() throws Exception {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(broker.url(), StandaloneBroker.USER, StandaloneBroker.PASSWORD);
        try (factory; Connection connection = factory.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            connection.start();
            TemporaryQueue replies = session.createTemporaryQueue();
            MessageProducer requests = session.createProducer(session.createQueue("activemq.management"));
            MessageConsumer answers = session.createConsumer(replies);
            for (String destination : List.of("payroll", "hris", "messaging")) {
                Message request = session.createMessage();
                JMSManagementHelper.putOperationInvocation(request, ResourceNames.BROKER, "getAddressSettingsAsJSON", "hr.deliver." + destination);
                request.setJMSReplyTo(replies);
                requests.send(request);
                Message reply = answers.receive(5000);
                assertThat(JMSManagementHelper.hasOperationSucceeded(reply)).isTrue();
                JsonNode settings = new ObjectMapper().readTree((String) JMSManagementHelper.getResult(reply));
                assertThat(settings.get("deadLetterAddress").asText()).isEqualTo("hr.dlq." + destination);
                assertThat(settings.get("maxDeliveryAttempts").asInt()).isEqualTo(10);
                assertThat(settings.get("redeliveryDelay").asLong()).isEqualTo(1000);
                assertThat(settings.get("redeliveryMultiplier").asDouble()).isEqualTo(2.0);
                assertThat(settings.get("maxRedeliveryDelay").asLong()).isEqualTo(60000);
            }
        }
    }

    @Test
    @Order(1)
    void sameEventPostedToBothInstancesAtOnceIsAcceptedOnceAndDeliveredOnce() throws Exception {
        int events = 20;
        ExecutorService pair = Executors.newFixedThreadPool(2);
        List<String> eventIds = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            String sourceId = "both-" + i;
            String body = event(sourceId, i);
            CountDownLatch go = new CountDownLatch(1);
            Future<Integer> viaFirst = pair.submit(() -> {
                go.await();
                return sendUntilAnswered(List.of(sender(first)), sourceId, body, new StatusLog());
            });
            Future<Integer> viaSecond = pair.submit(() -> {
                go.await();
                return sendUntilAnswered(List.of(sender(second)), sourceId, body, new StatusLog());
            });
            go.countDown();
            assertThat(List.of(viaFirst.get(), viaSecond.get())).as("one instance accepts, the other reports the duplicate")
                    .containsExactlyInAnyOrder(202, 200);
            eventIds.add(CanonicalEvents.eventId("demo", sourceId));
        }
        pair.shutdown();

        awaitEveryDelivery(eventIds);
        Thread.sleep(2000);
        assertDeliveredExactlyOnce(eventIds);
        System.out.printf("multi-instance: %d events posted to both instances at once: %d accepted once each, delivered once "
                + "per destination%n", events, events);
    }

    @Test
    @Order(2)
    void eventsSpreadOverBothInstancesAllArriveOnceEach() throws Exception {
        long routedBefore = routedBy(first) + routedBy(second);
        long started = System.nanoTime();
        Set<String> accepted = stream("spread", 200, 4, null);
        awaitEveryDelivery(accepted);
        double seconds = (System.nanoTime() - started) / 1e9;
        Thread.sleep(1000);
        assertDeliveredExactlyOnce(accepted);
        long routedByFirst = routedBy(first);
        long routedBySecond = routedBy(second);
        assertThat(routedByFirst + routedBySecond - routedBefore).as("events routed by the two instances together").isGreaterThanOrEqualTo(200);
        assertThat(routedByFirst).as("the first instance consumes").isPositive();
        assertThat(routedBySecond).as("the second instance consumes").isPositive();
        assertThat(WORK.resolve("hub-1").resolve("artemis")).as("no embedded broker beside the external one").doesNotExist();
        assertThat(WORK.resolve("hub-2").resolve("artemis")).as("no embedded broker beside the external one").doesNotExist();
        System.out.printf("multi-instance: 200 events spread over both instances, all delivered once per destination in %.1f s; "
                + "routed so far by instance 1: %d, by instance 2: %d%n", seconds, routedByFirst, routedBySecond);
    }

    @Test
    @Order(3)
    void killingOneInstanceMidStreamLosesNothing() throws Exception {
        int events = 240;
        AtomicLong killedAtAck = new AtomicLong(-1);
        Set<String> accepted = stream("kill", events, 4, acked -> {
            if (acked == events / 3 && killedAtAck.compareAndSet(-1, acked)) {
                try {
                    first.kill();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return false;
        });
        assertThat(killedAtAck.get()).as("the kill happened mid-stream").isPositive();
        assertThat(accepted).hasSize(events);

        long started = System.nanoTime();
        awaitEveryDelivery(accepted);
        double seconds = (System.nanoTime() - started) / 1e9;
        long repeats = assertOnlyAcceptedEventsWhereTheyRoute(accepted);
        System.out.printf("multi-instance: instance 1 SIGKILLed after %d of %d events acknowledged; all %d delivered (last ones %.1f s "
                + "after the stream ended), %d (event, destination) pairs delivered again with the same webhook-id%n",
                killedAtAck.get(), events, events, seconds, repeats);

        long restart = System.nanoTime();
        first.start();
        System.out.printf("multi-instance: instance 1 back and healthy %.1f s after its restart%n", (System.nanoTime() - restart) / 1e9);
    }

    @Test
    @Order(4)
    void restartingTheBrokerMidStreamLosesNothingAndTheHubsRecoverByThemselves() throws Exception {
        int events = 200;
        StatusLog statuses = new StatusLog();
        AtomicLong brokerBackAt = new AtomicLong();
        AtomicLong firstAcceptAfterRestart = new AtomicLong();
        CountDownLatch killed = new CountDownLatch(1);
        ExecutorService outage = Executors.newSingleThreadExecutor();
        Future<?> brokerOutage = outage.submit(() -> {
            killed.await();
            broker.kill();
            // while the broker is down the hubs say so: 503 with Retry-After, nothing half-stored
            HttpResponse<String> refused = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> sender(second).post("demo", event("outage-probe", 0)).signed(HubTestSupport.SOURCE_SECRET, "outage-probe").send(),
                            response -> response.statusCode() == 503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            Thread.sleep(3000);
            broker.start();
            brokerBackAt.set(System.nanoTime());
            return null;
        });
        Set<String> accepted = stream("outage", events, 4, statuses, acked -> {
            if (acked == events / 3) {
                killed.countDown();
            }
            if (brokerBackAt.get() != 0) {
                firstAcceptAfterRestart.compareAndSet(0, System.nanoTime());
            }
            return false;
        });
        brokerOutage.get();
        outage.shutdown();
        assertThat(accepted).hasSize(events);
        assertThat(statuses.counts().keySet()).as("every answer during the outage is a 2xx or a 503, never a 500").isSubsetOf(200, 202, 503);
        assertThat(statuses.counts().get(503)).as("senders were told to retry while the broker was down").isPositive();

        awaitEveryDelivery(accepted);
        long repeats = assertOnlyAcceptedEventsWhereTheyRoute(accepted);
        double firstAcceptSeconds = (firstAcceptAfterRestart.get() - brokerBackAt.get()) / 1e9;
        System.out.printf("multi-instance: broker SIGKILLed after %d of %d events acknowledged and restarted 3 s later; %d answers "
                + "were 503; first event accepted %.1f s after the broker was back; all %d delivered, %d pairs delivered again "
                + "with the same webhook-id%n", events / 3, events, statuses.counts().get(503), firstAcceptSeconds, events, repeats);
        assertThat(readiness(first)).isEqualTo(200);
        assertThat(readiness(second)).isEqualTo(200);
    }

    @Test
    @Order(5)
    void aDeadLetterShowsOnEveryInstanceAndIsReplayedFromEither() throws Exception {
        HubTestSupport.PAYROLL.alwaysAnswer(400);
        String sourceId = "dead-letter-1";
        String body = WebhookSender.event("deduction.modified", "E-dl-1");
        typeOf.put(CanonicalEvents.eventId("demo", sourceId), "deduction.modified");
        String eventId = CanonicalEvents.eventId("demo", sourceId);
        assertThat(sender(first).post("demo", body).signed(HubTestSupport.SOURCE_SECRET, sourceId).send().statusCode()).isEqualTo(202);

        // the external broker's queue depths reach both instances' metrics (the dead-letter alert depends on them)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(queueDepth(first, "hr.dlq.payroll")).isEqualTo(1);
            assertThat(queueDepth(second, "hr.dlq.payroll")).isEqualTo(1);
        });
        OpsClient opsAtSecond = new OpsClient(second.port(), HubTestSupport.OPS_USER, HubTestSupport.OPS_PASSWORD);
        assertThat(opsAtSecond.call("GET", "/ops/dlq/payroll").body()).contains(eventId);

        HubTestSupport.PAYROLL.alwaysAnswer(200);
        assertThat(opsAtSecond.call("POST", "/ops/dlq/payroll/replay?id=" + eventId).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(HubTestSupport.PAYROLL.deliveredCount(eventId)).isEqualTo(1));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(queueDepth(first, "hr.dlq.payroll")).isZero();
            assertThat(queueDepth(second, "hr.dlq.payroll")).isZero();
        });
    }

    /** Answers seen by the senders, counted by status. */
    private static final class StatusLog {
        private final Map<Integer, AtomicInteger> counts = new ConcurrentHashMap<>();

        void add(int status) {
            counts.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        }

        Map<Integer, Integer> counts() {
            return counts.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()));
        }
    }

    /** Called with the number of events acknowledged so far, after each acknowledgement. */
    private interface AckListener {
        boolean acknowledged(long count);
    }

    private Set<String> stream(String prefix, int events, int threads, AckListener onAck) throws Exception {
        return stream(prefix, events, threads, new StatusLog(), onAck);
    }

    /**
     * Sends {@code events} events from {@code threads} senders, event i preferring instance i % 2 and falling over to
     * the other, each until it gets a 2xx. Returns the acknowledged canonical ids.
     */
    private Set<String> stream(String prefix, int events, int threads, StatusLog statuses, AckListener onAck) throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger next = new AtomicInteger();
        AtomicLong ackCount = new AtomicLong();
        ExecutorService senders = Executors.newFixedThreadPool(threads);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            running.add(senders.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < events) {
                    String sourceId = prefix + "-" + i;
                    List<WebhookSender> order = i % 2 == 0 ? List.of(sender(first), sender(second)) : List.of(sender(second), sender(first));
                    sendUntilAnswered(order, sourceId, event(sourceId, i), statuses);
                    acknowledged.add(CanonicalEvents.eventId("demo", sourceId));
                    long count = ackCount.incrementAndGet();
                    if (onAck != null) {
                        onAck.acknowledged(count);
                    }
                }
                return null;
            }));
        }
        for (Future<?> sending : running) {
            sending.get();
        }
        senders.shutdown();
        return acknowledged;
    }

    private String event(String sourceId, int i) {
        String type = TYPES.get(i % TYPES.size());
        typeOf.put(CanonicalEvents.eventId("demo", sourceId), type);
        return WebhookSender.event(type, "E-" + sourceId);
    }

    private static WebhookSender sender(HubProcess hub) {
        return new WebhookSender(hub.port());
    }

    /**
     * A sender like an HR platform behind a load balancer: posts to the first instance that answers, retrying
     * anything but a 2xx with a fresh signature. Returns the final (2xx) status.
     */
    private static int sendUntilAnswered(List<WebhookSender> instances, String sourceId, String body, StatusLog statuses)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        int attempt = 0;
        while (System.nanoTime() < deadline) {
            WebhookSender target = instances.get(attempt++ % instances.size());
            try {
                HttpResponse<String> response = target.post("demo", body).signed(HubTestSupport.SOURCE_SECRET, sourceId).send();
                statuses.add(response.statusCode());
                if (response.statusCode() / 100 == 2) {
                    return response.statusCode();
                }
            } catch (IllegalStateException connectionRefused) {
                // that instance is down: the next attempt goes to the other one
            }
            Thread.sleep(100);
        }
        throw new AssertionError(sourceId + " was never accepted");
    }

    private void awaitEveryDelivery(Iterable<String> eventIds) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (String eventId : eventIds) {
                for (StubDestination destination : ROUTES.get(typeOf.get(eventId))) {
                    assertThat(destination.deliveredCount(eventId)).as(eventId + " at " + destination.name()).isPositive();
                }
            }
        });
    }

    private void assertDeliveredExactlyOnce(List<String> eventIds) {
        for (String eventId : eventIds) {
            for (StubDestination destination : HubTestSupport.ALL) {
                long expected = ROUTES.get(typeOf.get(eventId)).contains(destination) ? 1 : 0;
                assertThat(destination.requestsFor(eventId)).as(eventId + " at " + destination.name()).hasSize((int) expected);
            }
        }
    }

    private void assertDeliveredExactlyOnce(Set<String> eventIds) {
        assertDeliveredExactlyOnce(new ArrayList<>(eventIds));
    }

    /**
     * Every request a destination saw is of an acknowledged event that routes there. Returns how many (event,
     * destination) pairs were delivered more than once: an instance or broker killed between a destination's 2xx and
     * the commit redelivers, with the same webhook-id so the receiver can tell.
     */
    private long assertOnlyAcceptedEventsWhereTheyRoute(Set<String> accepted) {
        long repeats = 0;
        for (StubDestination destination : HubTestSupport.ALL) {
            for (StubDestination.Request request : destination.requests()) {
                String eventId = request.header("webhook-id");
                assertThat(accepted).as("every delivery is of an acknowledged event").contains(eventId);
                assertThat(ROUTES.get(typeOf.get(eventId))).as("delivered only where it routes").contains(destination);
            }
            repeats += destination.requests().stream().filter(r -> r.answeredWith() == 200)
                    .collect(Collectors.groupingBy(r -> r.header("webhook-id"), Collectors.counting()))
                    .values().stream().filter(n -> n > 1).count();
        }
        return repeats;
    }

    /** Events the instance's router has handled since it started (Camel's per-route counter). */
    private static long routedBy(HubProcess hub) throws IOException, InterruptedException {
        return (long) sample(hub, "camel_exchanges_total{", "routeId=\"routing\"");
    }

    private static double queueDepth(HubProcess hub, String queue) throws IOException, InterruptedException {
        return sample(hub, "hub_queue_depth{", "queue=\"" + queue + "\"");
    }

    /** The sum of a metric's samples whose labels contain the given text, from the instance's Prometheus scrape. */
    private static double sample(HubProcess hub, String metric, String label) throws IOException, InterruptedException {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + hub.port() + "/actuator/prometheus"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (HubTestSupport.OPS_USER + ":" + HubTestSupport.OPS_PASSWORD).getBytes()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        return metrics.body().lines()
                .filter(line -> line.startsWith(metric) && line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static int readiness(HubProcess hub) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + hub.port() + "/actuator/health/readiness")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
