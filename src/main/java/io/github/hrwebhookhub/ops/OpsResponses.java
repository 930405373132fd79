package io.github.hrwebhookhub.ops;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.hrwebhookhub.audit.AuditTrail;

/**
 * What the ops API answers, one record per shape (docs/operations.md); /ops/openapi describes them from these. Times are
 * ISO-8601 instants; payloads are shown redacted unless the caller has the PII role, or as "(unreadable)".
 */
public final class OpsResponses {

    private OpsResponses() {
    }

    /** An accepted event's row; for an event that has none (only rejected or duplicate steps), just its id. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EventSummary(String id, String source, String sourceEventId, String type, String receivedAt, String status,
                               List<String> destinations, Integer pendingDeliveries) {

        static EventSummary of(AuditTrail.Event event) {
            return new EventSummary(event.id(), event.source(), event.sourceEventId(), event.type(), event.receivedAt().toString(),
                    event.status(), event.destinations(), event.pendingDeliveries());
        }

        static EventSummary idOnly(String id) {
            return new EventSummary(id, null, null, null, null, null, null, null);
        }
    }

    /** One step of an event's life; members without a value are left out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TimelineStep(String at, String stage, String eventId, String source, String destination, Integer attempt,
                               Integer httpStatus, Long latencyMs, String detail, String actor) {

        static TimelineStep of(AuditTrail.Step step) {
            return new TimelineStep(Instant.ofEpochMilli(step.at()).toString(), step.stage(), step.eventId(), step.source(),
                    step.destination(), step.attempt(), step.httpStatus(), step.latencyMs(), step.detail(), step.actor());
        }
    }

    /** {@code GET /ops/events/{id}}: the event's row, its payload (when its envelope is kept) and its timeline. */
    public record EventTimeline(@JsonUnwrapped EventSummary event, @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode payload,
                                List<TimelineStep> timeline) {
    }

    /** {@code GET /ops/events}: one page of events, or with {@code status=rejected} of rejected requests. */
    public record EventSearch(int page, int size, long total,
                              @JsonInclude(JsonInclude.Include.NON_NULL) List<EventSummary> events,
                              @JsonInclude(JsonInclude.Include.NON_NULL) List<TimelineStep> rejections) {
    }

    /** {@code GET /ops/dlq/{destination}}: one page of a destination's dead letters, oldest first. */
    public record DeadLetterPage(String destination, int page, int size, int total, List<DeadLetter> deadLetters) {
    }

    /** A parked delivery, with what its attempts left on it. */
    public record DeadLetter(String eventId, String type, String source, String reason, Integer attempts, Integer lastStatus,
                             String lastError, String firstAttemptAt, String lastAttemptAt, JsonNode payload) {
    }

    /** {@code GET /ops/quarantine}: one page of the events the schema guard parked, oldest first. */
    public record QuarantinePage(String queue, int page, int size, int total, List<QuarantinedEvent> events) {
    }

    /** An event the schema guard parked, with why. */
    public record QuarantinedEvent(String eventId, String type, String source, String violations, String quarantinedAt,
                                   JsonNode payload) {
    }

    /** {@code POST /ops/dlq/{destination}/replay}: how many dead letters went back onto the delivery queue. */
    public record DeadLetterReplay(String destination, int replayed) {
    }

    /** {@code POST /ops/quarantine/replay}: how many parked events went back to be checked and routed again. */
    public record QuarantineReplay(String queue, int replayed) {
    }

    /** {@code DELETE /ops/dlq/{destination}}: how many dead letters were dropped. */
    public record Discarded(String destination, int discarded) {
    }

    /** {@code POST /ops/events/{id}/redeliver}: the event is on its way to the destination again. */
    public record Redelivery(String id, String destination, String status) {
    }

    /**
     * {@code POST /ops/dry-run/{source}}: what the hub would make of a sample and where it would send it. Either
     * {@code quarantine} (the schema guard would park it) or {@code unrouted} (no routing row) is there, or neither.
     */
    public record DryRunAnswer(boolean dryRun, String source, String id, String sourceEventId, String vendorType, String type,
                               JsonNode envelope, List<String> destinations,
                               @JsonInclude(JsonInclude.Include.NON_NULL) DryRunQuarantine quarantine,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String unrouted,
                               Map<String, DryRunDelivery> deliveries) {
    }

    /** Where the router would park a sample that breaks its schema, why, and where the routing table would have sent it. */
    public record DryRunQuarantine(String queue, List<String> violations, List<String> routingTable) {
    }

    /** What a destination's mapping would POST. */
    public record DryRunDelivery(String mapping, JsonNode payload) {
    }

    /** Events held for their effective date. */
    public record HeldEvents(String destination, List<HeldEvent> held) {
    }

    public record HeldEvent(String destination, String eventId, String type, Instant heldAt, Instant until) {
    }

    /** What became of a held event that ops released or cancelled. */
    public record HoldChange(String eventId, String destination, String status, String reason) {
    }
}
