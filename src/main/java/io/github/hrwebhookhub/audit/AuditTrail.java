package io.github.hrwebhookhub.audit;

import io.github.hrwebhookhub.store.Databases;
import io.github.hrwebhookhub.store.GroupCommitWriter;
import io.github.hrwebhookhub.store.PayloadCipher;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.github.hrwebhookhub.HubHeaders;
import io.github.hrwebhookhub.config.HubProperties;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The audit trail in the database: every event's life (accepted, routed, each delivery attempt, delivered,
 * dead-lettered, replayed, discarded, redelivered, and by whom) and every rejected request (without its body).
 */
@Component("auditTrail")
public class AuditTrail {

    /** Exchange properties the intake sets for the audit trail. */
    public static final String CLIENT_ADDRESS = "hubClientAddress";
    public static final String SCHEME = "hubScheme";
    public static final String VERIFIED_AT = "hubVerifiedAt";
    /** Exchange property the router sets: true when the broker delivers the event's message again. */
    public static final String REDELIVERED = "hubRedelivered";

    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
    /** One audit step row. */
    public static final String INSERT_STEP = "INSERT INTO hub_audit (event_id, recorded_at, stage, source, destination, attempt, http_status,"
            + " latency_ms, detail, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** One audit step row, only if its event has no row in hub_event yet (the same columns, then the event id again). */
    private static final String INSERT_STEP_OF_NEW_EVENT = "INSERT INTO hub_audit (event_id, recorded_at, stage, source, destination,"
            + " attempt, http_status, latency_ms, detail, actor) SELECT CAST(? AS VARCHAR), CAST(? AS BIGINT), CAST(? AS VARCHAR),"
            + " CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS INT), CAST(? AS INT), CAST(? AS BIGINT), CAST(? AS VARCHAR),"
            + " CAST(? AS VARCHAR) FROM (VALUES (0)) AS one(x) WHERE NOT EXISTS (SELECT 1 FROM hub_event WHERE event_id = ?)";

    /** One step of an event's life. */
    public record Step(String eventId, long at, String stage, String source, String destination, Integer attempt,
                       Integer httpStatus, Long latencyMs, String detail, String actor) {
        Object[] row() {
            return new Object[] {eventId, at, stage, source, destination, attempt, httpStatus, latencyMs, truncate(detail), actor};
        }

    }

    /** An accepted event's row: where it came from, its type, status and the destinations it was routed to. */
    public record Event(String id, String source, String sourceEventId, String type, Instant receivedAt, String status,
                        List<String> destinations, int pendingDeliveries) {
    }

    /** One page of a search, with how many match in all: events, or for status rejected the rejected requests' steps. */
    public record SearchPage(int page, int size, long total, List<Event> events, List<Step> rejections) {
    }

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final Clock clock;
    private final HubProperties hub;
    private final PayloadCipher cipher;
    private final GroupCommitWriter writer;
    private final boolean postgres;
    private static final String INSERT_EVENT = "INSERT INTO hub_event (event_id, source, source_event_id, type, received_at, status,"
            + " destinations, pending) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_ENVELOPE = "INSERT INTO hub_event_envelope (event_id, envelope) VALUES (?, ?)";
    /** Inserts of the event's row and envelope that do nothing when the event was recorded before. */
    private final String insertEventSql;
    private final String insertEnvelopeSql;

    public AuditTrail(JdbcTemplate jdbc, Clock clock, HubProperties hub, PayloadCipher cipher, GroupCommitWriter writer) {
        this.postgres = Databases.isPostgres(jdbc.getDataSource());
        this.insertEventSql = postgres
                ? "INSERT INTO hub_event (event_id, source, source_event_id, type, received_at, status, destinations, pending)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING"
                // unbounded casts: a value too long for its column fails as in a plain insert instead of being cut
                : "INSERT INTO hub_event (event_id, source, source_event_id, type, received_at, status, destinations, pending)"
                        + " SELECT CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS BIGINT),"
                        + " CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS INT) FROM (VALUES (0)) AS one(x)"
                        + " WHERE NOT EXISTS (SELECT 1 FROM hub_event WHERE event_id = ?)";
        this.insertEnvelopeSql = postgres
                ? "INSERT INTO hub_event_envelope (event_id, envelope) VALUES (?, ?) ON CONFLICT (event_id) DO NOTHING"
                : "INSERT INTO hub_event_envelope (event_id, envelope) SELECT CAST(? AS VARCHAR), CAST(? AS VARBINARY)"
                        + " FROM (VALUES (0)) AS one(x) WHERE NOT EXISTS (SELECT 1 FROM hub_event_envelope WHERE event_id = ?)";
        this.cipher = cipher;
        this.writer = writer;
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
        this.clock = clock;
        this.hub = hub;
    }

    private static String truncate(String detail) {
        return detail == null || detail.length() <= 1000 ? detail : detail.substring(0, 1000);
    }

    public void record(Step... steps) {
        List<GroupCommitWriter.Statement> statements = new ArrayList<>(steps.length);
        for (Step step : steps) {
            statements.add(step(step));
        }
        writer.write(statements);
    }

    private long now() {
        return clock.millis();
    }

    // ---- intake

    /**
     * A copy of an event accepted before. Recorded without waiting: the answer to the sender does not depend on it,
     * and under overload the row may be dropped (and counted) rather than slow the intake.
     */
    public void duplicate(Exchange exchange) {
        Message in = exchange.getMessage();
        writer.writeLater(List.of(step(new Step(in.getHeader(HubHeaders.EVENT_ID, String.class), now(), "duplicate",
                in.getHeader(HubHeaders.SOURCE, String.class), null, null, null, null,
                "already accepted; client " + exchange.getProperty(CLIENT_ADDRESS, "?", String.class), null))));
    }

    /** A request turned away; its body is not stored. Recorded without waiting, like {@link #duplicate}. */
    public void rejected(Exchange exchange, int status, String reason) {
        writer.writeLater(List.of(step(new Step(exchange.getProperty(HubHeaders.EVENT_ID, String.class), now(), "rejected",
                exchange.getProperty(HubHeaders.SOURCE, String.class), null, null, status, null,
                reason + "; client " + exchange.getProperty(CLIENT_ADDRESS, "?", String.class), null))));
    }

    // ---- routing

    /**
     * The router chose the event's destinations (none: unrouted). On the event's first pass this records its received
     * and verified steps (from what the intake put on the broker message), the event row with its sealed envelope for
     * redelivery, and this step; on a later pass (the router's transaction was rolled back after its rows were
     * written, or the event comes back from quarantine) only this step, and the event goes where the routing table
     * now says. Written with the router's other rows just before its broker transaction commits: the event leaves
     * hr.events only once they are in the database.
     *
     * <p>A first pass (a message from the intake, not delivered before) is written with plain inserts; only a later
     * pass needs the slower insert-if-new statements (measured on H2: about twice the database time). A message the
     * broker hands out again after the hub died is not marked as redelivered: its plain insert then fails on the
     * event's primary key, which rolls its transaction back, and the broker's next delivery of it is marked.
     */
    public void routed(Exchange exchange) {
        Message in = exchange.getMessage();
        String eventId = in.getHeader(HubHeaders.EVENT_ID, String.class);
        String destinations = in.getHeader(HubHeaders.DESTINATIONS, "", String.class);
        int count = destinations.isBlank() ? 0 : destinations.split(",").length;
        String status = count == 0 ? "unrouted" : "routed";
        Step routed = new Step(eventId, now(), status, in.getHeader(HubHeaders.SOURCE, String.class), null, null, null, null,
                count == 0 ? "no routing row for type " + in.getHeader(HubHeaders.TYPE) + "; kept on hr.unrouted" : "to " + destinations,
                null);
        boolean firstPass = in.getHeader(HubHeaders.VERIFIED_AT) != null && !exchange.getProperty(REDELIVERED, false, Boolean.class);
        List<GroupCommitWriter.Statement> statements = arrival(in, status, destinations, count, routed, firstPass);
        if (!firstPass) {
            statements.add(new GroupCommitWriter.Statement(
                    "UPDATE hub_event SET status = ?, destinations = ?, pending = ? WHERE event_id = ? AND status = ?",
                    status, destinations, count, eventId, "quarantined"));
        }
        writer.writeBeforeCommit(statements, true);
    }

    /**
     * The statements recording the event's arrival (its received and verified steps, its row and sealed envelope)
     * unless it was recorded before, and {@code next} in any case; {@code firstPass}: as plain inserts. The intake's
     * audit headers are removed from the message: they are not passed on to the destinations' queues.
     */
    private List<GroupCommitWriter.Statement> arrival(Message in, String status, String destinations, int pending, Step next,
                                                      boolean firstPass) {
        String eventId = in.getHeader(HubHeaders.EVENT_ID, String.class);
        String source = in.getHeader(HubHeaders.SOURCE, String.class);
        long receivedAt = in.getHeader(HubHeaders.RECEIVED_AT, now(), Long.class);
        List<GroupCommitWriter.Statement> statements = new ArrayList<>(7);
        if (in.getHeader(HubHeaders.VERIFIED_AT) != null) {
            String received = "client " + in.getHeader(HubHeaders.CLIENT_ADDRESS, "?", String.class)
                    + ", source event id " + in.getHeader(HubHeaders.SOURCE_EVENT_ID, String.class)
                    + ", source time " + in.getHeader(HubHeaders.SOURCE_TIME, "none", String.class);
            Step receivedStep = new Step(eventId, receivedAt, "received", source, null, null, null, null, received, null);
            Step verifiedStep = new Step(eventId, in.getHeader(HubHeaders.VERIFIED_AT, receivedAt, Long.class), "verified",
                    source, null, null, null, null, "signature verified (" + in.getHeader(HubHeaders.SCHEME, "?", String.class)
                    + "), type " + in.getHeader(HubHeaders.TYPE, String.class) + "; stored and accepted", null);
            statements.add(firstPass ? step(receivedStep) : stepOfNewEvent(receivedStep));
            statements.add(firstPass ? step(verifiedStep) : stepOfNewEvent(verifiedStep));
        }
        statements.add(step(next));
        Object[] event = {eventId, source, in.getHeader(HubHeaders.SOURCE_EVENT_ID, String.class), in.getHeader(HubHeaders.TYPE, String.class),
                receivedAt, status, destinations, pending};
        Object[] envelope = {eventId, cipher.seal(in.getBody(String.class).getBytes(StandardCharsets.UTF_8))};
        statements.add(firstPass ? new GroupCommitWriter.Statement(INSERT_EVENT, event)
                : new GroupCommitWriter.Statement(insertEventSql, orOnlyIfNew(event)));
        statements.add(firstPass ? new GroupCommitWriter.Statement(INSERT_ENVELOPE, envelope)
                : new GroupCommitWriter.Statement(insertEnvelopeSql, orOnlyIfNew(envelope)));
        in.removeHeader(HubHeaders.CLIENT_ADDRESS);
        in.removeHeader(HubHeaders.SCHEME);
        in.removeHeader(HubHeaders.VERIFIED_AT);
        in.removeHeader(HubHeaders.SOURCE_TIME);
        return statements;
    }

    /** The arguments of an insert-if-new: on H2 its condition takes the event id (the first argument) once more. */
    private Object[] orOnlyIfNew(Object... args) {
        if (postgres) {
            return args;
        }
        Object[] withId = new Object[args.length + 1];
        System.arraycopy(args, 0, withId, 0, args.length);
        withId[args.length] = args[0];
        return withId;
    }

    /** A step recorded only if the event has no row yet: runs before the event's row is inserted in the same commit. */
    private static GroupCommitWriter.Statement stepOfNewEvent(Step step) {
        Object[] row = step.row();
        Object[] args = new Object[row.length + 1];
        System.arraycopy(row, 0, args, 0, row.length);
        args[row.length] = step.eventId();
        return new GroupCommitWriter.Statement(INSERT_STEP_OF_NEW_EVENT, args);
    }

    /** The schema guard held the event back: recorded with its envelope, so that ops can see what broke. */
    public void quarantined(Exchange exchange, String violations) {
        Message in = exchange.getMessage();
        String eventId = in.getHeader(HubHeaders.EVENT_ID, String.class);
        Step quarantined = new Step(eventId, now(), "quarantined", in.getHeader(HubHeaders.SOURCE, String.class), null, null, null, null,
                "parked on hr.quarantine: " + violations, null);
        List<GroupCommitWriter.Statement> statements = arrival(in, "quarantined", "", 0, quarantined, false);
        // quarantined again after a replay (the schema still fails): the event row says so
        statements.add(new GroupCommitWriter.Statement(
                "UPDATE hub_event SET status = ?, destinations = ?, pending = ? WHERE event_id = ?", "quarantined", "", 0, eventId));
        writer.writeBeforeCommit(statements, true);
    }

    // ---- delivery

    /**
     * One delivery attempt and its outcome. Written with the delivery consumer's other rows just before its broker
     * transaction ends; the attempt was made, so a failure to record it is logged and does not make it happen again.
     */
    public void attempt(String eventId, String destination, int attempt, int status, long latencyMs, String outcome, String detail) {
        List<GroupCommitWriter.Statement> statements = new ArrayList<>();
        statements.add(step(new Step(eventId, now(), "attempt", null, destination, attempt, status == 0 ? null : status, latencyMs,
                outcome + (detail == null ? "" : ": " + detail), null)));
        if (outcome.equals("delivered")) {
            statements.add(step(new Step(eventId, now(), "delivered", null, destination, attempt, status, null, null, null)));
            statements.add(new GroupCommitWriter.Statement("UPDATE hub_event SET pending = GREATEST(pending - 1, 0), delivered = delivered || ?,"
                    + " status = CASE WHEN pending <= 1 THEN 'delivered' ELSE status END WHERE event_id = ?", "," + destination, eventId));
        } else if (outcome.equals("dead")) {
            statements.add(step(new Step(eventId, now(), "dead_lettered", null, destination, attempt, status == 0 ? null : status, null,
                    detail, null)));
            statements.add(new GroupCommitWriter.Statement("UPDATE hub_event SET status = 'dead_lettered' WHERE event_id = ?", eventId));
        }
        writer.writeBeforeCommit(statements, false);
    }

    /**
     * Whether the event reached the destination at or after {@code sinceMillis}: for a delivery message the broker
     * delivers again (after a rolled-back transaction or a crash), so that a delivery already made is not repeated.
     */
    public boolean deliveredSince(String eventId, String destination, long sinceMillis) {
        Integer found = jdbc.queryForObject("SELECT COUNT(*) FROM hub_audit WHERE event_id = ? AND recorded_at >= ?"
                + " AND stage = 'delivered' AND destination = ?", Integer.class, eventId, sinceMillis, destination);
        return found != null && found > 0;
    }

    private static GroupCommitWriter.Statement step(Step step) {
        return new GroupCommitWriter.Statement(INSERT_STEP, step.row());
    }

    // ---- ops actions

    public void opsAction(String eventId, String stage, String destination, String detail, String actor) {
        record(new Step(eventId, now(), stage, null, destination, null, null, null, detail, actor));
        if (stage.equals("replayed")) {
            // a dead-lettered delivery was never counted as done, so it is still pending
            jdbc.update("UPDATE hub_event SET status = ? WHERE event_id = ? AND status = 'dead_lettered'", stage, eventId);
        } else if (stage.equals("redelivered")) {
            jdbc.update("UPDATE hub_event SET pending = pending + 1, status = ? WHERE event_id = ?", stage, eventId);
        }
    }

    // ---- reading

    /** Receipt time (epoch millis) of the oldest event routed to the destination and not yet delivered there, if any. */
    public Optional<Long> oldestUndelivered(String destination) {
        Long oldest = jdbc.queryForObject("SELECT MIN(received_at) FROM hub_event WHERE pending > 0"
                + " AND (',' || destinations || ',') LIKE ? AND (delivered || ',') NOT LIKE ?", Long.class,
                "%," + destination + ",%", "%," + destination + ",%");
        return Optional.ofNullable(oldest);
    }

    public Optional<Event> event(String eventId) {
        List<Event> events = jdbc.query("SELECT event_id, source, source_event_id, type, received_at, status, destinations,"
                + " pending FROM hub_event WHERE event_id = ?", (rs, i) -> event(rs), eventId);
        return events.stream().findFirst();
    }

    /** The event's canonical envelope, opened from its sealed form in the database. */
    public Optional<byte[]> envelope(String eventId) {
        List<byte[]> envelopes = jdbc.query("SELECT envelope FROM hub_event_envelope WHERE event_id = ?", (rs, i) -> rs.getBytes(1),
                eventId);
        return envelopes.stream().filter(Objects::nonNull).findFirst().map(cipher::open);
    }

    public List<Step> timeline(String eventId) {
        return jdbc.query("SELECT event_id, recorded_at, stage, source, destination, attempt, http_status, latency_ms, detail, actor"
                + " FROM hub_audit WHERE event_id = ? ORDER BY recorded_at, id", (rs, i) -> new Step(rs.getString(1), rs.getLong(2),
                rs.getString(3), rs.getString(4), rs.getString(5), (Integer) rs.getObject(6), (Integer) rs.getObject(7),
                (Long) rs.getObject(8), rs.getString(9), rs.getString(10)), eventId);
    }

    /** Events matching the filters (each optional), newest first; status "rejected" searches rejected requests. */
    public SearchPage search(String source, String type, String status, Instant from, Instant to, int page, int size) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("source", source).addValue("type", type).addValue("status", status)
                .addValue("from", from == null ? 0L : from.toEpochMilli())
                .addValue("to", to == null ? Long.MAX_VALUE : to.toEpochMilli())
                .addValue("limit", size).addValue("offset", (long) page * size);
        if ("rejected".equals(status)) {
            String where = " FROM hub_audit WHERE stage = 'rejected' AND (CAST(:source AS VARCHAR(64)) IS NULL OR source = :source)"
                    + " AND recorded_at >= :from AND recorded_at <= :to";
            long total = count(where, params);
            List<Step> rejections = named.query("SELECT event_id, recorded_at, stage, source, destination, attempt, http_status,"
                    + " latency_ms, detail, actor" + where + " ORDER BY recorded_at DESC, id DESC LIMIT :limit OFFSET :offset", params,
                    (rs, i) -> new Step(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            (Integer) rs.getObject(6), (Integer) rs.getObject(7), (Long) rs.getObject(8), rs.getString(9),
                            rs.getString(10)));
            return new SearchPage(page, size, total, null, rejections);
        }
        String where = " FROM hub_event WHERE (CAST(:source AS VARCHAR(64)) IS NULL OR source = :source)"
                + " AND (CAST(:type AS VARCHAR(200)) IS NULL OR type = :type)"
                + " AND (CAST(:status AS VARCHAR(16)) IS NULL OR status = :status)"
                + " AND received_at >= :from AND received_at <= :to";
        long total = count(where, params);
        List<Event> events = named.query("SELECT event_id, source, source_event_id, type, received_at, status, destinations, pending"
                + where + " ORDER BY received_at DESC, event_id LIMIT :limit OFFSET :offset", params, (rs, i) -> event(rs));
        return new SearchPage(page, size, total, events, null);
    }

    private long count(String where, MapSqlParameterSource params) {
        Long count = named.queryForObject("SELECT COUNT(*)" + where, params, Long.class);
        return count == null ? 0 : count;
    }

    private static Event event(ResultSet rs) throws SQLException {
        String destinations = rs.getString("destinations");
        return new Event(rs.getString("event_id"), rs.getString("source"), rs.getString("source_event_id"), rs.getString("type"),
                Instant.ofEpochMilli(rs.getLong("received_at")), rs.getString("status"),
                destinations.isBlank() ? List.of() : List.of(destinations.split(",")), rs.getInt("pending"));
    }

    /** Forgets events and steps older than the audit retention. */
    @Scheduled(fixedDelayString = "PT6H", initialDelayString = "PT5M")
    public int purge() {
        long cutoff = now() - hub.audit().retention().toMillis();
        int steps = jdbc.update("DELETE FROM hub_audit WHERE recorded_at < ?", cutoff);
        jdbc.update("DELETE FROM hub_event_envelope WHERE event_id IN (SELECT event_id FROM hub_event WHERE received_at < ?)", cutoff);
        int events = jdbc.update("DELETE FROM hub_event WHERE received_at < ?", cutoff);
        if (steps + events > 0) {
            LOG.info("purged {} events and {} audit steps older than {}", events, steps, hub.audit().retention());
        }
        return steps + events;
    }
}
