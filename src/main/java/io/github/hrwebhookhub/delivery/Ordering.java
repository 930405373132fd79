package io.github.hrwebhookhub.delivery;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import io.github.hrwebhookhub.HubHeaders;
import io.github.hrwebhookhub.config.HubProperties;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Per-key ordering for destinations with an {@code ordering-key} (e.g. the employee id): events with the same key
 * are delivered in the order received, one at a time, while other keys go ahead in parallel.
 *
 * <p>The router registers each such event in the database; a delivery goes ahead only when its event is the earliest
 * one still waiting for its key, else it is parked on the broker until the earlier one's next attempt. So a
 * compensation.changed never overtakes the employee.created it follows, even while that one is being retried, and
 * the order survives restarts. A dead-lettered event stops holding its key (ops replay it by hand).
 */
@Component("ordering")
public class Ordering {

    private static final Logger LOG = LoggerFactory.getLogger(Ordering.class);
    private static final long RECHECK_MILLIS = 250;
    private static final Configuration JSON = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(new ObjectMapper()))
            .options(Option.SUPPRESS_EXCEPTIONS).build();

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ObjectMapper json;
    private final Map<String, JsonPath> keys = new ConcurrentHashMap<>();

    public Ordering(JdbcTemplate jdbc, Clock clock, ObjectMapper json, HubProperties hub) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.json = json;
        hub.destinations().forEach((name, settings) -> {
            String key = settings.orderingKey();
            if (key != null && !key.isBlank()) {
                if (!key.startsWith("jsonpath:")) {
                    throw new IllegalStateException("hub.destinations." + name + ".ordering-key must be jsonpath:EXPR");
                }
                keys.put(name, JsonPath.compile(key.substring("jsonpath:".length())));
            }
        });
    }

    public boolean ordered(String destination) {
        return keys.containsKey(destination);
    }

    /** Router step: registers the event for each of its ordered destinations, under the event's key there. */
    public void register(Exchange exchange) throws IOException {
        String destinations = exchange.getMessage().getHeader(HubHeaders.DESTINATIONS, "", String.class);
        if (keys.isEmpty() || destinations.isBlank()) {
            return;
        }
        JsonNode event = null;
        String eventId = exchange.getMessage().getHeader(HubHeaders.EVENT_ID, String.class);
        long receivedAt = exchange.getMessage().getHeader(HubHeaders.RECEIVED_AT, clock.millis(), Long.class);
        for (String destination : destinations.split(",")) {
            JsonPath path = keys.get(destination.trim());
            if (path == null) {
                continue;
            }
            if (event == null) {
                event = json.readTree(exchange.getMessage().getBody(String.class));
            }
            Object value = JsonPath.using(JSON).parse(event).read(path);
            if (!(value instanceof JsonNode node) || !node.isValueNode() || node.isNull()) {
                LOG.warn("event {}: no ordering key for {}, delivered without ordering", eventId, destination);
                continue;
            }
            try {
                jdbc.update("INSERT INTO hub_ordering (destination, event_id, ordering_key, received_at) VALUES (?, ?, ?, ?)",
                        destination.trim(), eventId, truncate(node.asText()), receivedAt);
            } catch (DuplicateKeyException routedBefore) {
                // the router's transaction was rolled back and the event is being routed again
            }
        }
    }

    private static String truncate(String key) {
        return key.length() <= 200 ? key : key.substring(0, 200);
    }

    /**
     * 0 when the event may be delivered now; otherwise the epoch millis until which it should wait, because an
     * earlier event with the same key is still waiting.
     */
    public long waitUntil(String destination, String eventId) {
        if (!ordered(destination)) {
            return 0;
        }
        List<Object[]> head = jdbc.query("SELECT o.event_id, o.next_attempt_at FROM hub_ordering o"
                        + " JOIN hub_ordering mine ON mine.destination = o.destination AND mine.ordering_key = o.ordering_key"
                        + " WHERE mine.destination = ? AND mine.event_id = ?"
                        + " ORDER BY o.received_at, o.event_id LIMIT 1",
                (rs, i) -> new Object[] {rs.getString(1), rs.getObject(2)}, destination, eventId);
        if (head.isEmpty() || eventId.equals(head.get(0)[0])) {
            return 0;
        }
        long now = clock.millis();
        Object headNext = head.get(0)[1];
        long next = headNext == null ? 0 : ((Number) headNext).longValue() + 100;
        return Math.max(now + RECHECK_MILLIS, next);
    }

    /** The event's delivery to this destination is finished (delivered or dead-lettered): the next one may go. */
    public void done(String destination, String eventId) {
        if (ordered(destination)) {
            jdbc.update("DELETE FROM hub_ordering WHERE destination = ? AND event_id = ?", destination, eventId);
        }
    }

    /** The event will be tried again at this time; later events with its key wait until then. */
    public void retryAt(String destination, String eventId, long at) {
        if (ordered(destination)) {
            jdbc.update("UPDATE hub_ordering SET next_attempt_at = ? WHERE destination = ? AND event_id = ?", at, destination, eventId);
        }
    }
}
