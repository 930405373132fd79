package io.github.hrwebhookhub.config;

import java.util.Collections;
import java.util.Map;
import java.util.Set;

import jakarta.jms.JMSException;
import jakarta.jms.Message;

/**
 * The broker's own headers of a message: the JMS headers and JMSX properties ({@code JMS*}) and Artemis' internal
 * properties ({@code _AMQ_*}, {@code __AMQ_*}, such as the duplicate-detection id). They are bookkeeping of one
 * delivered message and are never copied onto a message the hub sends on: the original's duplicate id, for one,
 * would make the broker drop the copy. Everything else on a message is the hub's own (see HubHeaders).
 */
public final class BrokerHeaders {

    private BrokerHeaders() {
    }

    /** Whether a header or property of that name belongs to the broker rather than the hub. */
    public static boolean isBrokerHeader(String name) {
        return name.startsWith("JMS") || name.startsWith("_AMQ") || name.startsWith("__AMQ");
    }

    /** Copies the Camel headers of a received message onto another's, leaving the broker's behind. */
    public static void copyHeaders(Map<String, Object> from, Map<String, Object> to) {
        for (Map.Entry<String, Object> header : from.entrySet()) {
            if (!isBrokerHeader(header.getKey())) {
                to.put(header.getKey(), header.getValue());
            }
        }
    }

    /** Removes the broker's headers from a Camel message's headers ({@code message.getHeaders()}). */
    public static void strip(Map<String, Object> headers) {
        headers.keySet().removeIf(BrokerHeaders::isBrokerHeader);
    }

    /** Copies the properties of a received JMS message onto a new one: neither the broker's nor those in {@code except}. */
    public static void copyProperties(Message from, Message to, Set<String> except) throws JMSException {
        for (Object name : Collections.list(from.getPropertyNames())) {
            String property = (String) name;
            if (!isBrokerHeader(property) && !except.contains(property)) {
                to.setObjectProperty(property, from.getObjectProperty(property));
            }
        }
    }
}
