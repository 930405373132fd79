package io.github.hrwebhookhub.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.hrwebhookhub.config.Queues;
import io.github.hrwebhookhub.intake.WebhookRejection;

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
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

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

    private static boolean showPii(Authentication user) {
        return user != null && user.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_" + Redactor.PII_ROLE));
    }

    public OpsController(AuditTrail audit, DeadLetters deadLetters, Destinations destinations, Redactor redactor, DryRun dryRun,
                         Quarantine quarantine, ObjectMapper json) {
        this.json = json;
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
     * (event id or type headers) are taken from the request.
     */
    @PostMapping("/dry-run/{source}")
    public ResponseEntity<Map<String, Object>> dryRun(@PathVariable String source, @RequestBody(required = false) byte[] body,
                                                      HttpServletRequest request, Authentication user) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, Collections.list(request.getHeaders(name)));
        }
        DryRun.Result result;
        try {
            result = dryRun.run(source, headers, body == null ? new byte[0] : body);
        } catch (WebhookRejection rejected) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("error", rejected.error());
            if (rejected.detail() != null) {
                error.put("detail", rejected.detail());
            }
            return ResponseEntity.status(rejected.status()).body(error);
        }
        boolean pii = showPii(user);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("dryRun", true);
        answer.put("source", source);
        answer.put("id", result.canonical().eventId());
        answer.put("sourceEventId", result.canonical().sourceEventId());
        answer.put("vendorType", result.canonical().vendorType());
        answer.put("type", result.canonical().canonicalType());
        answer.put("envelope", pii ? result.canonical().envelope() : redactor.redact(result.canonical().envelope()));
        answer.put("destinations", result.destinations());
        if (!result.violations().isEmpty()) {
            // what the router would do: park it, whatever the routing table says
            answer.put("quarantine", Map.of("queue", Queues.QUARANTINE,
                    "violations", result.violations(), "routingTable", result.routingTable()));
        } else if (result.destinations().isEmpty()) {
            answer.put("unrouted", Queues.UNROUTED);
        }
        Map<String, Object> deliveries = new LinkedHashMap<>();
        result.deliveries().forEach((destination, delivery) -> deliveries.put(destination, Map.of("mapping", delivery.mapping(),
                "payload", pii ? delivery.payload() : redactor.redact(delivery.payload()))));
        answer.put("deliveries", deliveries);
        return ResponseEntity.ok(answer);
    }

    @GetMapping("/events/{id}")
    public ResponseEntity<Map<String, Object>> event(@PathVariable String id, Authentication user) {
        Optional<Map<String, Object>> event = audit.event(id);
        List<AuditTrail.Step> timeline = audit.timeline(id);
        if (event.isEmpty() && timeline.isEmpty()) {
            return ResponseEntity.status(404).body(Map.of("error", "unknown_event"));
        }
        Map<String, Object> answer = new LinkedHashMap<>(event.orElse(Map.of("id", id)));
        Optional<byte[]> envelope = event.isPresent() ? audit.envelope(id) : Optional.empty();
        if (envelope.isPresent()) {
            try {
                JsonNode payload = json.readTree(envelope.get());
                answer.put("payload", showPii(user) ? payload : redactor.redact(payload));
            } catch (IOException e) {
                answer.put("payload", "(unreadable)");
            }
        }
        answer.put("timeline", timeline.stream().map(AuditTrail.Step::toJson).toList());
        return ResponseEntity.ok(answer);
    }

    @GetMapping("/events")
    public Map<String, Object> search(@RequestParam(required = false) String source, @RequestParam(required = false) String type,
                                      @RequestParam(required = false) String status, @RequestParam(required = false) String from,
                                      @RequestParam(required = false) String to, @RequestParam(defaultValue = "0") int page,
                                      @RequestParam(defaultValue = "50") int size) {
        return audit.search(source, type, status, instant("from", from), instant("to", to), page(page), size(size));
    }

    @PostMapping("/events/{id}/redeliver")
    public ResponseEntity<Map<String, Object>> redeliver(@PathVariable String id, @RequestParam String destination, Principal user) {
        if (destinations.find(destination).isEmpty()) {
            return ResponseEntity.status(404).body(Map.of("error", "unknown_destination"));
        }
        Optional<Map<String, Object>> event = audit.event(id);
        Optional<byte[]> envelope = audit.envelope(id);
        if (event.isEmpty() || envelope.isEmpty() || envelope.get() == null) {
            return ResponseEntity.status(404).body(Map.of("error", "unknown_event"));
        }
        deadLetters.redeliver(destination, id, event.get(), envelope.get(), user.getName());
        return ResponseEntity.accepted().body(Map.of("id", id, "destination", destination, "status", "redelivering"));
    }

    @GetMapping("/dlq/{destination}")
    public ResponseEntity<Map<String, Object>> deadLetters(@PathVariable String destination, @RequestParam(defaultValue = "0") int page,
                                                           @RequestParam(defaultValue = "50") int size, Authentication user) {
        if (destinations.find(destination).isEmpty()) {
            return ResponseEntity.status(404).body(Map.of("error", "unknown_destination"));
        }
        return ResponseEntity.ok(deadLetters.list(destination, page(page), size(size), showPii(user)));
    }

    /** Accepted events held back by the schema guard, with their violations. */
    @GetMapping("/quarantine")
    public Map<String, Object> quarantined(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size,
                                           Authentication user) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page must be >= 0 and size between 1 and " + MAX_PAGE_SIZE);
        }
        return quarantine.list(page, size, showPii(user));
    }

    /** Sends all (or one, {@code ?id=}, or one type) parked events back to be checked and routed again. */
    @PostMapping("/quarantine/replay")
    public ResponseEntity<Map<String, Object>> replayQuarantined(@RequestParam(required = false) String id,
                                                                 @RequestParam(required = false) String type, Principal user) {
        int replayed = quarantine.replay(new DeadLetters.Filter(id, type, null), user.getName());
        return ResponseEntity.ok(Map.of("queue", Queues.QUARANTINE, "replayed", replayed));
    }

    @PostMapping("/dlq/{destination}/replay")
    public ResponseEntity<Map<String, Object>> replay(@PathVariable String destination, @RequestParam(required = false) String id,
                                                      @RequestParam(required = false) String type,
                                                      @RequestParam(required = false) String since, Principal user) {
        if (destinations.find(destination).isEmpty()) {
            return ResponseEntity.status(404).body(Map.of("error", "unknown_destination"));
        }
        int replayed = deadLetters.replay(destination, new DeadLetters.Filter(id, type, instant("since", since)), user.getName());
        return ResponseEntity.ok(Map.of("destination", destination, "replayed", replayed));
    }

    @DeleteMapping("/dlq/{destination}")
    public ResponseEntity<Map<String, Object>> discard(@PathVariable String destination, @RequestParam String id,
                                                       @RequestParam String reason, Principal user) {
        if (destinations.find(destination).isEmpty()) {
            return ResponseEntity.status(404).body(Map.of("error", "unknown_destination"));
        }
        if (reason.isBlank()) {
            throw new IllegalArgumentException("reason must say why the delivery is discarded");
        }
        int discarded = deadLetters.discard(destination, new DeadLetters.Filter(id, null, null), reason, user.getName());
        if (discarded == 0) {
            return ResponseEntity.status(404).body(Map.of("error", "not_in_dead_letter_queue"));
        }
        return ResponseEntity.ok(Map.of("destination", destination, "discarded", discarded));
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant such as 2026-11-27T09:00:00Z");
        }
    }

    private static int page(int page) {
        if (page < 0) {
            throw new IllegalArgumentException("page must be 0 or more");
        }
        return page;
    }

    private static int size(int size) {
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("size must be between 1 and " + MAX_PAGE_SIZE);
        }
        return size;
    }

    @ExceptionHandler({IllegalArgumentException.class, MissingServletRequestParameterException.class,
            MethodArgumentTypeMismatchException.class})
    public ResponseEntity<Map<String, Object>> badRequest(Exception e) {
        return ResponseEntity.badRequest().body(Map.of("error", "bad_request", "detail", e.getMessage()));
    }
}
