package io.github.hrwebhookhub.store;

import io.github.hrwebhookhub.audit.AuditTrail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Group commit keeps the contract of a direct write: when {@code write} returns, the caller's rows are committed
 * (other connections see them), whatever other threads write at the same time; a failing statement fails only its
 * own caller.
 */
class GroupCommitWriterTest {

    private JdbcTemplate jdbc;
    private GroupCommitWriter writer;

    @BeforeEach
    void database() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/common", "classpath:db/migration/h2").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        writer = new GroupCommitWriter(jdbc, dataSource);
        writer.start();
    }

    @AfterEach
    void stop() {
        writer.stop();
    }

    private static Object[] row(String eventId, String stage, String detail) {
        return new Object[] {eventId, System.currentTimeMillis(), stage, "test", null, null, null, null, detail, null};
    }

    private int rowsOf(String eventId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM hub_audit WHERE event_id = ?", Integer.class, eventId);
    }

    @Test
    void everyCallersRowsAreCommittedWhenItsWriteReturns() throws Exception {
        int threads = 16;
        int writesEach = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        Set<String> notVisibleOnReturn = ConcurrentHashMap.newKeySet();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < writesEach; i++) {
                    String eventId = "evt_" + thread + "_" + i;
                    writeAuditRows(List.of(row(eventId, "received", null), row(eventId, "verified", null)));
                    if (rowsOf(eventId) != 2) {
                        notVisibleOnReturn.add(eventId);
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : done) {
            future.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(notVisibleOnReturn).isEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hub_audit", Integer.class)).isEqualTo(threads * writesEach * 2);
    }

    @Test
    void aFailingStatementFailsOnlyItsOwnCaller() throws Exception {
        // concurrent callers, often in one batch: the good caller's rows are committed all the same
        ExecutorService pool = Executors.newFixedThreadPool(2);
        String tooLongStage = "x".repeat(100);
        Future<?> bad = pool.submit(() -> {
            writeAuditRows(List.<Object[]>of(row("evt_bad", tooLongStage, null)));
            return null;
        });
        Future<?> good = pool.submit(() -> {
            writer.write(List.of(new GroupCommitWriter.Statement(AuditTrail.INSERT_STEP, row("evt_good", "received", null)),
                    new GroupCommitWriter.Statement(AuditTrail.INSERT_STEP, row("evt_good", "verified", null))));
            return null;
        });
        good.get(30, TimeUnit.SECONDS);
        assertThatThrownBy(() -> bad.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(DataAccessException.class);
        pool.shutdown();
        assertThat(rowsOf("evt_good")).isEqualTo(2);
        assertThat(rowsOf("evt_bad")).isZero();
    }

    @Test
    void writeLaterReturnsAtOnceCommitsSoonAfterAndCountsWhatItHadToDrop() {
        writer.writeLater(List.of(new GroupCommitWriter.Statement(AuditTrail.INSERT_STEP, row("evt_later", "rejected", null))));
        writer.writeLater(List.of(new GroupCommitWriter.Statement(AuditTrail.INSERT_STEP, row("evt_refused", "x".repeat(100), null))));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> rowsOf("evt_later") == 1 && writer.dropped() == 1);
        assertThat(rowsOf("evt_refused")).isZero();
    }

    @Test
    void afterStopItWritesDirectly() {
        writer.stop();
        writeAuditRows(List.<Object[]>of(row("evt_late", "received", null)));
        assertThat(rowsOf("evt_late")).isEqualTo(1);
    }

    private void writeAuditRows(List<Object[]> rows) {
        writer.write(rows.stream().map(row -> new GroupCommitWriter.Statement(AuditTrail.INSERT_STEP, row)).toList());
    }
}
