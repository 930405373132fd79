package io.github.hrwebhookhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.hrwebhookhub.config.Queues;
import io.github.hrwebhookhub.support.HubTestSupport;
import io.github.hrwebhookhub.support.WebhookSender;
import org.junit.jupiter.api.Test;

/** Idempotency on (source, source event id): against the default H2 database here, PostgreSQL in a subclass. */
public class DuplicateTest extends HubTestSupport {

    @Test
    void duplicateSentAfterAcceptanceIsAnswered200AndDeliveredOnce() throws Exception {
        String sourceId = "msg_" + UUID.randomUUID();
        String body = WebhookSender.event("employee.created", "E-42");
        HttpResponse<String> first = sender.post("demo", body).signed(SOURCE_SECRET, sourceId).send();
        assertThat(first.statusCode()).isEqualTo(202);
        long enqueued = messagesAdded(Queues.EVENTS);

        // The sender's retry: same id, re-signed a second later, as real senders do.
        HttpResponse<String> again = sender.post("demo", body).signed(SOURCE_SECRET, sourceId).send();
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("\"status\":\"duplicate\"").contains(CanonicalEvents.eventId("demo", sourceId));
        assertThat(messagesAdded(Queues.EVENTS)).isEqualTo(enqueued);

        String eventId = CanonicalEvents.eventId("demo", sourceId);
        await().atMost(Duration.ofSeconds(10)).until(() -> ALL.stream().allMatch(s -> s.deliveredCount(eventId) == 1));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofMillis(2500)).untilAsserted(() ->
                ALL.forEach(stub -> assertThat(stub.requestsFor(eventId)).as(stub.name()).hasSize(1)));
    }

    @Test
    void duplicateIsDetectedEvenWhenSignedWithTheOtherActiveSecret() {
        String sourceId = "msg_" + UUID.randomUUID();
        String body = WebhookSender.event("deduction.modified", "E-43");
        assertThat(sender.post("demo", body).signed(SOURCE_SECRET, sourceId).send().statusCode()).isEqualTo(202);
        assertThat(sender.post("demo", body).signed(ROTATED_SECRET, sourceId).send().statusCode()).isEqualTo(200);
    }

    @Test
    void sameEventIdFromAnotherSourceIsNotADuplicate() {
        String sourceId = "msg_" + UUID.randomUUID();
        assertThat(CanonicalEvents.eventId("demo", sourceId)).isNotEqualTo(CanonicalEvents.eventId("other", sourceId));
    }

    @Test
    void sameEventPostedConcurrentlyFrom8ThreadsIsAcceptedOnceAndDeliveredOncePerDestination() throws Exception {
        String sourceId = "msg_" + UUID.randomUUID();
        String body = WebhookSender.event("employee.created", "E-44");
        List<WebhookSender.Post> posts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            posts.add(sender.post("demo", body).signed(SOURCE_SECRET, sourceId));
        }
        long enqueued = messagesAdded(Queues.EVENTS);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<HttpResponse<String>>> responses = new ArrayList<>();
        for (WebhookSender.Post post : posts) {
            responses.add(pool.submit(() -> {
                start.await();
                return post.send();
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<HttpResponse<String>> response : responses) {
            statuses.add(response.get().statusCode());
        }
        pool.shutdown();

        assertThat(statuses).containsOnly(202, 200);
        assertThat(statuses.stream().filter(s -> s == 202)).hasSize(1);
        assertThat(messagesAdded(Queues.EVENTS)).isEqualTo(enqueued + 1);
        String eventId = CanonicalEvents.eventId("demo", sourceId);
        assertThat(ledgerRows(eventId)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> ALL.stream().allMatch(s -> s.deliveredCount(eventId) == 1));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofMillis(2500)).untilAsserted(() ->
                ALL.forEach(stub -> assertThat(stub.requestsFor(eventId)).as(stub.name()).hasSize(1)));
    }

    @Test
    void claimLeftByACrashedRequestIsTakenOverSoTheRetryIsAccepted() {
        // A request that died between receipt and enqueue leaves a CLAIMED row and nothing on the broker.
        String sourceId = "msg_" + UUID.randomUUID();
        String eventId = CanonicalEvents.eventId("demo", sourceId);
        long longAgo = System.currentTimeMillis() - Duration.ofMinutes(5).toMillis();
        jdbc.update("INSERT INTO hub_event_ledger (event_id, source, source_event_id, state, claimed_at) VALUES (?, 'demo', ?, 'CLAIMED', ?)",
                eventId, sourceId, longAgo);

        HttpResponse<String> retry = sender.post("demo", WebhookSender.event("employee.created", "E-45")).signed(SOURCE_SECRET, sourceId).send();

        assertThat(retry.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> PAYROLL.deliveredCount(eventId) == 1);
        assertThat(jdbc.queryForObject("SELECT state FROM hub_event_ledger WHERE event_id = ?", String.class, eventId)).isEqualTo("STORED");
    }

    @Test
    void storedButUnconfirmedEventResentAfterACrashReachesTheBrokerOnlyOnce() throws Exception {
        // A request that died after the enqueue but before the confirm: the retry enqueues again with the same
        // broker duplicate id, which the broker drops, so destinations still see the event once.
        String sourceId = "msg_" + UUID.randomUUID();
        String eventId = CanonicalEvents.eventId("demo", sourceId);
        String body = WebhookSender.event("deduction.modified", "E-46");
        assertThat(sender.post("demo", body).signed(SOURCE_SECRET, sourceId).send().statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> PAYROLL.deliveredCount(eventId) == 1);
        jdbc.update("UPDATE hub_event_ledger SET state = 'CLAIMED', stored_at = NULL, claimed_at = ? WHERE event_id = ?",
                System.currentTimeMillis() - Duration.ofMinutes(5).toMillis(), eventId);

        assertThat(sender.post("demo", body).signed(SOURCE_SECRET, sourceId).send().statusCode()).isEqualTo(202);
        await().during(Duration.ofMillis(1000)).atMost(Duration.ofMillis(3000)).untilAsserted(() -> assertThat(PAYROLL.requestsFor(eventId)).hasSize(1));
    }

    @Test
    void purgeForgetsEventsOlderThanTheRetention() throws Exception {
        String sourceId = "msg_" + UUID.randomUUID();
        String eventId = CanonicalEvents.eventId("demo", sourceId);
        jdbc.update("INSERT INTO hub_event_ledger (event_id, source, source_event_id, state, claimed_at, stored_at) VALUES (?, 'demo', ?, 'STORED', ?, ?)",
                eventId, sourceId, 0L, 0L);
        assertThat(ledgerRows(eventId)).isEqualTo(1);
        assertThat(ledger.purge()).isGreaterThanOrEqualTo(1);
        assertThat(ledgerRows(eventId)).isZero();
    }

    @org.springframework.beans.factory.annotation.Autowired
    private EventLedger ledger;
}
