package io.github.hrwebhookhub.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.github.hrwebhookhub.HubHeaders;
import io.github.hrwebhookhub.config.HubProperties;
import io.github.hrwebhookhub.support.HubConfig;
import io.github.hrwebhookhub.support.MigratedDatabases;
import io.github.hrwebhookhub.store.GroupCommitWriter;
import io.github.hrwebhookhub.store.PayloadCipher;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The router's audit rows are safe to write again: an event routed a second time (its broker transaction rolled back
 * after its rows were written) keeps one event row and one received and verified step; a message the broker hands out
 * again unmarked (after a crash) fails, so that its transaction rolls back and the next, marked, delivery is
 * recorded; an event coming back from quarantine is routed; on H2 and on a real PostgreSQL.
 */
class AuditTrailTest {

    private static final MigratedDatabases DATABASES = new MigratedDatabases();
    private final List<Runnable> cleanup = new ArrayList<>();
    private JdbcTemplate jdbc;
    private AuditTrail audit;

    static Stream<String> databases() {
        return MigratedDatabases.names();
    }

    private void start(String database) throws IOException {
        DataSource dataSource = DATABASES.create(database);
        jdbc = new JdbcTemplate(dataSource);
        HubProperties hub = HubConfig.of("data-dir", Files.createTempDirectory("audit-test"));
        GroupCommitWriter writer = new GroupCommitWriter(jdbc, dataSource);
        writer.start();
        cleanup.add(writer::stop);
        audit = new AuditTrail(jdbc, Clock.systemUTC(), hub, new PayloadCipher(hub), writer);
    }

    @AfterEach
    void stop() {
        cleanup.forEach(Runnable::run);
        cleanup.clear();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        DATABASES.close();
    }

    /** An event as the intake puts it on hr.events, after the routing table chose {@code destinations}. */
    private static Exchange fromIntake(String eventId, String destinations) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setHeader(HubHeaders.EVENT_ID, eventId);
        exchange.getIn().setHeader(HubHeaders.SOURCE, "demo");
        exchange.getIn().setHeader(HubHeaders.SOURCE_EVENT_ID, "src-" + eventId);
        exchange.getIn().setHeader(HubHeaders.TYPE, "employee.created");
        exchange.getIn().setHeader(HubHeaders.RECEIVED_AT, 1_000L);
        exchange.getIn().setHeader(HubHeaders.VERIFIED_AT, 1_001L);
        exchange.getIn().setHeader(HubHeaders.CLIENT_ADDRESS, "10.0.0.1");
        exchange.getIn().setHeader(HubHeaders.SCHEME, "standard-webhooks");
        exchange.getIn().setHeader(HubHeaders.DESTINATIONS, destinations);
        exchange.getIn().setBody("{\"id\":\"" + eventId + "\"}");
        return exchange;
    }

    private List<String> stages(String eventId) {
        return jdbc.queryForList("SELECT stage FROM hub_audit WHERE event_id = ? ORDER BY id", String.class, eventId);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void anEventRoutedTwiceKeepsOneRowAndOneArrival(String database) throws IOException {
        start(database);

        audit.routed(fromIntake("evt-1", "payroll,hris"));
        // the broker delivers the message again (the router's transaction rolled back after these rows were written)
        Exchange again = fromIntake("evt-1", "payroll,hris");
        again.setProperty(AuditTrail.REDELIVERED, true);
        audit.routed(again);

        assertThat(stages("evt-1")).containsExactly("received", "verified", "routed", "routed");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hub_event WHERE event_id = 'evt-1'", Integer.class)).isOne();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hub_event_envelope WHERE event_id = 'evt-1'", Integer.class)).isOne();
        assertThat(jdbc.queryForMap("SELECT status, destinations, pending FROM hub_event WHERE event_id = 'evt-1'"))
                .containsValues("routed", "payroll,hris", 2);
        assertThat(audit.envelope("evt-1")).isPresent();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aMessageNotMarkedRedeliveredWhoseEventIsRecordedFailsSoThatItsTransactionRollsBack(String database) throws IOException {
        start(database);
        audit.routed(fromIntake("evt-5", "payroll"));

        // after a crash the broker hands the message out again unmarked: the first-pass insert refuses it
        assertThatThrownBy(() -> audit.routed(fromIntake("evt-5", "payroll"))).isInstanceOf(DataIntegrityViolationException.class);
        assertThat(stages("evt-5")).containsExactly("received", "verified", "routed");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void anEventBackFromQuarantineGoesWhereTheTableNowSays(String database) throws IOException {
        start(database);

        audit.quarantined(fromIntake("evt-2", ""), "$.data.employee_id: required");
        assertThat(jdbc.queryForObject("SELECT status FROM hub_event WHERE event_id = 'evt-2'", String.class)).isEqualTo("quarantined");

        // replayed by ops: the message no longer carries the intake's audit headers
        Exchange replayed = fromIntake("evt-2", "hris");
        replayed.getIn().removeHeader(HubHeaders.VERIFIED_AT);
        audit.routed(replayed);

        assertThat(stages("evt-2")).containsExactly("received", "verified", "quarantined", "routed");
        assertThat(jdbc.queryForMap("SELECT status, destinations, pending FROM hub_event WHERE event_id = 'evt-2'"))
                .containsValues("routed", "hris", 1);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void distinctEventsAreEachRecorded(String database) throws IOException {
        start(database);

        audit.routed(fromIntake("evt-3", "payroll"));
        audit.routed(fromIntake("evt-4", ""));

        assertThat(stages("evt-3")).containsExactly("received", "verified", "routed");
        assertThat(stages("evt-4")).containsExactly("received", "verified", "unrouted");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hub_event", Integer.class)).isEqualTo(2);
    }
}
