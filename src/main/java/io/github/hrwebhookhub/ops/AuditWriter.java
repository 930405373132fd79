package io.github.hrwebhookhub.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes audit rows with group commit: the rows of every thread that records at about the same time go to the
 * database as one batch in one transaction, written by a single thread. Each caller still waits until its own rows
 * are committed, so a step that {@link #write} returned from is in the database, as with a direct insert; under load
 * one commit serves many events and the writers no longer contend for the same tables.
 */
@Component
public class AuditWriter implements SmartLifecycle {

    static final String INSERT = "INSERT INTO hub_audit (event_id, recorded_at, stage, source, destination, attempt, http_status,"
            + " latency_ms, detail, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final Logger LOG = LoggerFactory.getLogger(AuditWriter.class);
    private static final int MAX_BATCH = 500;
    private static final long WAIT_SECONDS = 10;

    /** Rows of one caller, and the promise to tell it when they are committed. */
    private record Pending(List<Object[]> rows, CompletableFuture<Void> committed) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(10_000);
    private volatile Thread writer;

    public AuditWriter(JdbcTemplate jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /** Inserts the rows and returns once they are committed; throws what the database threw. */
    public void write(List<Object[]> rows) {
        if (writer == null) {
            jdbc.batchUpdate(INSERT, rows);
            return;
        }
        Pending pending = new Pending(rows, new CompletableFuture<>());
        try {
            if (!queue.offer(pending, WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new DataAccessResourceFailureException("audit writer is not keeping up");
            }
            pending.committed().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataAccessResourceFailureException("interrupted while recording an audit step", e);
        } catch (TimeoutException e) {
            throw new DataAccessResourceFailureException("audit step not committed within " + WAIT_SECONDS + " s", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new DataAccessResourceFailureException("audit step not recorded", e.getCause());
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (writer == Thread.currentThread() || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                // stop() interrupts only after clearing writer; what is still queued is written by the loop
            } finally {
                batch.clear();
            }
        }
    }

    /** One transaction for the whole batch; if it fails, each caller's rows alone, so one bad row fails one caller. */
    private void commit(List<Pending> batch) {
        List<Object[]> rows = new ArrayList<>();
        batch.forEach(pending -> rows.addAll(pending.rows()));
        try {
            transaction.executeWithoutResult(status -> jdbc.batchUpdate(INSERT, rows));
            batch.forEach(pending -> pending.committed().complete(null));
        } catch (RuntimeException batchFailed) {
            for (Pending pending : batch) {
                try {
                    transaction.executeWithoutResult(status -> jdbc.batchUpdate(INSERT, pending.rows()));
                    pending.committed().complete(null);
                } catch (RuntimeException e) {
                    pending.committed().completeExceptionally(e);
                }
            }
        }
    }

    @Override
    public void start() {
        Thread thread = new Thread(this::run, "audit-writer");
        thread.setDaemon(true);
        writer = thread;
        thread.start();
    }

    @Override
    public void stop() {
        Thread thread = writer;
        writer = null;
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                LOG.warn("audit writer still busy at shutdown");
            }
        }
    }

    @Override
    public boolean isRunning() {
        return writer != null;
    }

    /** Stops after the routes (which record steps) and before the data source closes. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}
