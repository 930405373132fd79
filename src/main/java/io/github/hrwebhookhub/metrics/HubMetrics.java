package io.github.hrwebhookhub.metrics;

import io.github.hrwebhookhub.audit.AuditTrail;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.github.hrwebhookhub.config.HubProperties;
import io.github.hrwebhookhub.config.Queues;
import io.github.hrwebhookhub.store.GroupCommitWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The hub's own metrics, all named {@code hub_*} with low-cardinality tags (configured source and destination names,
 * fixed outcome words): what arrives and why it is rejected, what is delivered, retried or dead-lettered, how deep
 * every queue is, how long accepting and delivering take, and how old the oldest undelivered event is.
 */
@Component
public class HubMetrics {

    /** Error codes the intake answers with; anything else is counted as "other". */
    private static final Set<String> REASONS = Set.of("invalid_signature", "forbidden", "unknown_source", "payload_too_large",
            "unsupported_media_type", "invalid_json", "invalid_encoding", "missing_event_id", "missing_event_type",
            "invalid_event_id", "invalid_event_type", "rate_limited", "unavailable");

    private final MeterRegistry meters;
    private final HubProperties hub;
    private final Clock clock;
    private final ConcurrentHashMap<String, AtomicLong> oldestAge = new ConcurrentHashMap<>();
    private final AuditTrail audit;
    private final QueueDepths depths;
    private final List<String> queues;

    public HubMetrics(MeterRegistry meters, HubProperties hub, Clock clock, AuditTrail audit, QueueDepths depths, GroupCommitWriter writer) {
        this.meters = meters;
        this.hub = hub;
        this.clock = clock;
        this.audit = audit;
        this.depths = depths;
        List<String> queues = new ArrayList<>(List.of(Queues.EVENTS, Queues.UNROUTED, Queues.ROUTING_DLQ, Queues.QUARANTINE));
        this.queues = queues;
        hub.destinations().keySet().forEach(d -> {
            queues.add(Queues.deliver(d));
            queues.add(Queues.deadLetter(d));
            AtomicLong age = new AtomicLong();
            oldestAge.put(d, age);
            Gauge.builder("hub.oldest.undelivered.age", age, AtomicLong::get).baseUnit("seconds")
                    .description("Age of the oldest event routed to the destination and not yet delivered there (0 = none)")
                    .tag("destination", d).register(meters);
        });
        FunctionCounter.builder("hub.audit.dropped", writer, GroupCommitWriter::dropped)
                .description("Audit rows written without waiting (rejected requests, duplicates) that had to be dropped").register(meters);
        for (String queue : queues) {
            Gauge.builder("hub.queue.depth", () -> depths.depth(queue))
                    .description("Messages on the queue, scheduled retries included").tag("queue", queue).register(meters);
        }
    }

    private String sourceTag(Object source) {
        return source != null && hub.sources().containsKey(source.toString()) ? source.toString() : "unknown";
    }

    public void accepted(Object source, long receivedAtMillis) {
        Counter.builder("hub.events.received").description("Requests at the intake by source and outcome")
                .tag("source", sourceTag(source)).tag("outcome", "accepted").tag("reason", "none").register(meters).increment();
        Timer.builder("hub.accept.latency").description("From receipt of a request to its 202, durably stored")
                .publishPercentileHistogram().tag("source", sourceTag(source)).register(meters)
                .record(Duration.ofMillis(Math.max(0, clock.millis() - receivedAtMillis)));
    }

    /** An accepted event held back by the schema guard. */
    public void quarantined(Object source) {
        Counter.builder("hub.events.quarantined").description("Accepted events parked on hr.quarantine because their canonical record broke its schema")
                .tag("source", sourceTag(source)).register(meters).increment();
    }

    public void duplicate(Object source) {
        Counter.builder("hub.events.received").description("Requests at the intake by source and outcome")
                .tag("source", sourceTag(source)).tag("outcome", "duplicate").tag("reason", "none").register(meters).increment();
    }

    public void rejected(Object source, String reason) {
        Counter.builder("hub.events.received").description("Requests at the intake by source and outcome")
                .tag("source", sourceTag(source)).tag("outcome", "rejected")
                .tag("reason", REASONS.contains(reason) ? reason : "other").register(meters).increment();
    }

    /** One delivery attempt's outcome: delivered, retried or dead_lettered. */
    public void delivery(String destination, String outcome, int status, long receivedAtMillis) {
        String statusClass = status == 0 ? "none" : (status / 100) + "xx";
        Counter.builder("hub.deliveries").description("Delivery attempts by destination, outcome and status class")
                .tag("destination", destination).tag("outcome", outcome).tag("status_class", statusClass).register(meters).increment();
        if (outcome.equals("delivered")) {
            Timer.builder("hub.delivery.latency").description("From receipt at the intake to delivery at the destination")
                    .publishPercentileHistogram().tag("destination", destination).register(meters)
                    .record(Duration.ofMillis(Math.max(0, clock.millis() - receivedAtMillis)));
        }
    }

    /** Queue depths from an external broker (the embedded one is read at each scrape). */
    @Scheduled(fixedDelayString = "${hub.metrics.refresh:PT15S}", initialDelayString = "PT5S")
    public void refreshQueueDepths() {
        depths.refresh(queues);
    }

    @Scheduled(fixedDelayString = "${hub.metrics.refresh:PT15S}", initialDelayString = "PT5S")
    public void refreshOldestUndelivered() {
        long now = clock.millis();
        oldestAge.forEach((destination, age) -> {
            try {
                age.set(audit.oldestUndelivered(destination).map(t -> Math.max(0, (now - t) / 1000)).orElse(0L));
            } catch (RuntimeException e) {
                // the database is unreachable: keep the last value; readiness reports the outage
            }
        });
    }
}
