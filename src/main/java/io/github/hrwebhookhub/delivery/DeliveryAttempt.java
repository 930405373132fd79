package io.github.hrwebhookhub.delivery;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.hrwebhookhub.HubHeaders;
import io.github.hrwebhookhub.LogFields;
import io.github.hrwebhookhub.config.BrokerHeaders;
import io.github.hrwebhookhub.signing.StandardWebhooksScheme;
import io.github.hrwebhookhub.audit.AuditTrail;
import io.github.hrwebhookhub.metrics.HubMetrics;
import io.github.hrwebhookhub.store.PayloadCipher;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The steps of one delivery attempt of one event to one destination, each called from the delivery route in
 * routes/delivery.camel.yaml in this order: {@link #prepare}, {@link #map}, {@link #awaitTurn} (ordering),
 * {@link #circuitBreaker}, {@link #throttle}, {@link #sign}, {@link #send}, {@link #record}. The canonical event stays
 * the message body throughout (it is what goes back on the queue for a retry or to the dead-letter queue); what is
 * sent travels in exchange properties. {@link HubHeaders#OUTCOME} tells the route what to do with the message:
 * {@code delivered}, {@code retry} (with the broker's scheduled delivery time, so the wait holds no thread and
 * survives restarts) or {@code dead} (with the reason).
 */
@Component("deliveryAttempt")
public class DeliveryAttempt {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryAttempt.class);

    /** Exchange property: the destination's payload, as sent. */
    static final String PAYLOAD = "hubPayload";
    /** Exchange property: the Standard Webhooks headers of this attempt. */
    static final String SIGNATURE_HEADERS = "hubSignatureHeaders";
    /** Exchange property: the {@link Sent} answer of this attempt. */
    static final String SENT = "hubSent";
    /** Exchange property: when this attempt started (epoch millis). */
    static final String STARTED = "hubAttemptStarted";
    /** Exchange property: the broker handed this message out before (a rolled-back transaction or a crash). */
    static final String REDELIVERED = "hubBrokerRedelivered";

    /** What the destination answered: its status (0 without an answer), or the error, and how long it took. */
    record Sent(int status, String error, Duration retryAfter, long tookMs) {

        String describe() {
            return error != null ? error : "HTTP " + status;
        }
    }

    private final Destinations destinations;
    private final ObjectMapper json;
    private final Clock clock;
    private final AuditTrail audit;
    private final DestinationGuards guards;
    private final Ordering ordering;
    private final PayloadCipher cipher;
    private final HubMetrics metrics;
    private final DestinationClient http;

    public DeliveryAttempt(Destinations destinations, ObjectMapper json, Clock clock, AuditTrail audit, DestinationGuards guards,
                           Ordering ordering, PayloadCipher cipher, HubMetrics metrics, DestinationClient http) {
        this.http = http;
        this.cipher = cipher;
        this.metrics = metrics;
        this.ordering = ordering;
        this.destinations = destinations;
        this.json = json;
        this.clock = clock;
        this.audit = audit;
        this.guards = guards;
    }

    /**
     * Starts the attempt: a message the broker hands out again whose event already reached the destination is
     * marked {@code delivered} (not sent twice). Otherwise the broker's bookkeeping headers are dropped (they must
     * not be re-sent with a retry) and a sealed dead letter moved back is opened.
     */
    public void prepare(Exchange exchange) {
        Message message = exchange.getIn();
        String destination = message.getHeader(HubHeaders.DESTINATION, String.class);
        String eventId = message.getHeader(HubHeaders.EVENT_ID, String.class);
        if (alreadyDelivered(message, destination, eventId)) {
            message.setHeader(HubHeaders.OUTCOME, "delivered");
            LOG.info("event {} to {}: delivered before this message's transaction was rolled back; not sent again", eventId,
                    destination);
            return;
        }
        message.removeHeader(HubHeaders.OUTCOME);
        exchange.setProperty(REDELIVERED, message.getHeader("JMSRedelivered", false, Boolean.class));
        BrokerHeaders.strip(message.getHeaders());
        if (message.getHeader(HubHeaders.SEALED, false, Boolean.class)) {
            // a dead letter moved back (by replay or from the console) is still sealed
            message.setBody(cipher.openText(message.getBody(String.class)));
            message.removeHeader(HubHeaders.SEALED);
        }
        exchange.setProperty(STARTED, clock.millis());
    }

    /** The destination's mapping of the canonical event: the payload to send. */
    public void map(Exchange exchange) throws IOException {
        Destinations.Destination destination = destination(exchange);
        JsonNode event = json.readTree(exchange.getIn().getBody(String.class));
        exchange.setProperty(PAYLOAD, json.writeValueAsBytes(destination.mapping().map(event)));
    }

    /**
     * Ordering: while an earlier event with the same ordering key is still to be delivered to this destination, the
     * event waits for it on the broker ({@code retry}, spending no attempt).
     */
    public void awaitTurn(Exchange exchange) {
        Message message = exchange.getIn();
        String destination = message.getHeader(HubHeaders.DESTINATION, String.class);
        String eventId = message.getHeader(HubHeaders.EVENT_ID, String.class);
        long earlierEventPending = ordering.waitUntil(destination, eventId);
        if (earlierEventPending > 0) {
            message.setHeader(HubHeaders.OUTCOME, "retry");
            message.setHeader(HubHeaders.ARTEMIS_SCHEDULED_DELIVERY, earlierEventPending);
            LOG.debug("event {} to {}: waits for an earlier event with its ordering key", eventId, destination);
        }
    }

    /**
     * The destination's circuit breaker: while it is open the event waits on the broker ({@code retry}, spending no
     * attempt) until the destination is probed again. A permitted attempt reports its result in {@link #send}.
     */
    public void circuitBreaker(Exchange exchange) {
        Message message = exchange.getIn();
        String destination = message.getHeader(HubHeaders.DESTINATION, String.class);
        DestinationGuards.Guard guard = guards.get(destination);
        if (!guard.breaker().tryAcquirePermission()) {
            String eventId = message.getHeader(HubHeaders.EVENT_ID, String.class);
            long at = clock.millis() + guard.openFor().toMillis();
            message.setHeader(HubHeaders.OUTCOME, "retry");
            message.setHeader(HubHeaders.ARTEMIS_SCHEDULED_DELIVERY, at);
            ordering.retryAt(destination, eventId, at);
            LOG.info("event {} to {}: circuit open, delivery waits {}", eventId, destination, guard.openFor());
        }
    }

    /** The destination's rate limit: waits here, before signing, so that the signature's timestamp is fresh. */
    public void throttle(Exchange exchange) {
        DestinationGuards.Guard guard = guards.get(exchange.getIn().getHeader(HubHeaders.DESTINATION, String.class));
        if (guard.rate() != null) {
            guard.rate().acquirePermission();
        }
    }

    /** Standard Webhooks headers for the payload: {@code webhook-id} is the canonical id on every attempt. */
    public void sign(Exchange exchange) {
        Destinations.Destination destination = destination(exchange);
        String eventId = exchange.getIn().getHeader(HubHeaders.EVENT_ID, String.class);
        long timestamp = clock.instant().getEpochSecond();
        exchange.setProperty(SIGNATURE_HEADERS, Map.of(
                "webhook-id", eventId,
                "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", StandardWebhooksScheme.sign(destination.signingKey(), eventId, timestamp,
                        exchange.getProperty(PAYLOAD, byte[].class))));
    }

    /**
     * POSTs the signed payload, within the destination's cap on deliveries in flight, and tells its circuit breaker
     * how it went: 408, 429, 5xx, a timeout or no connection count as failures.
     */
    @SuppressWarnings("unchecked")
    public void send(Exchange exchange) throws InterruptedException {
        Destinations.Destination destination = destination(exchange);
        DestinationGuards.Guard guard = guards.get(destination.name());
        int status = 0;
        String error = null;
        Duration retryAfter = null;
        long tookMs;
        if (guard.concurrency() != null) {
            guard.concurrency().acquirePermission();
        }
        long sentAt = System.nanoTime();
        try {
            DestinationClient.Answer answer = http.post(destinations.url(destination), exchange.getProperty(SIGNATURE_HEADERS, Map.class),
                    exchange.getProperty(PAYLOAD, byte[].class), destination.settings().timeout());
            status = answer.status();
            retryAfter = RetryPolicy.parseRetryAfter(answer.retryAfter(), clock.instant());
        } catch (DestinationClient.TimedOut e) {
            error = "timed out after " + destination.settings().timeout();
        } catch (IOException e) {
            error = "connection failed: " + e.getClass().getSimpleName();
        } catch (RuntimeException e) {
            guard.breaker().releasePermission();
            throw e;
        } finally {
            tookMs = (System.nanoTime() - sentAt) / 1_000_000;
            if (guard.concurrency() != null) {
                guard.concurrency().onComplete();
            }
        }
        Sent sent = new Sent(status, error, retryAfter, tookMs);
        if (RetryPolicy.retryable(status)) {
            guard.breaker().onError(tookMs, TimeUnit.MILLISECONDS, new IOException(sent.describe()));
        } else {
            guard.breaker().onSuccess(tookMs, TimeUnit.MILLISECONDS);
        }
        exchange.setProperty(SENT, sent);
    }

    /**
     * Decides and records the outcome: 2xx is {@code delivered}; a retryable failure with attempts left is
     * {@code retry} after the backoff (or the destination's Retry-After); anything else is {@code dead}, with the
     * reason and the payload sealed (dead letters may wait on the broker for days). Every attempt is in the audit
     * trail and the metrics.
     */
    public void record(Exchange exchange) {
        Message message = exchange.getIn();
        Destinations.Destination destination = destination(exchange);
        String eventId = message.getHeader(HubHeaders.EVENT_ID, String.class);
        Sent sent = exchange.getProperty(SENT, Sent.class);
        int attempt = message.getHeader(HubHeaders.ATTEMPT, 1, Integer.class);
        long started = exchange.getProperty(STARTED, clock.millis(), Long.class);
        int status = sent.status();

        message.setHeader(HubHeaders.ATTEMPT, attempt);
        message.setHeader(HubHeaders.FIRST_ATTEMPT_AT, message.getHeader(HubHeaders.FIRST_ATTEMPT_AT, started, Long.class));
        message.setHeader(HubHeaders.LAST_ATTEMPT_AT, started);
        message.setHeader(HubHeaders.LAST_STATUS, status);
        if (sent.error() != null) {
            message.setHeader(HubHeaders.LAST_ERROR, sent.error());
        } else {
            message.removeHeader(HubHeaders.LAST_ERROR);
        }

        int maxAttempts = destination.settings().retry().attempts();
        if (status >= 200 && status < 300) {
            message.setHeader(HubHeaders.OUTCOME, "delivered");
            LogFields.log(eventId, message.getHeader(HubHeaders.SOURCE), message.getHeader(HubHeaders.TYPE), destination.name(), attempt,
                    "delivered", () -> LOG.info("event {} to {}: delivered (attempt {}, status {}, {} ms)", eventId, destination.name(),
                            attempt, status, sent.tookMs()));
            ordering.done(destination.name(), eventId);
            audit(eventId, destination.name(), attempt, sent, "delivered", null);
            metrics.delivery(destination.name(), "delivered", status, message.getHeader(HubHeaders.RECEIVED_AT, 0L, Long.class));
        } else if (RetryPolicy.retryable(status) && attempt < maxAttempts) {
            Duration delay = RetryPolicy.delayAfter(attempt, destination.settings().retry(), sent.retryAfter());
            message.setHeader(HubHeaders.OUTCOME, "retry");
            message.setHeader(HubHeaders.ATTEMPT, attempt + 1);
            long at = clock.millis() + delay.toMillis();
            message.setHeader(HubHeaders.ARTEMIS_SCHEDULED_DELIVERY, at);
            ordering.retryAt(destination.name(), eventId, at);
            LogFields.log(eventId, message.getHeader(HubHeaders.SOURCE), message.getHeader(HubHeaders.TYPE), destination.name(), attempt,
                    "retried", () -> LOG.warn("event {} to {}: attempt {} failed ({}), retry in {}", eventId, destination.name(), attempt,
                            sent.describe(), delay));
            audit(eventId, destination.name(), attempt, sent, "retry", sent.describe() + ", next attempt in " + delay);
            metrics.delivery(destination.name(), "retried", status, 0);
        } else {
            String reason = RetryPolicy.retryable(status)
                    ? "gave up after " + attempt + " attempts; last: " + sent.describe()
                    : "rejected by destination: " + sent.describe();
            message.setHeader(HubHeaders.OUTCOME, "dead");
            message.setHeader(HubHeaders.DEAD_REASON, reason);
            message.setBody(cipher.sealToText(message.getBody(String.class)));
            message.setHeader(HubHeaders.SEALED, true);
            LogFields.log(eventId, message.getHeader(HubHeaders.SOURCE), message.getHeader(HubHeaders.TYPE), destination.name(), attempt,
                    "dead_lettered", () -> LOG.warn("event {} to {}: dead-lettered ({})", eventId, destination.name(), reason));
            ordering.done(destination.name(), eventId);
            audit(eventId, destination.name(), attempt, sent, "dead", reason);
            metrics.delivery(destination.name(), "dead_lettered", status, 0);
        }
    }

    private Destinations.Destination destination(Exchange exchange) {
        return destinations.get(exchange.getIn().getHeader(HubHeaders.DESTINATION, String.class));
    }

    /**
     * A message the broker delivers again (its transaction rolled back with another message of its batch, or the hub
     * crashed before the commit) whose event already reached this destination since the message was sent: the POST
     * was made and recorded, only the broker's acknowledgement was lost. Messages sent later (an ops redelivery, a
     * retry) carry their own, later send time, so they are never taken for one of these.
     */
    private boolean alreadyDelivered(Message message, String destination, String eventId) {
        if (!message.getHeader("JMSRedelivered", false, Boolean.class)) {
            return false;
        }
        Long sentAt = message.getHeader("JMSTimestamp", Long.class);
        if (sentAt == null || sentAt <= 0) {
            return false;
        }
        try {
            return audit.deliveredSince(eventId, destination, sentAt);
        } catch (RuntimeException e) {
            // the check is a courtesy to the destination: when it cannot be made, deliver again (at least once)
            LOG.warn("event {} to {}: could not check for an earlier delivery ({})", eventId, destination, e.getClass().getSimpleName());
            return false;
        }
    }

    /** The delivery already happened: an audit failure must not make it happen again, so it is only logged. */
    private void audit(String eventId, String destination, int attempt, Sent sent, String outcome, String detail) {
        try {
            audit.attempt(eventId, destination, attempt, sent.status(), sent.tookMs(), outcome, detail);
        } catch (RuntimeException e) {
            LOG.warn("event {} to {}: audit step not recorded ({})", eventId, destination, e.getClass().getSimpleName());
        }
    }
}
