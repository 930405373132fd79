package io.github.hrwebhookhub.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One SQL statement run for many callers at once: the rows of every caller that arrives while a batch is being
 * written go to the database as one JDBC batch in one transaction, written by a single thread (as with
 * {@link GroupCommitWriter}), and each caller gets its own row's update count. Meant for statements whose count is
 * the answer, such as an insert that does nothing on conflict: 1 = this row is new, 0 = it was there. If a batch
 * fails, each row is retried alone, so a bad row fails only its own caller.
 */
public class BatchedStatement extends SingleWriter<BatchedStatement.Row> {

    private static final Logger LOG = LoggerFactory.getLogger(BatchedStatement.class);

    record Row(Object[] args, CompletableFuture<Integer> count) {
    }

    private final String name;
    private final String sql;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public BatchedStatement(String name, String sql, JdbcTemplate jdbc, DataSource dataSource) {
        super(name);
        this.name = name;
        this.sql = sql;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /** Runs the statement with these arguments and returns its update count once committed; throws what the database threw. */
    public int update(Object... args) {
        CompletableFuture<Integer> count = new CompletableFuture<>();
        return submitAndWait(new Row(args, count), count, () -> jdbc.update(sql, args));
    }

    @Override
    void commit(List<Row> batch) {
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

    public void stop() {
        stopWriting();
    }
}
