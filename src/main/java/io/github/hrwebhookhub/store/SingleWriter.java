package io.github.hrwebhookhub.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * The mechanism behind group commit and batched statements: callers queue work items, and one thread takes whatever
 * has queued up as one batch and commits it. A caller waits for its own item's result; before {@link #start} and
 * after {@link #stop} it does its work directly. On stop, what is queued is still written.
 *
 * @param <T> a queued item, carrying the promise its caller waits on
 */
abstract class SingleWriter<T> {

    static final long WAIT_SECONDS = 10;
    private static final int MAX_BATCH = 500;

    private final String name;
    private final BlockingQueue<T> queue = new LinkedBlockingQueue<>(10_000);
    private volatile Thread writer;

    SingleWriter(String name) {
        this.name = name;
    }

    /** Commits one batch and completes every item's promise, with its result or its own failure. */
    abstract void commit(List<T> batch);

    /**
     * Queues {@code item} and returns its result once the writer has committed it; throws what the database threw.
     * {@code direct} does the item's work on the caller's thread when the writer is not running.
     */
    <R> R submitAndWait(T item, CompletableFuture<R> result, Supplier<R> direct) {
        if (writer == null) {
            return direct.get();
        }
        try {
            if (!queue.offer(item, WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new DataAccessResourceFailureException(name + " is not keeping up");
            }
            if (writer == null && queue.remove(item)) {
                // stopped while this was being queued, and the writer will not take it any more
                return direct.get();
            }
            return result.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataAccessResourceFailureException(name + ": interrupted while waiting for the commit", e);
        } catch (TimeoutException e) {
            throw new DataAccessResourceFailureException(name + ": not committed within " + WAIT_SECONDS + " s", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new DataAccessResourceFailureException(name + ": not committed", e.getCause());
        }
    }

    /**
     * Queues {@code item} for the writer, waiting for room in the queue if it is full (as {@link #submitAndWait} does)
     * but not for the commit; false if it was not queued (the writer is not running, or no room within the wait).
     */
    boolean enqueue(T item) {
        if (writer == null) {
            return false;
        }
        try {
            if (!queue.offer(item, WAIT_SECONDS, TimeUnit.SECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        // stopped while this was being queued, and the writer will not take it any more
        return writer != null || !queue.remove(item);
    }

    /** Queues {@code item} without waiting; false when the queue is full or the writer is not running. */
    boolean offer(T item) {
        return writer != null && queue.offer(item);
    }

    private void run() {
        List<T> batch = new ArrayList<>();
        while (writer == Thread.currentThread() || !queue.isEmpty()) {
            try {
                T first = queue.poll(100, TimeUnit.MILLISECONDS);
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

    public void start() {
        Thread thread = new Thread(this::run, name);
        thread.setDaemon(true);
        writer = thread;
        thread.start();
    }

    /** Stops taking new work, writes what is queued, and returns false if that did not finish in time. */
    boolean stopWriting() {
        Thread thread = writer;
        writer = null;
        if (thread == null) {
            return true;
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    public boolean isRunning() {
        return writer != null;
    }
}
