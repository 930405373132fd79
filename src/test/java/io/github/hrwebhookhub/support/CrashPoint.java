package io.github.hrwebhookhub.support;

import java.sql.Connection;

import org.apache.camel.Exchange;
import org.h2.api.Trigger;

/**
 * Kills the hub process on the spot (no shutdown hooks, like SIGKILL) when it handles an event whose source event id
 * starts with {@code crash-}: as a route step a test inserts into a copy of routes/, or as an H2 trigger inside the
 * ledger's claim transaction. Test code only: it reaches the hub through its test classpath.
 */
public class CrashPoint implements Trigger {

    public static final String PREFIX = "crash-";

    /** As a route step. */
    public void halt(Exchange exchange) {
        String sourceEventId = exchange.getIn().getHeader("hubSourceEventId", String.class);
        if (sourceEventId != null && sourceEventId.startsWith(PREFIX)) {
            Runtime.getRuntime().halt(137);
        }
    }

    /** As a BEFORE INSERT trigger on hub_event_ledger: the row's third column is the source event id. */
    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) {
        if (newRow != null && newRow[2] instanceof String sourceEventId && sourceEventId.startsWith(PREFIX)) {
            Runtime.getRuntime().halt(137);
        }
    }
}
