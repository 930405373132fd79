package io.github.hrwebhookhub.delivery;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import io.github.hrwebhookhub.HubHeaders;
import io.github.hrwebhookhub.audit.AuditTrail;
import io.github.hrwebhookhub.config.HubProperties;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Effective-date holds ({@code hub.destinations.<name>.hold-until}): a change dated next month reaches payroll next
 * month, not today. The held event waits on the broker as a scheduled message (no thread; it survives restarts and
 * shows in the queue's scheduled count in Hawtio), and a row in {@code hub_hold} lets ops list, release or cancel
 * it. Each release or cancel starts a new generation of the hold: a copy of an older generation still scheduled on
 * the broker is void when it comes due, so an event released early is not delivered a second time at its date.
 *
 * <p>With an ordering key the held event keeps its place: later events for the same employee wait behind it.
 */
@Component("holds")
public class Holds {

    /** A held event as ops see it. */
    public record Held(String destination, String eventId, String type, Instant heldAt, Instant until, String status,
                       String changedBy, String reason) {
    }

    /** Outcomes of the hold step besides going on: {@code held} (sent back scheduled) and {@code void} (dropped). */
    public static final String HELD = "held";
    public static final String VOID = "void";

    private static final Logger LOG = LoggerFactory.getLogger(Holds.class);
    private static final Configuration JSON = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(new ObjectMapper()))
            .options(Option.SUPPRESS_EXCEPTIONS).build();

    private final Map<String, HubProperties.Destination> rules = new ConcurrentHashMap<>();
    private final Map<String, JsonPath> paths = new ConcurrentHashMap<>();
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ObjectMapper json;
    private final AuditTrail audit;
    private final Ordering ordering;

    public Holds(HubProperties hub, JdbcTemplate jdbc, Clock clock, ObjectMapper json, AuditTrail audit, Ordering ordering) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.json = json;
        this.audit = audit;
        this.ordering = ordering;
        hub.destinations().forEach((name, settings) -> {
            if (settings.holds()) {
                rules.put(name, settings);
                paths.put(name, JsonPath.compile(settings.holdUntil().substring("jsonpath:".length())));
            }
        });
    }

    public boolean holds(String destination) {
        return rules.containsKey(destination);
    }

    /**
     * Delivery step: an event dated later than now (less the destination's hold-lead) goes back on the broker
     * scheduled for then ({@code held}); a copy of a released or cancelled hold is dropped ({@code void}); anything
     * else goes on.
     */
    public void hold(Exchange exchange) throws IOException {
        Message message = exchange.getIn();
        String destination = message.getHeader(HubHeaders.DESTINATION, String.class);
        HubProperties.Destination rule = rules.get(destination);
        if (rule == null) {
            return;
        }
        String eventId = message.getHeader(HubHeaders.EVENT_ID, String.class);
        long now = clock.millis();
        Optional<Row> row = row(destination, eventId);
        if (row.isPresent()) {
            Row current = row.get();
            Integer generation = message.getHeader(HubHeaders.HOLD, Integer.class);
            if (generation == null) {
                if (current.status().equals("held") && exchange.getProperty(DeliveryAttempt.REDELIVERED, false, Boolean.class)) {
                    // held a moment ago, but that transaction rolled back before the scheduled copy was committed
                    scheduleBack(message, current.until(), current.generation());
                }
                // otherwise a copy sent on purpose (an ops redelivery or replay): it goes on
                return;
            }
            if (generation != current.generation()) {
                message.setHeader(HubHeaders.OUTCOME, VOID);
                LOG.info("event {} to {}: a copy of a hold that ops released or cancelled; dropped", eventId, destination);
                return;
            }
            if (current.status().equals("held") && now < current.until()) {
                // handed out early (a rolled-back transaction): back to its time
                scheduleBack(message, current.until(), generation);
                return;
            }
            if (current.status().equals("held")) {
                jdbc.update("UPDATE hub_hold SET status = 'due' WHERE destination = ? AND event_id = ? AND generation = ?",
                        destination, eventId, generation);
                audit.record(new AuditTrail.Step(eventId, now, "hold_ended", null, destination, null, null, null,
                        "its date came", null));
            }
            return;
        }
        Long dated = dateOf(destination, message.getBody(String.class));
        if (dated == null) {
            return;
        }
        long until = Math.min(dated - rule.holdLead().toMillis(), now + rule.maxHold().toMillis());
        if (until <= now) {
            return;
        }
        try {
            jdbc.update("INSERT INTO hub_hold (destination, event_id, event_type, held_at, hold_until, status, generation)"
                            + " VALUES (?, ?, ?, ?, ?, 'held', 1)",
                    destination, eventId, message.getHeader(HubHeaders.TYPE, String.class), now, until);
        } catch (DuplicateKeyException e) {
            Row current = row(destination, eventId).orElseThrow();
            scheduleBack(message, current.until(), current.generation());
            return;
        }
        ordering.retryAt(destination, eventId, until);
        audit.record(new AuditTrail.Step(eventId, now, "held", null, destination, null, null, null,
                "until " + Instant.ofEpochMilli(until) + (until < dated - rule.holdLead().toMillis() ? " (max-hold)" : ""), null));
        scheduleBack(message, until, 1);
        LOG.info("event {} to {}: held until {}", eventId, destination, Instant.ofEpochMilli(until));
    }

    private static void scheduleBack(Message message, long until, int generation) {
        message.setHeader(HubHeaders.OUTCOME, HELD);
        message.setHeader(HubHeaders.HOLD, generation);
        message.setHeader(HubHeaders.ARTEMIS_SCHEDULED_DELIVERY, until);
    }

    /** The date the rule names in the canonical event, as epoch millis; null when it names none that can be read. */
    Long dateOf(String destination, String event) throws IOException {
        JsonNode value = paths.get(destination).read(json.readTree(event), JSON);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            return null;
        }
        String text = value.asText().trim();
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            try {
                return OffsetDateTime.parse(text).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC).toEpochMilli();
            }
        } catch (DateTimeParseException e) {
            LOG.warn("destination {}: the hold-until field is not a date or date-time; delivered without a hold", destination);
            return null;
        }
    }

    // ---- ops

    /** Events held now, soonest first; one destination or all. */
    public List<Held> held(String destination) {
        String where = destination == null ? "" : " AND destination = ?";
        Object[] args = destination == null ? new Object[0] : new Object[] {destination};
        return jdbc.query("SELECT destination, event_id, event_type, held_at, hold_until, status, changed_by, reason FROM hub_hold"
                        + " WHERE status = 'held'" + where + " ORDER BY hold_until, event_id",
                (rs, i) -> new Held(rs.getString(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)),
                        Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6), rs.getString(7), rs.getString(8)), args);
    }

    public Optional<Held> find(String destination, String eventId) {
        return jdbc.query("SELECT destination, event_id, event_type, held_at, hold_until, status, changed_by, reason FROM hub_hold"
                        + " WHERE destination = ? AND event_id = ?",
                (rs, i) -> new Held(rs.getString(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)),
                        Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6), rs.getString(7), rs.getString(8)),
                destination, eventId).stream().findFirst();
    }

    /**
     * Ops release a held event now: its hold gets a new generation, which the caller stamps on the copy it sends
     * ({@link HubHeaders#HOLD}); the copy still scheduled for the date becomes void. Empty when the event is not held.
     */
    public Optional<Integer> release(String destination, String eventId, String actor) {
        long now = clock.millis();
        int changed = jdbc.update("UPDATE hub_hold SET status = 'released', generation = generation + 1, hold_until = ?,"
                + " changed_by = ? WHERE destination = ? AND event_id = ? AND status = 'held'", now, actor, destination, eventId);
        if (changed == 0) {
            return Optional.empty();
        }
        ordering.retryAt(destination, eventId, now);
        audit.opsAction(eventId, "hold_released", destination, "released before its date", actor);
        return Optional.of(row(destination, eventId).orElseThrow().generation());
    }

    /** Ops cancel a held event: it is never delivered there, and later events with its ordering key go ahead. */
    public boolean cancel(String destination, String eventId, String reason, String actor) {
        int changed = jdbc.update("UPDATE hub_hold SET status = 'cancelled', generation = generation + 1, changed_by = ?,"
                + " reason = ? WHERE destination = ? AND event_id = ? AND status = 'held'", actor, reason, destination, eventId);
        if (changed == 0) {
            return false;
        }
        ordering.done(destination, eventId);
        audit.opsAction(eventId, "hold_cancelled", destination, reason, actor);
        return true;
    }

    private record Row(String status, long until, int generation) {
    }

    private Optional<Row> row(String destination, String eventId) {
        return jdbc.query("SELECT status, hold_until, generation FROM hub_hold WHERE destination = ? AND event_id = ?",
                (rs, i) -> new Row(rs.getString(1), rs.getLong(2), rs.getInt(3)), destination, eventId).stream().findFirst();
    }
}
