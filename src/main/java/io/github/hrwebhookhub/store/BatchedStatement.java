package io.github.hrwebhookhub.store;

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
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One SQL statement run for many callers at once: the rows of every caller that arrives while a batch is being
 * written go to the database as one JDBC batch in one transaction, written by a single thread, and each caller gets
 * its own row's update count. Meant for statements whose count is the answer, such as an insert that does nothing
 * on conflict: 1 = this row is new, 0 = it was there. If a batch fails, each row is retried alone, so a bad row fails
 * only its own caller.
 */
public class BatchedStatement {

    private static final Logger LOG = LoggerFactory.getLogger(BatchedStatement.class);
    private static final int MAX_BATCH = 500;
    private static final long WAIT_SECONDS = 10;

    private record Row(Object[] args, CompletableFuture<Integer> count) {
    }

    private final String name;
    private final String sql;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final BlockingQueue<Row> queue = new LinkedBlockingQueue<>(10_000);
    private volatile Thread writer;

    public BatchedStatement(String name, String sql, JdbcTemplate jdbc, DataSource dataSource) {
        this.name = name;
        this.sql = sql;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /** Runs the statement with these arguments and returns its update count once committed; throws what the database threw. */
    public int update(Object... args) {
        if (writer == null) {
            return jdbc.update(sql, args);
        }
        Row row = new Row(args, new CompletableFuture<>());
        try {
            if (!queue.offer(row, WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new DataAccessResourceFailureException(name + ": batch writer is not keeping up");
            }
            if (writer == null && queue.remove(row)) {
                return jdbc.update(sql, args);
            }
            return row.count().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataAccessResourceFailureException(name + ": interrupted while waiting for the batch", e);
        } catch (TimeoutException e) {
            throw new DataAccessResourceFailureException(name + ": not committed within " + WAIT_SECONDS + " s", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new DataAccessResourceFailureException(name + ": not committed", e.getCause());
        }
    }

    private void run() {
        List<Row> batch = new ArrayList<>();
        while (writer == Thread.currentThread() || !queue.isEmpty()) {
            try {
                Row first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                commit(batch);
            } catch (InterruptedException e) {
                // only the loop condition ends the writer; what is queued is written first
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Row> batch) {
        List<Object[]> args = new ArrayList<>(batch.size());
        batch.forEach(row -> args.add(row.args()));
        try {
            int[] counts = transaction.execute(status -> jdbc.batchUpdate(sql, args));
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).count().complete(counts == null || i >= counts.length ? 0 : Math.max(counts[i], 0));
            }
        } catch (RuntimeException batchFailed) {
            LOG.debug("{}: batch of {} failed ({}); writing its rows one by one", name, batch.size(),
                    batchFailed.getClass().getSimpleName());
            for (Row row : batch) {
                try {
                    row.count().complete(jdbc.update(sql, row.args()));
                } catch (RuntimeException e) {
                    row.count().completeExceptionally(e);
                }
            }
        }
    }

    public void start() {
        Thread thread = new Thread(this::run, name);
        thread.setDaemon(true);
        writer = thread;
        thread.start();
    }

    public void stop() {
        Thread thread = writer;
        writer = null;
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean isRunning() {
        return writer != null;
    }
}
