package io.github.hrwebhookhub.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

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
 * Writes audit rows, and other statements that cannot conflict, with group commit: the statements of every thread
 * that writes at about the same time go to the database as batches in one transaction, written by a single thread.
 * Each caller still waits until its own statements are committed, so what {@link #write} returned from is in the
 * database, as with a direct update; under load one commit serves many events and the writers no longer contend for
 * the same tables and rows.
 */
@Component
public class GroupCommitWriter implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final int MAX_BATCH = 500;
    private static final long WAIT_SECONDS = 10;

    /** One statement and its arguments. */
    public record Statement(String sql, Object... args) {
    }

    /** Statements of one caller, in order, and the promise to tell it when they are committed. */
    private record Pending(List<Statement> statements, CompletableFuture<Void> committed) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(10_000);
    /** Statement lists {@link #writeLater} could not queue, or whose commit failed. */
    private final AtomicLong dropped = new AtomicLong();
    private volatile Thread writer;

    public GroupCommitWriter(JdbcTemplate jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /**
     * Executes the statements and returns once they are committed; throws what the database threw. Statements must
     * not depend on each other's results: within a batch, the same statement text runs for all callers at once.
     */
    public void write(List<Statement> statements) {
        if (writer == null) {
            transaction.executeWithoutResult(status -> execute(statements));
            return;
        }
        Pending pending = new Pending(statements, new CompletableFuture<>());
        try {
            if (!queue.offer(pending, WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new DataAccessResourceFailureException("group commit writer is not keeping up");
            }
            if (writer == null && queue.remove(pending)) {
                // stopped while this was being queued, and the writer will not take it any more
                transaction.executeWithoutResult(status -> execute(statements));
                return;
            }
            pending.committed().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataAccessResourceFailureException("interrupted while waiting for a group commit", e);
        } catch (TimeoutException e) {
            throw new DataAccessResourceFailureException("statements not committed within " + WAIT_SECONDS + " s", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new DataAccessResourceFailureException("statements not committed", e.getCause());
        }
    }

    /**
     * Queues the statements and returns at once, without waiting for their commit: for rows the caller's answer
     * does not depend on (rejected requests, duplicates). When the queue is full, or the commit fails, the rows are
     * dropped and counted ({@link #dropped}) rather than slow the caller.
     */
    public void writeLater(List<Statement> statements) {
        if (writer == null) {
            try {
                transaction.executeWithoutResult(status -> execute(statements));
            } catch (RuntimeException e) {
                dropped(e);
            }
            return;
        }
        CompletableFuture<Void> committed = new CompletableFuture<>();
        committed.whenComplete((ok, failure) -> {
            if (failure != null) {
                dropped(failure);
            }
        });
        if (!queue.offer(new Pending(statements, committed))) {
            dropped(null);
        }
    }

    private void dropped(Throwable cause) {
        long count = dropped.incrementAndGet();
        if (count == 1 || count % 1000 == 0) {
            LOG.warn("{} asynchronous audit writes dropped so far{}", count, cause == null ? " (queue full)"
                    : " (" + cause.getClass().getSimpleName() + ")");
        }
    }

    /** How many {@link #writeLater} statement lists were dropped since start. */
    public long dropped() {
        return dropped.get();
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
                // nothing interrupts the writer on purpose; the loop condition alone decides when it ends, and what is
                // still queued is written first
            } finally {
                batch.clear();
            }
        }
    }

    /** One transaction for the whole batch; if it fails, each caller's statements alone, so one bad row fails one caller. */
    private void commit(List<Pending> batch) {
        List<Statement> statements = new ArrayList<>();
        batch.forEach(pending -> statements.addAll(pending.statements()));
        try {
            transaction.executeWithoutResult(status -> execute(statements));
            batch.forEach(pending -> pending.committed().complete(null));
        } catch (RuntimeException batchFailed) {
            for (Pending pending : batch) {
                try {
                    transaction.executeWithoutResult(status -> execute(pending.statements()));
                    pending.committed().complete(null);
                } catch (RuntimeException e) {
                    pending.committed().completeExceptionally(e);
                }
            }
        }
    }

    /** Runs the statements as one JDBC batch per statement text, in order of first appearance. */
    private void execute(List<Statement> statements) {
        Map<String, List<Object[]>> bySql = new LinkedHashMap<>();
        for (Statement statement : statements) {
            bySql.computeIfAbsent(statement.sql(), sql -> new ArrayList<>()).add(statement.args());
        }
        bySql.forEach(jdbc::batchUpdate);
    }

    @Override
    public void start() {
        Thread thread = new Thread(this::run, "group-commit-writer");
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
                LOG.warn("group commit writer still busy at shutdown");
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
