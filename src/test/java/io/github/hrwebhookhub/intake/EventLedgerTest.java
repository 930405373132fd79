package io.github.hrwebhookhub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.github.hrwebhookhub.config.HubProperties;
import io.github.hrwebhookhub.support.HubConfig;
import io.github.hrwebhookhub.support.MigratedDatabases;
import io.github.hrwebhookhub.store.BatchedStatement;
import io.github.hrwebhookhub.store.GroupCommitWriter;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The ledger's claims, batched and answered in memory, keep the guarantee of one insert per request: of concurrent
 * copies of an event exactly one holds the claim, the others are answered from its outcome; distinct events claimed
 * at the same time all succeed, in few transactions; on H2 and on a real PostgreSQL.
 */
class EventLedgerTest {

    private static final MigratedDatabases DATABASES = new MigratedDatabases();
    private final List<Runnable> cleanup = new ArrayList<>();

    static Stream<String> databases() {
        return MigratedDatabases.names();
    }

    private DataSource dataSource(String database) throws IOException {
        return DATABASES.create(database);
    }

    private EventLedger ledger(DataSource dataSource, Duration claimWait) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        HubProperties hub = HubConfig.of("dedup.claim-wait", claimWait.toMillis() + "ms");
        GroupCommitWriter writer = new GroupCommitWriter(jdbc, dataSource);
        writer.start();
        EventLedger ledger = new EventLedger(jdbc, dataSource, hub, Clock.systemUTC(), writer);
        ledger.start();
        cleanup.add(ledger::stop);
        cleanup.add(writer::stop);
        return ledger;
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

    private static Exchange exchange(String eventId) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setHeader("hubEventId", eventId);
        exchange.getIn().setHeader("hubSource", "demo");
        exchange.getIn().setHeader("hubSourceEventId", "src-" + eventId);
        return exchange;
    }

    private static <T> List<T> all(int threads, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void concurrentCopiesOfOneEventGiveExactlyOneClaimAndTheOthersAreDuplicatesOnceItIsStored(String database) throws Exception {
        DataSource dataSource = dataSource(database);
        EventLedger ledger = ledger(dataSource, Duration.ofSeconds(10));
        String eventId = "evt_" + UUID.randomUUID();
        List<Exchange> holders = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Boolean> outcomes = all(32, () -> {
            Exchange exchange = exchange(eventId);
            ledger.claim(exchange);
            boolean duplicate = exchange.getIn().getHeader("hubDuplicate", Boolean.class);
            if (!duplicate) {
                holders.add(exchange);
                // the holder enqueues, then confirms; the copies wait for this
                Thread.sleep(200);
                ledger.confirm(exchange);
            }
            return duplicate;
        });
        assertThat(outcomes.stream().filter(d -> !d)).hasSize(1);
        assertThat(outcomes.stream().filter(d -> d)).hasSize(31);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(new JdbcTemplate(dataSource)
                .queryForObject("SELECT state FROM hub_event_ledger WHERE event_id = ?", String.class, eventId)).isEqualTo("STORED"));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aReleasedClaimPassesToACopyThatWasWaitingForIt(String database) throws Exception {
        EventLedger ledger = ledger(dataSource(database), Duration.ofSeconds(10));
        String eventId = "evt_" + UUID.randomUUID();
        Exchange first = exchange(eventId);
        ledger.claim(first);
        assertThat(first.getIn().getHeader("hubDuplicate", Boolean.class)).isFalse();

        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> copy = pool.submit(() -> ledger.claim(eventId, "demo", "src-" + eventId));
            Thread.sleep(200);
            assertThat(copy.isDone()).as("the copy waits while the first request holds the claim").isFalse();
            // the first request failed to enqueue: its claim is given up, and the waiting copy now holds it
            ledger.release(first);
            assertThat(copy.get(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void distinctEventsClaimedTogetherAllSucceedAndAreStoredOnce(String database) throws Exception {
        DataSource dataSource = dataSource(database);
        EventLedger ledger = ledger(dataSource, Duration.ofSeconds(10));
        List<Boolean> claimed = all(64, () -> {
            String eventId = "evt_" + UUID.randomUUID();
            boolean mine = ledger.claim(eventId, "demo", "src-" + eventId);
            Exchange exchange = exchange(eventId);
            exchange.setProperty("hubLedgerClaim", eventId);
            ledger.confirm(exchange);
            return mine && !ledger.claim(eventId, "demo", "src-" + eventId);
        });
        assertThat(claimed).hasSize(64).containsOnly(true);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(new JdbcTemplate(dataSource)
                .queryForObject("SELECT COUNT(*) FROM hub_event_ledger WHERE state = 'STORED'", Long.class)).isEqualTo(64));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void confirmDoesNotWaitForItsRowAndCopiesMeanwhileAreDuplicates(String database) throws Exception {
        DataSource dataSource = dataSource(database);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        EventLedger ledger = ledger(dataSource, Duration.ofSeconds(10));
        String eventId = "evt_" + UUID.randomUUID();
        Exchange first = exchange(eventId);
        ledger.claim(first);
        assertThat(first.getIn().getHeader("hubDuplicate", Boolean.class)).isFalse();

        // another transaction holds the ledger row's lock, so the STORED update cannot commit yet
        try (Connection locker = dataSource.getConnection()) {
            locker.setAutoCommit(false);
            try (PreparedStatement lock = locker.prepareStatement("UPDATE hub_event_ledger SET claimed_at = claimed_at WHERE event_id = ?")) {
                lock.setString(1, eventId);
                assertThat(lock.executeUpdate()).isOne();
            }
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> ledger.confirm(first), "confirm waited for its row");
            assertThat(ledger.claim(eventId, "demo", "src-" + eventId)).as("a copy while the row is not yet written").isFalse();
            assertThat(jdbc.queryForObject("SELECT state FROM hub_event_ledger WHERE event_id = ?", String.class, eventId))
                    .isEqualTo("CLAIMED");
            locker.commit();
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                jdbc.queryForObject("SELECT state FROM hub_event_ledger WHERE event_id = ?", String.class, eventId)).isEqualTo("STORED"));
        assertThat(ledger.claim(eventId, "demo", "src-" + eventId)).as("a copy once the row is written").isFalse();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aClaimHeldByAnotherInstanceMakesTheRequestRetryLaterAndAStaleOneIsTakenOver(String database) throws Exception {
        DataSource dataSource = dataSource(database);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        EventLedger ledger = ledger(dataSource, Duration.ofMillis(300));
        String held = "evt_" + UUID.randomUUID();
        jdbc.update("INSERT INTO hub_event_ledger (event_id, source, source_event_id, state, claimed_at) VALUES (?, 'demo', 'x', 'CLAIMED', ?)",
                held, System.currentTimeMillis());
        assertThatThrownBy(() -> ledger.claim(held, "demo", "x")).isInstanceOf(EventLedger.ClaimBusyException.class);

        String stale = "evt_" + UUID.randomUUID();
        jdbc.update("INSERT INTO hub_event_ledger (event_id, source, source_event_id, state, claimed_at) VALUES (?, 'demo', 'y', 'CLAIMED', ?)",
                stale, System.currentTimeMillis() - Duration.ofMinutes(5).toMillis());
        assertThat(ledger.claim(stale, "demo", "y")).isTrue();

        String stored = "evt_" + UUID.randomUUID();
        jdbc.update("INSERT INTO hub_event_ledger (event_id, source, source_event_id, state, claimed_at, stored_at)"
                + " VALUES (?, 'demo', 'z', 'STORED', 1, 1)", stored);
        assertThat(ledger.claim(stored, "demo", "z")).isFalse();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aBatchedStatementGivesEachRowItsOwnCountInOneTransaction(String database) throws Exception {
        DataSource dataSource = dataSource(database);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        String sql = database.equals("h2")
                ? "INSERT INTO hub_event_ledger (event_id, source, source_event_id, state, claimed_at) SELECT CAST(? AS VARCHAR), 'demo',"
                + " 'x', 'CLAIMED', 1 FROM (VALUES (0)) AS one(x) WHERE NOT EXISTS (SELECT 1 FROM hub_event_ledger WHERE event_id = ?)"
                : "INSERT INTO hub_event_ledger (event_id, source, source_event_id, state, claimed_at) VALUES (?, 'demo', 'x', 'CLAIMED', 1)"
                + " ON CONFLICT (event_id) DO NOTHING";
        BatchedStatement statement = new BatchedStatement("test-claims", sql, jdbc, dataSource);
        statement.start();
        try {
            // eight ids, each claimed by four threads at once: exactly one count of 1 per id
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ids.add("evt_" + UUID.randomUUID());
            }
            java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
            List<String> winners = all(32, () -> {
                String id = ids.get(next.getAndIncrement() % ids.size());
                int count = database.equals("h2") ? statement.update(id, id) : statement.update(id);
                return count == 1 ? id : null;
            });
            assertThat(winners.stream().filter(java.util.Objects::nonNull)).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hub_event_ledger", Long.class)).isEqualTo(8);
            // a row the database refuses (an id too long for its column) fails only its own caller, in the same batch
            // as good rows
            String tooLong = "x".repeat(100);
            List<String> outcomes = all(16, () -> {
                String id = next.getAndIncrement() % 4 == 0 ? tooLong : "evt_" + UUID.randomUUID();
                try {
                    int count = database.equals("h2") ? statement.update(id, id) : statement.update(id);
                    return count == 1 ? "inserted" : "existed";
                } catch (org.springframework.dao.DataAccessException e) {
                    return id.equals(tooLong) ? "refused" : "good row failed";
                }
            });
            assertThat(outcomes).containsOnly("inserted", "refused").contains("inserted", "refused");
        } finally {
            statement.stop();
        }
    }
}
