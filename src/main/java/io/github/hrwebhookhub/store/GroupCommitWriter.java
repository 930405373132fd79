package io.github.hrwebhookhub.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import io.github.hrwebhookhub.config.BatchedCommits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
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
public class GroupCommitWriter extends SingleWriter<GroupCommitWriter.Pending> implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

    /** One statement and its arguments. */
    public record Statement(String sql, Object... args) {
    }

    /** Statements of one caller, in order, and the promise to tell it when they are committed. */
    record Pending(List<Statement> statements, CompletableFuture<Void> committed) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    /** Statement lists {@link #writeLater} could not queue, or whose commit failed. */
    private final AtomicLong dropped = new AtomicLong();
    /** Statements of this thread's open broker transaction, written just before it ends. */
    private final ThreadLocal<Deferred> transactionStatements = ThreadLocal.withInitial(Deferred::new);

    public GroupCommitWriter(JdbcTemplate jdbc, DataSource dataSource) {
        super("group-commit-writer");
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /**
     * Executes the statements and returns once they are committed; throws what the database threw. Statements must
     * not depend on each other's results: within a batch, the same statement text runs for all callers at once.
     */
    public void write(List<Statement> statements) {
        CompletableFuture<Void> committed = new CompletableFuture<>();
        submitAndWait(new Pending(statements, committed), committed, () -> {
            transaction.executeWithoutResult(status -> execute(statements));
            return null;
        });
    }

    /**
     * Queues the statements and returns a promise of their commit, without waiting for it; nothing is dropped (when
     * the queue is full the caller waits for room, as with {@link #write}). The promise fails with what the database
     * threw.
     */
    public CompletableFuture<Void> writeAsync(List<Statement> statements) {
        CompletableFuture<Void> committed = new CompletableFuture<>();
        if (!enqueue(new Pending(statements, committed))) {
            try {
                transaction.executeWithoutResult(status -> execute(statements));
                committed.complete(null);
            } catch (RuntimeException e) {
                committed.completeExceptionally(e);
            }
        }
        return committed;
    }

    /**
     * On a broker consumer's thread with a batched transaction open ({@link BatchedCommits}): keeps the statements and
     * writes them, with those of the transaction's other messages, in one commit just before the broker transaction
     * commits (or rolls back: they record what was done). Anywhere else: {@link #write} now.
     *
     * <p>{@code required}: a failure to write them turns the broker commit into a rollback, so the messages are
     * delivered again and their statements written then (for rows without which the message must not be taken off
     * its queue). Otherwise a failure is logged and the transaction commits (for rows recording work that must not
     * be repeated because its record failed, such as a delivery already made). Statements must be safe to run again
     * after a rollback, and must not depend on rows written by statements of the same transaction with a different
     * text that comes later in it (statements run grouped by text, in order of first appearance).
     */
    public void writeBeforeCommit(List<Statement> statements, boolean required) {
        Deferred deferred = transactionStatements.get();
        if (!BatchedCommits.enlist(deferred)) {
            if (required) {
                write(statements);
            } else {
                try {
                    write(statements);
                } catch (RuntimeException e) {
                    LOG.warn("audit rows not written ({})", e.getClass().getSimpleName());
                }
            }
            return;
        }
        deferred.add(statements, required);
    }

    private final class Deferred implements BatchedCommits.Participant {
        private final List<Statement> statements = new ArrayList<>();
        private boolean required;

        void add(List<Statement> more, boolean requiredToo) {
            statements.addAll(more);
            required |= requiredToo;
        }

        @Override
        public void beforeCompletion(boolean committing) {
            if (statements.isEmpty()) {
                return;
            }
            List<Statement> now = new ArrayList<>(statements);
            boolean mustSucceed = required && committing;
            statements.clear();
            required = false;
            try {
                write(now);
            } catch (RuntimeException e) {
                if (mustSucceed) {
                    throw e;
                }
                LOG.warn("{} audit rows of a broker transaction not written ({})", now.size(), e.getClass().getSimpleName());
            }
        }
    }

    /**
     * Queues the statements and returns at once, without waiting for their commit: for rows the caller's answer
     * does not depend on (rejected requests, duplicates). When the queue is full, or the commit fails, the rows are
     * dropped and counted ({@link #dropped}) rather than slow the caller.
     */
    public void writeLater(List<Statement> statements) {
        if (!isRunning()) {
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
        if (!offer(new Pending(statements, committed))) {
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

    /** One transaction for the whole batch; if it fails, each caller's statements alone, so one bad row fails one caller. */
    @Override
    void commit(List<Pending> batch) {
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
    public void stop() {
        if (!stopWriting()) {
            LOG.warn("group commit writer still busy at shutdown");
        }
    }

    /** Stops after the routes (which record steps) and before the data source closes. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}
