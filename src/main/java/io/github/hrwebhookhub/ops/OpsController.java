package io.github.hrwebhookhub.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.hrwebhookhub.config.Queues;
import io.github.hrwebhookhub.intake.WebhookReceiver;

import io.github.hrwebhookhub.audit.AuditTrail;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.security.Principal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.hrwebhookhub.delivery.Destinations;
import io.github.hrwebhookhub.delivery.Holds;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The ops API (docs/operations.md): event timelines and search, dead letters, replay, discard and redelivery. */
@RestController
@RequestMapping("/ops")
public class OpsController {

    private static final int MAX_PAGE_SIZE = 500;

    private final AuditTrail audit;
    private final DeadLetters deadLetters;
    private final Destinations destinations;
    private final Redactor redactor;
    private final DryRun dryRun;
    private final Quarantine quarantine;
    private final ObjectMapper json;
    private final Holds holds;

    private static boolean showPii(Authentication user) {
        return user != null && user.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_" + Redactor.PII_ROLE));
    }

    public OpsController(AuditTrail audit, DeadLetters deadLetters, Destinations destinations, Redactor redactor, DryRun dryRun,
                         Quarantine quarantine, ObjectMapper json, Holds holds) {
        this.json = json;
        this.holds = holds;
        this.redactor = redactor;
        this.quarantine = quarantine;
        this.dryRun = dryRun;
        this.audit = audit;
        this.deadLetters = deadLetters;
        this.destinations = destinations;
    }

    /**
     * What the hub would make of a sample payload from this source and where it would send it, with each
     * destination's mapped payload; nothing is verified, stored, enqueued or delivered. Headers the source reads
     * (event id or type headers) are taken from the request. A sample the intake would turn away is answered with the
     * intake's status and error code.
     */
    @PostMapping("/dry-run/{source}")
    public OpsResponses.DryRunAnswer dryRun(@PathVariable String source, @RequestBody(required = false) byte[] body,
                                            HttpServletRequest request, Authentication user) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, Collections.list(request.getHeaders(name)));
        }
        DryRun.Result result = dryRun.run(source, headers, body == null ? new byte[0] : body);
        boolean pii = showPii(user);
        OpsResponses.DryRunQuarantine quarantined = null;
        String unrouted = null;
        if (!result.violations().isEmpty()) {
            // what the router would do: park it, whatever the routing table says
            quarantined = new OpsResponses.DryRunQuarantine(Queues.QUARANTINE, result.violations(), result.routingTable());
        } else if (result.destinations().isEmpty()) {
            unrouted = Queues.UNROUTED;
        }
        Map<String, OpsResponses.DryRunDelivery> deliveries = new LinkedHashMap<>();
        result.deliveries().forEach((destination, delivery) -> deliveries.put(destination,
                new OpsResponses.DryRunDelivery(delivery.mapping(), pii ? delivery.payload() : redactor.redact(delivery.payload()))));
        WebhookReceiver.Canonical canonical = result.canonical();
        return new OpsResponses.DryRunAnswer(true, source, canonical.eventId(), canonical.sourceEventId(), canonical.vendorType(),
                canonical.canonicalType(), pii ? canonical.envelope() : redactor.redact(canonical.envelope()), result.destinations(),
                quarantined, unrouted, deliveries);
    }

    @GetMapping("/events/{id}")
    public OpsResponses.EventTimeline event(@PathVariable String id, Authentication user) {
        Optional<AuditTrail.Event> event = audit.event(id);
        List<AuditTrail.Step> timeline = audit.timeline(id);
        if (event.isEmpty() && timeline.isEmpty()) {
            throw OpsProblem.notFound("unknown_event", "no event " + id + " is recorded");
        }
        JsonNode payload = null;
        Optional<byte[]> envelope = event.isPresent() ? audit.envelope(id) : Optional.empty();
        if (envelope.isPresent()) {
            try {
                JsonNode parsed = json.readTree(envelope.get());
                payload = showPii(user) ? parsed : redactor.redact(parsed);
            } catch (IOException e) {
                payload = DeadLetters.UNREADABLE;
            }
        }
        return new OpsResponses.EventTimeline(event.map(OpsResponses.EventSummary::of).orElse(OpsResponses.EventSummary.idOnly(id)),
                payload, timeline.stream().map(OpsResponses.TimelineStep::of).toList());
    }

    @GetMapping("/events")
    public OpsResponses.EventSearch search(@RequestParam(required = false) String source, @RequestParam(required = false) String type,
                                           @RequestParam(required = false) String status, @RequestParam(required = false) String from,
                                           @RequestParam(required = false) String to, @RequestParam(defaultValue = "0") int page,
                                           @RequestParam(defaultValue = "50") int size) {
        AuditTrail.SearchPage found = audit.search(source, type, status, instant("from", from), instant("to", to), page(page), size(size));
        return new OpsResponses.EventSearch(found.page(), found.size(), found.total(),
                found.events() == null ? null : found.events().stream().map(OpsResponses.EventSummary::of).toList(),
                found.rejections() == null ? null : found.rejections().stream().map(OpsResponses.TimelineStep::of).toList());
    }

    @PostMapping("/events/{id}/redeliver")
    public ResponseEntity<OpsResponses.Redelivery> redeliver(@PathVariable String id, @RequestParam String destination, Principal user) {
        knownDestination(destination);
        Optional<AuditTrail.Event> event = audit.event(id);
        Optional<byte[]> envelope = audit.envelope(id);
        if (event.isEmpty() || envelope.isEmpty()) {
            throw OpsProblem.notFound("unknown_event", "no event " + id + " is kept to be sent again");
        }
        deadLetters.redeliver(destination, event.get(), envelope.get(), user.getName());
        return ResponseEntity.accepted().body(new OpsResponses.Redelivery(id, destination, "redelivering"));
    }

    /** Events held for their effective date (hub.destinations.<name>.hold-until), soonest first. */
    @GetMapping("/holds")
    public OpsResponses.HeldEvents holds(@RequestParam(required = false) String destination) {
        if (destination != null) {
            knownDestination(destination);
        }
        return new OpsResponses.HeldEvents(destination, holds.held(destination).stream()
                .map(h -> new OpsResponses.HeldEvent(h.destination(), h.eventId(), h.type(), h.heldAt(), h.until())).toList());
    }

    /** Delivers a held event now instead of at its date. */
    @PostMapping("/holds/{destination}/{id}/release")
    public ResponseEntity<OpsResponses.HoldChange> releaseHold(@PathVariable String destination, @PathVariable String id, Principal user) {
        knownDestination(destination);
        Optional<AuditTrail.Event> event = audit.event(id);
        Optional<byte[]> envelope = audit.envelope(id);
        heldOrThrow(destination, id);
        if (event.isEmpty() || envelope.isEmpty()) {
            throw OpsProblem.notFound("unknown_event", "no event " + id + " is kept to be sent");
        }
        int generation = holds.release(destination, id, user.getName())
                .orElseThrow(() -> new OpsProblem(409, "not_held", "event " + id + " is no longer held for " + destination));
        deadLetters.sendReleased(destination, event.get(), envelope.get(), generation);
        return ResponseEntity.accepted().body(new OpsResponses.HoldChange(id, destination, "released", null));
    }

    /** Cancels a held event: it is never delivered to this destination. The reason goes into the audit trail. */
    @PostMapping("/holds/{destination}/{id}/cancel")
    public OpsResponses.HoldChange cancelHold(@PathVariable String destination, @PathVariable String id, @RequestParam String reason,
                                              Principal user) {
        knownDestination(destination);
        if (reason.isBlank()) {
            throw new OpsProblem(400, "bad_request", "a reason is required to cancel a held event");
        }
        heldOrThrow(destination, id);
        if (!holds.cancel(destination, id, reason.trim(), user.getName())) {
            throw new OpsProblem(409, "not_held", "event " + id + " is no longer held for " + destination);
        }
        return new OpsResponses.HoldChange(id, destination, "cancelled", reason.trim());
    }

    private void heldOrThrow(String destination, String id) {
        Holds.Held held = holds.find(destination, id).orElseThrow(() ->
                OpsProblem.notFound("not_held", "event " + id + " is not held for " + destination));
        if (!held.status().equals("held")) {
            throw new OpsProblem(409, "not_held", "event " + id + " is no longer held for " + destination + " (" + held.status() + ")");
        }
    }

    @GetMapping("/dlq/{destination}")
    public OpsResponses.DeadLetterPage deadLetters(@PathVariable String destination, @RequestParam(defaultValue = "0") int page,
                                                   @RequestParam(defaultValue = "50") int size, Authentication user) {
        knownDestination(destination);
        return deadLetters.list(destination, page(page), size(size), showPii(user));
    }

    /** Accepted events held back by the schema guard, with their violations. */
    @GetMapping("/quarantine")
    public OpsResponses.QuarantinePage quarantined(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size,
                                                   Authentication user) {
        return quarantine.list(page(page), size(size), showPii(user));
    }

    /** Sends all (or one, {@code ?id=}, or one type) parked events back to be checked and routed again. */
    @PostMapping("/quarantine/replay")
    public OpsResponses.QuarantineReplay replayQuarantined(@RequestParam(required = false) String id,
                                                           @RequestParam(required = false) String type, Principal user) {
        int replayed = quarantine.replay(new DeadLetters.Filter(id, type, null), user.getName());
        return new OpsResponses.QuarantineReplay(Queues.QUARANTINE, replayed);
    }

    @PostMapping("/dlq/{destination}/replay")
    public OpsResponses.DeadLetterReplay replay(@PathVariable String destination, @RequestParam(required = false) String id,
                                                @RequestParam(required = false) String type,
                                                @RequestParam(required = false) String since, Principal user) {
        knownDestination(destination);
        int replayed = deadLetters.replay(destination, new DeadLetters.Filter(id, type, instant("since", since)), user.getName());
        return new OpsResponses.DeadLetterReplay(destination, replayed);
    }

    @DeleteMapping("/dlq/{destination}")
    public OpsResponses.Discarded discard(@PathVariable String destination, @RequestParam String id, @RequestParam String reason,
                                          Principal user) {
        knownDestination(destination);
        if (reason.isBlank()) {
            throw OpsProblem.badRequest("reason must say why the delivery is discarded");
        }
        int discarded = deadLetters.discard(destination, new DeadLetters.Filter(id, null, null), reason, user.getName());
        if (discarded == 0) {
            throw OpsProblem.notFound("not_in_dead_letter_queue", "no dead letter of event " + id + " on " + Queues.deadLetter(destination));
        }
        return new OpsResponses.Discarded(destination, discarded);
    }

    private void knownDestination(String destination) {
        if (destinations.find(destination).isEmpty()) {
            throw OpsProblem.notFound("unknown_destination", "no destination named " + destination);
        }
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw OpsProblem.badRequest(name + " must be an ISO-8601 instant such as 2026-11-27T09:00:00Z");
        }
    }

    private static int page(int page) {
        if (page < 0) {
            throw OpsProblem.badRequest("page must be 0 or more");
        }
        return page;
    }

    private static int size(int size) {
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw OpsProblem.badRequest("size must be between 1 and " + MAX_PAGE_SIZE);
        }
        return size;
    }
}
