package io.github.hrwebhookhub.intake;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.github.hrwebhookhub.HubHeaders;
import io.github.hrwebhookhub.config.HubProperties;
import io.github.hrwebhookhub.audit.AuditTrail;
import io.github.hrwebhookhub.store.GroupCommitWriter;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The idempotency repository: which (source, source event id) pairs the hub has accepted, in the database.
 *
 * <p>An event is first <em>claimed</em> (a row in state CLAIMED, inserted under the primary key, so of concurrent
 * requests exactly one wins), then enqueued, then <em>confirmed</em> (STORED). A duplicate is only reported for a
 * STORED row, so a crash between receipt and enqueue never marks an event as seen: its claim goes stale and the
 * sender's retry takes it over. A crash after the enqueue but before the confirm makes the retry enqueue again with
 * the same broker duplicate id, which the broker drops.
 */
@Component("eventLedger")
public class EventLedger {

    private static final Logger LOG = LoggerFactory.getLogger(EventLedger.class);
    private static final String CLAIMED = "CLAIMED";
    private static final String STORED = "STORED";
    private static final String CLAIM_PROPERTY = "hubLedgerClaim";

    /** The sender must retry later: another request holds this event's claim for longer than we wait. */
    public static class ClaimBusyException extends RuntimeException {
        ClaimBusyException() {
            super("event is being accepted by another request", null, false, false);
        }
    }

    private final JdbcTemplate jdbc;
    private final HubProperties.Dedup settings;
    private final Clock clock;
    private final GroupCommitWriter writer;
    private final AuditTrail audit;

    public EventLedger(JdbcTemplate jdbc, HubProperties hub, Clock clock, GroupCommitWriter writer, AuditTrail audit) {
        this.jdbc = jdbc;
        this.writer = writer;
        this.audit = audit;
        this.settings = hub.getDedup();
        this.clock = clock;
    }

    /** Claims the exchange's event; sets {@link HubHeaders#DUPLICATE} to true when it was accepted before. */
    public void claim(Exchange exchange) throws InterruptedException {
        String eventId = exchange.getIn().getHeader(HubHeaders.EVENT_ID, String.class);
        boolean isNew = claim(eventId, exchange.getIn().getHeader(HubHeaders.SOURCE, String.class),
                exchange.getIn().getHeader(HubHeaders.SOURCE_EVENT_ID, String.class));
        if (isNew) {
            exchange.setProperty(CLAIM_PROPERTY, eventId);
        }
        exchange.getIn().setHeader(HubHeaders.DUPLICATE, !isNew);
    }

    /** True when this call now holds the claim; false for an event already stored. */
    public boolean claim(String eventId, String source, String sourceEventId) throws InterruptedException {
        long deadline = clock.millis() + settings.getClaimWait().toMillis();
        while (true) {
            long now = clock.millis();
            try {
                jdbc.update("INSERT INTO hub_event_ledger (event_id, source, source_event_id, state, claimed_at) VALUES (?, ?, ?, ?, ?)",
                        eventId, source, sourceEventId, CLAIMED, now);
                return true;
            } catch (DuplicateKeyException taken) {
                List<Object[]> rows = jdbc.query("SELECT state, claimed_at FROM hub_event_ledger WHERE event_id = ?",
                        (rs, i) -> new Object[] {rs.getString(1), rs.getLong(2)}, eventId);
                if (!rows.isEmpty()) {
                    String state = (String) rows.get(0)[0];
                    long claimedAt = (Long) rows.get(0)[1];
                    if (STORED.equals(state)) {
                        return false;
                    }
                    if (claimedAt < now - settings.getClaimTimeout().toMillis() && jdbc.update(
                            "UPDATE hub_event_ledger SET claimed_at = ? WHERE event_id = ? AND state = ? AND claimed_at = ?",
                            now, eventId, CLAIMED, claimedAt) == 1) {
                        LOG.info("event {} from {}: took over a stale claim", eventId, source);
                        return true;
                    }
                }
            }
            if (clock.millis() > deadline) {
                throw new ClaimBusyException();
            }
            Thread.sleep(20);
        }
    }

    /**
     * Marks the exchange's event as durably stored: from now on it is a duplicate. Its first audit steps are committed
     * in the same transaction; if they cannot be, the confirmation goes alone and the steps are recorded (or their
     * failure logged) when the sender is answered.
     */
    public void confirm(Exchange exchange) {
        String eventId = exchange.getProperty(CLAIM_PROPERTY, String.class);
        if (eventId == null) {
            return;
        }
        GroupCommitWriter.Statement stored = new GroupCommitWriter.Statement(
                "UPDATE hub_event_ledger SET state = ?, stored_at = ? WHERE event_id = ?", STORED, clock.millis(), eventId);
        List<GroupCommitWriter.Statement> withSteps = new ArrayList<>();
        withSteps.add(stored);
        withSteps.addAll(audit.acceptedSteps(exchange));
        try {
            writer.write(withSteps);
            exchange.setProperty(AuditTrail.ACCEPTED_RECORDED, true);
        } catch (RuntimeException auditStepsFailed) {
            writer.write(List.of(stored));
        }
        exchange.removeProperty(CLAIM_PROPERTY);
    }

    /** Gives up this exchange's claim after a failure, so that the sender's retry is accepted at once. */
    public void release(Exchange exchange) {
        String eventId = exchange.getProperty(CLAIM_PROPERTY, String.class);
        if (eventId == null) {
            return;
        }
        exchange.removeProperty(CLAIM_PROPERTY);
        try {
            jdbc.update("DELETE FROM hub_event_ledger WHERE event_id = ? AND state = ?", eventId, CLAIMED);
        } catch (RuntimeException e) {
            LOG.warn("event {}: could not release its claim ({}); it expires after {}", eventId, e.getClass().getSimpleName(),
                    settings.getClaimTimeout());
        }
    }

    /** Forgets events older than the retention, and claims abandoned that long ago. */
    @Scheduled(fixedDelayString = "${hub.dedup.purge-interval:PT1H}", initialDelayString = "PT1M")
    public int purge() {
        long cutoff = clock.millis() - settings.getRetention().toMillis();
        int purged = jdbc.update("DELETE FROM hub_event_ledger WHERE (state = ? AND stored_at < ?) OR (state = ? AND claimed_at < ?)",
                STORED, cutoff, CLAIMED, cutoff);
        if (purged > 0) {
            LOG.info("purged {} deduplication records older than {}", purged, settings.getRetention());
        }
        return purged;
    }
}
