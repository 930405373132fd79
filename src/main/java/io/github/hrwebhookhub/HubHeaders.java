package io.github.hrwebhookhub;

/**
 * Message headers the routes read and write; on the broker they travel as JMS properties. Never put payload content
 * or secrets in a header: headers are visible in Hawtio and logs.
 */
public final class HubHeaders {

    /** Canonical event id, deterministic from source + source event id; the outbound webhook-id. */
    public static final String EVENT_ID = "hubEventId";
    public static final String SOURCE = "hubSource";
    public static final String SOURCE_EVENT_ID = "hubSourceEventId";
    /** Canonical type after the source's type-map; what the router routes on. */
    public static final String TYPE = "hubType";
    public static final String RECEIVED_AT = "hubReceivedAt";
    /**
     * What the intake saw of the request, for the received and verified steps the router records: the client's
     * address, the signature scheme, when the signature was verified (epoch millis), the sender's own event time.
     */
    public static final String CLIENT_ADDRESS = "hubClientAddress";
    public static final String SCHEME = "hubScheme";
    public static final String VERIFIED_AT = "hubVerifiedAt";
    public static final String SOURCE_TIME = "hubSourceTime";
    /** Set by the ledger: true when the event was accepted before. */
    public static final String DUPLICATE = "hubDuplicate";
    /** Comma-separated destination names chosen by the router. */
    public static final String DESTINATIONS = "hubDestinations";
    public static final String DESTINATION = "hubDestination";
    /** Delivery attempt number of the message being delivered, starting at 1. */
    public static final String ATTEMPT = "hubAttempt";
    public static final String FIRST_ATTEMPT_AT = "hubFirstAttemptAt";
    public static final String LAST_ATTEMPT_AT = "hubLastAttemptAt";
    /** HTTP status of the last attempt, 0 when there was no answer. */
    public static final String LAST_STATUS = "hubLastStatus";
    public static final String LAST_ERROR = "hubLastError";
    /** delivered, retry or dead: what the delivery route does next. */
    public static final String OUTCOME = "hubOutcome";
    /** Which hold of the event a delivery message belongs to: a release or cancel by ops makes older copies void. */
    public static final String HOLD = "hubHold";
    /** True when the message body is sealed (AES-GCM, base64), as dead letters are at rest. */
    public static final String SEALED = "hubSealed";
    /** Why a delivery was dead-lettered. */
    public static final String DEAD_REASON = "hubDeadReason";

    /** Artemis duplicate detection id: a second send with the same id to the same address is dropped. */
    public static final String ARTEMIS_DUPLICATE_ID = "_AMQ_DUPL_ID";
    /** Artemis scheduled delivery time, epoch millis: how delivery retries wait without holding a thread. */
    public static final String ARTEMIS_SCHEDULED_DELIVERY = "_AMQ_SCHED_DELIVERY";

    private HubHeaders() {
    }
}
