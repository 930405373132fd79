package io.github.hrwebhookhub.intake;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import io.github.hrwebhookhub.HubHeaders;
import io.github.hrwebhookhub.config.HubProperties;
import io.github.hrwebhookhub.store.BatchedStatement;
import io.github.hrwebhookhub.store.Databases;
import io.github.hrwebhookhub.store.GroupCommitWriter;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The idempotency repository: which (source, source event id) pairs the hub has accepted, in the database.
 *
 * <p>An event is first <em>claimed</em> (a row in state CLAIMED, inserted under the primary key, so of concurrent
 * requests exactly one wins), then enqueued, then <em>confirmed</em> (STORED, written without the request waiting
 * for it; copies at this instance are answered from memory meanwhile). A duplicate is only reported for a
 * STORED row, so a crash between receipt and enqueue never marks an event as seen: its claim goes stale and the
 * sender's retry takes it over. A crash after the enqueue but before the confirm makes the retry enqueue again with
 * the same broker duplicate id, which the broker drops. A crash during a batch of claims commits none of them: every
 * sender in it gets no answer and retries.
 *
 * <p>Claims of concurrent requests go to the database as one batch in one transaction, each with its own outcome (an
 * insert that does nothing when the row exists). Copies of an event that arrive at this instance while it is being
 * accepted wait for that acceptance in memory and are answered from its outcome, without polling the database.
 */
@Component("eventLedger")
public class EventLedger implements SmartLifecycle {

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
    private final BatchedStatement claims;
    private final boolean postgres;
    /** Events this instance holds the claim of: completed with true once stored, false once released. */
    private final Map<String, CompletableFuture<Boolean>> inFlight = new ConcurrentHashMap<>();

    public EventLedger(JdbcTemplate jdbc, DataSource dataSource, HubProperties hub, Clock clock, GroupCommitWriter writer) {
        this.jdbc = jdbc;
        this.writer = writer;
        this.settings = hub.dedup();
        this.clock = clock;
        this.postgres = Databases.isPostgres(dataSource);
        this.claims = new BatchedStatement("ledger-claims", claimSql(postgres), jdbc, dataSource);
    }

    /** An insert of a CLAIMED row whose update count says whether it was new: 1, or 0 when the event's row exists. */
    private static String claimSql(boolean postgres) {
        String columns = "INSERT INTO hub_event_ledger (event_id, source, source_event_id, state, claimed_at)";
        if (postgres) {
            return columns + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING";
        }
        // unbounded casts: a value too long for its column fails as in a plain insert instead of being cut
        return columns + " SELECT CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS BIGINT)"
                + " FROM (VALUES (0)) AS one(x) WHERE NOT EXISTS (SELECT 1 FROM hub_event_ledger WHERE event_id = ?)";
    }

    private Object[] claimArgs(String eventId, String source, String sourceEventId, long now) {
        return postgres
                ? new Object[] {eventId, source, sourceEventId, CLAIMED, now}
                : new Object[] {eventId, source, sourceEventId, CLAIMED, now, eventId};
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

    /**
     * True when this call now holds the claim (the caller must then {@link #confirm} or {@link #release} it); false
     * for an event already stored.
     */
    public boolean claim(String eventId, String source, String sourceEventId) throws InterruptedException {
        long deadline = clock.millis() + settings.claimWait().toMillis();
        while (true) {
            CompletableFuture<Boolean> mine = new CompletableFuture<>();
            CompletableFuture<Boolean> other = inFlight.putIfAbsent(eventId, mine);
            if (other != null) {
                // a copy of this event is being accepted by this instance: its outcome is ours
                try {
                    if (other.get(Math.max(1, deadline - clock.millis()), TimeUnit.MILLISECONDS)) {
                        return false;
                    }
                    continue;
                } catch (TimeoutException e) {
                    throw new ClaimBusyException();
                } catch (ExecutionException e) {
                    continue;
                }
            }
            boolean claimed;
            try {
                claimed = claimInDatabase(eventId, source, sourceEventId, deadline);
            } catch (RuntimeException | InterruptedException e) {
                inFlight.remove(eventId, mine);
                mine.complete(false);
                throw e;
            }
            if (!claimed) {
                inFlight.remove(eventId, mine);
                mine.complete(true);
            }
            return claimed;
        }
    }

    private boolean claimInDatabase(String eventId, String source, String sourceEventId, long deadline) throws InterruptedException {
        while (true) {
            long now = clock.millis();
            if (claims.update(claimArgs(eventId, source, sourceEventId, now)) == 1) {
                return true;
            }
            List<Object[]> rows = jdbc.query("SELECT state, claimed_at FROM hub_event_ledger WHERE event_id = ?",
                    (rs, i) -> new Object[] {rs.getString(1), rs.getLong(2)}, eventId);
            if (!rows.isEmpty()) {
                String state = (String) rows.get(0)[0];
                long claimedAt = (Long) rows.get(0)[1];
                if (STORED.equals(state)) {
                    return false;
                }
                if (claimedAt < now - settings.claimTimeout().toMillis() && jdbc.update(
                        "UPDATE hub_event_ledger SET claimed_at = ? WHERE event_id = ? AND state = ? AND claimed_at = ?",
                        now, eventId, CLAIMED, claimedAt) == 1) {
                    LOG.info("event {} from {}: took over a stale claim", eventId, source);
                    return true;
                }
            }
            if (clock.millis() > deadline) {
                throw new ClaimBusyException();
            }
            // another instance holds the claim
            Thread.sleep(20);
        }
    }

    /**
     * Marks the exchange's event as durably stored: from now on it is a duplicate. Copies at this instance are told so
     * at once, from memory; the STORED row is written with group commit without the request waiting for it (the
     * event is already durable on the broker, which is what the sender's 202 promises). Until that row is committed
     * the in-memory entry stays, so a copy arriving meanwhile is answered from it. If the hub dies before the row is
     * committed, the claim stays CLAIMED: a copy arriving later takes it over once stale and enqueues again with the
     * same broker duplicate id, which the broker drops, as for a crash between enqueue and confirm.
     */
    public void confirm(Exchange exchange) {
        String eventId = exchange.getProperty(CLAIM_PROPERTY, String.class);
        if (eventId == null) {
            return;
        }
        exchange.removeProperty(CLAIM_PROPERTY);
        CompletableFuture<Boolean> claim = inFlight.get(eventId);
        if (claim != null) {
            claim.complete(true);
        }
        writer.writeAsync(List.of(new GroupCommitWriter.Statement(
                "UPDATE hub_event_ledger SET state = ?, stored_at = ? WHERE event_id = ?", STORED, clock.millis(), eventId)))
                .whenComplete((done, failure) -> {
                    if (claim != null) {
                        inFlight.remove(eventId, claim);
                    }
                    if (failure != null) {
                        LOG.warn("event {}: stored, but its deduplication record was not confirmed ({}); a copy is recognised once the"
                                + " claim is stale, by the broker's duplicate detection", eventId, failure.getClass().getSimpleName());
                    }
                });
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
                    settings.claimTimeout());
        } finally {
            CompletableFuture<Boolean> claim = inFlight.remove(eventId);
            if (claim != null) {
                claim.complete(false);
            }
        }
    }

    @Override
    public void start() {
        claims.start();
    }

    @Override
    public void stop() {
        claims.stop();
    }

    @Override
    public boolean isRunning() {
        return claims.isRunning();
    }

    /** Stops after the routes (which claim events) and before the data source closes, like the group commit writer. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }

    /** Forgets events older than the retention, and claims abandoned that long ago. */
    @Scheduled(fixedDelayString = "${hub.dedup.purge-interval:PT1H}", initialDelayString = "PT1M")
    public int purge() {
        long cutoff = clock.millis() - settings.retention().toMillis();
        int purged = jdbc.update("DELETE FROM hub_event_ledger WHERE (state = ? AND stored_at < ?) OR (state = ? AND claimed_at < ?)",
                STORED, cutoff, CLAIMED, cutoff);
        if (purged > 0) {
            LOG.info("purged {} deduplication records older than {}", purged, settings.retention());
        }
        return purged;
    }
}
