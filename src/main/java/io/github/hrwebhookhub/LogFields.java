package io.github.hrwebhookhub;

import org.slf4j.MDC;

/**
 * Puts an event's identifying fields (never its content) into the logging context while one line is logged, so that
 * structured (JSON) logs carry them as fields and one event can be followed across intake, routing and delivery.
 */
public final class LogFields {

    private LogFields() {
    }

    public static void log(String eventId, Object source, Object type, String destination, Integer attempt, String outcome,
                           Runnable line) {
        put("event.id", eventId);
        put("hub.source", source);
        put("hub.type", type);
        put("hub.destination", destination);
        put("hub.attempt", attempt);
        put("hub.outcome", outcome);
        try {
            line.run();
        } finally {
            MDC.remove("event.id");
            MDC.remove("hub.source");
            MDC.remove("hub.type");
            MDC.remove("hub.destination");
            MDC.remove("hub.attempt");
            MDC.remove("hub.outcome");
        }
    }

    private static void put(String key, Object value) {
        if (value != null) {
            MDC.put(key, value.toString());
        }
    }
}
