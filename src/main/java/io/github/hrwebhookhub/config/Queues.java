package io.github.hrwebhookhub.config;

/** The hub's queue names, declared once. They are part of the interface: dashboards and ops use them. */
public final class Queues {

    /** Every accepted event, durably stored before the sender gets its 2xx; consumed by the router. */
    public static final String EVENTS = "hr.events";
    /** Events whose canonical type no routing row matches: kept, never dropped. */
    public static final String UNROUTED = "hr.unrouted";
    /** Events the router itself could not handle after the broker's redeliveries. */
    public static final String ROUTING_DLQ = "hr.dlq.routing";
    /** Accepted events whose canonical record breaks its JSON Schema: held back from every destination until replayed. */
    public static final String QUARANTINE = "hr.quarantine";

    private Queues() {
    }

    public static String deliver(String destination) {
        return "hr.deliver." + destination;
    }

    public static String deadLetter(String destination) {
        return "hr.dlq." + destination;
    }

    /** Whether a Camel endpoint URI is a queue on the hub's broker ({@code jms:} or the transacted {@code jms-tx:}). */
    public static boolean onBroker(String endpointUri) {
        return endpointUri.startsWith("jms:") || endpointUri.startsWith(BrokerConfiguration.TRANSACTED_JMS + ":");
    }
}
