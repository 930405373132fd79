package io.github.hrwebhookhub.delivery;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.hrwebhookhub.HubHeaders;
import io.github.hrwebhookhub.LogFields;
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
 * One delivery attempt of one event to one destination: maps the canonical event to the destination's payload, signs
 * it with Standard Webhooks headers ({@code webhook-id} = canonical id on every attempt) and POSTs it. Sets
 * {@link HubHeaders#OUTCOME} for the delivery route: {@code delivered}, {@code retry} (with the broker's scheduled
 * delivery time, so the wait holds no thread and survives restarts) or {@code dead} (with the reason).
 */
@Component("deliveryAttempt")
public class DeliveryAttempt {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryAttempt.class);

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

    public void deliver(Exchange exchange) throws IOException, InterruptedException {
        Message message = exchange.getIn();
        Destinations.Destination destination = destinations.get(message.getHeader(HubHeaders.DESTINATION, String.class));
        String eventId = message.getHeader(HubHeaders.EVENT_ID, String.class);
        int attempt = message.getHeader(HubHeaders.ATTEMPT, 1, Integer.class);
        Instant started = clock.instant();
        long firstAttemptAt = message.getHeader(HubHeaders.FIRST_ATTEMPT_AT, started.toEpochMilli(), Long.class);

        if (alreadyDelivered(message, destination.name(), eventId)) {
            message.setHeader(HubHeaders.OUTCOME, "delivered");
            LOG.info("event {} to {}: delivered before this message's transaction was rolled back; not sent again", eventId,
                    destination.name());
            return;
        }
        // Only the hub's own headers go on: broker bookkeeping of the consumed message must not be re-sent.
        message.removeHeaders("JMS*");
        message.removeHeaders("_AMQ_*");
        if (message.getHeader(HubHeaders.SEALED, false, Boolean.class)) {
            // a dead letter moved back (by replay or from the console) is still sealed
            message.setBody(cipher.openText(message.getBody(String.class)));
            message.removeHeader(HubHeaders.SEALED);
        }

        long earlierEventPending = ordering.waitUntil(destination.name(), eventId);
        if (earlierEventPending > 0) {
            // An earlier event with the same ordering key is still to be delivered: wait for it, spending no attempt.
            message.setHeader(HubHeaders.OUTCOME, "retry");
            message.setHeader(HubHeaders.ARTEMIS_SCHEDULED_DELIVERY, earlierEventPending);
            LOG.debug("event {} to {}: waits for an earlier event with its ordering key", eventId, destination.name());
            return;
        }
        DestinationGuards.Guard guard = guards.get(destination.name());
        if (!guard.breaker().tryAcquirePermission()) {
            // Circuit open: no attempt is spent; the delivery waits on the broker until the destination is probed.
            long at = clock.millis() + guard.openFor().toMillis();
            message.setHeader(HubHeaders.OUTCOME, "retry");
            message.setHeader(HubHeaders.ARTEMIS_SCHEDULED_DELIVERY, at);
            ordering.retryAt(destination.name(), eventId, at);
            LOG.info("event {} to {}: circuit open, delivery waits {}", eventId, destination.name(), guard.openFor());
            return;
        }

        JsonNode event = json.readTree(message.getBody(String.class));
        byte[] payload = json.writeValueAsBytes(destination.mapping().map(event));
        int status = 0;
        String error = null;
        Duration retryAfter = null;
        long tookMs;
        // Throttling waits here, before signing, so that the signature's timestamp is fresh.
        if (guard.rate() != null) {
            guard.rate().acquirePermission();
        }
        if (guard.concurrency() != null) {
            guard.concurrency().acquirePermission();
        }
        long timestamp = clock.instant().getEpochSecond();
        Map<String, String> headers = Map.of(
                "webhook-id", eventId,
                "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", StandardWebhooksScheme.sign(destination.signingKey(), eventId, timestamp, payload));
        long sentAt = System.nanoTime();
        try {
            DestinationClient.Answer answer = http.post(destinations.url(destination), headers, payload, destination.settings().getTimeout());
            status = answer.status();
            retryAfter = RetryPolicy.parseRetryAfter(answer.retryAfter(), clock.instant());
        } catch (DestinationClient.TimedOut e) {
            error = "timed out after " + destination.settings().getTimeout();
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
        if (RetryPolicy.retryable(status)) {
            guard.breaker().onError(tookMs, TimeUnit.MILLISECONDS, new IOException(describe(status, error)));
        } else {
            guard.breaker().onSuccess(tookMs, TimeUnit.MILLISECONDS);
        }

        message.setHeader(HubHeaders.ATTEMPT, attempt);
        message.setHeader(HubHeaders.FIRST_ATTEMPT_AT, firstAttemptAt);
        message.setHeader(HubHeaders.LAST_ATTEMPT_AT, started.toEpochMilli());
        message.setHeader(HubHeaders.LAST_STATUS, status);
        if (error != null) {
            message.setHeader(HubHeaders.LAST_ERROR, error);
        } else {
            message.removeHeader(HubHeaders.LAST_ERROR);
        }

        int maxAttempts = destination.settings().getRetry().attempts();
        if (status >= 200 && status < 300) {
            message.setHeader(HubHeaders.OUTCOME, "delivered");
            int finalStatus = status;
            LogFields.log(eventId, message.getHeader(HubHeaders.SOURCE), message.getHeader(HubHeaders.TYPE), destination.name(), attempt,
                    "delivered", () -> LOG.info("event {} to {}: delivered (attempt {}, status {}, {} ms)", eventId, destination.name(),
                            attempt, finalStatus, tookMs));
            ordering.done(destination.name(), eventId);
            record(eventId, destination.name(), attempt, status, tookMs, "delivered", null);
            metrics.delivery(destination.name(), "delivered", status, message.getHeader(HubHeaders.RECEIVED_AT, 0L, Long.class));
        } else if (RetryPolicy.retryable(status) && attempt < maxAttempts) {
            Duration delay = RetryPolicy.delayAfter(attempt, destination.settings().getRetry(), retryAfter);
            message.setHeader(HubHeaders.OUTCOME, "retry");
            message.setHeader(HubHeaders.ATTEMPT, attempt + 1);
            long at = clock.millis() + delay.toMillis();
            message.setHeader(HubHeaders.ARTEMIS_SCHEDULED_DELIVERY, at);
            ordering.retryAt(destination.name(), eventId, at);
            String failure = describe(status, error);
            LogFields.log(eventId, message.getHeader(HubHeaders.SOURCE), message.getHeader(HubHeaders.TYPE), destination.name(), attempt,
                    "retried", () -> LOG.warn("event {} to {}: attempt {} failed ({}), retry in {}", eventId, destination.name(), attempt,
                            failure, delay));
            record(eventId, destination.name(), attempt, status, tookMs, "retry", describe(status, error) + ", next attempt in " + delay);
            metrics.delivery(destination.name(), "retried", status, 0);
        } else {
            String reason = RetryPolicy.retryable(status)
                    ? "gave up after " + attempt + " attempts; last: " + describe(status, error)
                    : "rejected by destination: " + describe(status, error);
            message.setHeader(HubHeaders.OUTCOME, "dead");
            message.setHeader(HubHeaders.DEAD_REASON, reason);
            // dead letters may wait on the broker for days: their payload is sealed at rest
            message.setBody(cipher.sealToText(message.getBody(String.class)));
            message.setHeader(HubHeaders.SEALED, true);
            LogFields.log(eventId, message.getHeader(HubHeaders.SOURCE), message.getHeader(HubHeaders.TYPE), destination.name(), attempt,
                    "dead_lettered", () -> LOG.warn("event {} to {}: dead-lettered ({})", eventId, destination.name(), reason));
            ordering.done(destination.name(), eventId);
            record(eventId, destination.name(), attempt, status, tookMs, "dead", reason);
            metrics.delivery(destination.name(), "dead_lettered", status, 0);
        }
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
    private void record(String eventId, String destination, int attempt, int status, long tookMs, String outcome, String detail) {
        try {
            audit.attempt(eventId, destination, attempt, status, tookMs, outcome, detail);
        } catch (RuntimeException e) {
            LOG.warn("event {} to {}: audit step not recorded ({})", eventId, destination, e.getClass().getSimpleName());
        }
    }

    private static String describe(int status, String error) {
        return error != null ? error : "HTTP " + status;
    }
}
