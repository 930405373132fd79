package io.github.hrwebhookhub.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives pre-serialised requests at one host and port over {@link KeepAliveConnection}s, one platform thread per
 * connection, in one of two models:
 * <ul>
 *   <li>closed ({@link #closed}): each connection sends its next request as soon as the previous one is answered;
 *       latency counts from the send start;</li>
 *   <li>open ({@link #open}): a scheduler queues each request at its intended send time (start + i / rate) and the
 *       connections take them from the queue; latency counts from the intended send time, so time spent waiting for a
 *       free connection is included (no coordinated omission).</li>
 * </ul>
 * Connections are opened before the phase's clock starts.
 */
final class LoadGenerator {

    /** Told about each request answered 202, with the time its latency counts from. */
    interface AcceptListener {
        AcceptListener NONE = (eventId, fromNanos) -> { };

        void accepted(String eventId, long fromNanos);
    }

    /** One queued request of the open model; {@code index < 0} tells a connection thread to stop. */
    private record Ticket(int index, long intendedNanos) {
        static final Ticket STOP = new Ticket(-1, 0);
    }

    /** What one connection thread does once every connection is open and the phase has started at {@code startNanos}. */
    private interface Work {
        void run(KeepAliveConnection connection, Tally tally, long startNanos) throws InterruptedException;
    }

    /**
     * What the calling thread does once the phase has started: nothing (closed model) or feeding the queue (open
     * model); returns the largest scheduling delay in nanoseconds.
     */
    private interface Driver {
        long run(long startNanos);
    }

    private final String host;
    private final int port;

    LoadGenerator(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /**
     * Closed model for {@code seconds}: {@code connections} threads each send the next request as soon as the previous
     * one is answered, until the time is up or (unless {@code cycle}) the requests run out.
     */
    Phase closed(String name, List<PreparedRequest> requests, boolean cycle, int connections, int seconds, AcceptListener listener)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        Work work = (connection, tally, startNanos) -> {
            long deadline = startNanos + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline) {
                int i = next.getAndIncrement();
                if (i >= requests.size() && !cycle) {
                    return;
                }
                send(connection, requests.get(i % requests.size()), System.nanoTime(), tally, listener);
            }
        };
        Run run = runConnections(connections, work, startNanos -> 0);
        return Phase.of(name, run.tally(), run.seconds(), 0, connections);
    }

    /**
     * Open model: {@code min(requests, rate * seconds)} requests, the i-th queued at start + i / rate and sent by the
     * first free one of {@code connections} connections.
     */
    Phase open(String name, List<PreparedRequest> requests, int rate, int seconds, int connections, AcceptListener listener)
            throws InterruptedException {
        int total = Math.min(requests.size(), rate * seconds);
        BlockingQueue<Ticket> queue = new LinkedBlockingQueue<>();
        Work work = (connection, tally, startNanos) -> {
            for (Ticket ticket = queue.take(); ticket.index() >= 0; ticket = queue.take()) {
                long sendStart = System.nanoTime();
                tally.lag(sendStart - ticket.intendedNanos());
                send(connection, requests.get(ticket.index()), ticket.intendedNanos(), tally, listener);
            }
        };
        Run run = runConnections(connections, work, startNanos -> {
            long schedulerLag = schedule(queue, total, rate, startNanos);
            for (int c = 0; c < connections; c++) {
                queue.add(Ticket.STOP);
            }
            return schedulerLag;
        });
        return Phase.of(name, run.tally(), run.seconds(), run.schedulerLagNanos() / 1000, connections);
    }

    /** Queues ticket i at start + i / rate; returns the largest scheduling delay in nanoseconds. */
    private static long schedule(BlockingQueue<Ticket> queue, int total, int rate, long start) {
        long maxLag = 0;
        for (int i = 0; i < total; i++) {
            long intended = start + (long) (i * 1e9 / rate);
            waitUntil(intended);
            maxLag = Math.max(maxLag, System.nanoTime() - intended);
            queue.add(new Ticket(i, intended));
        }
        return maxLag;
    }

    private static void waitUntil(long nanos) {
        for (long left = nanos - System.nanoTime(); left > 0; left = nanos - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /** Sends one request, records its answer with latency counted from {@code fromNanos}, and tells the listener of a 202. */
    private static void send(KeepAliveConnection connection, PreparedRequest request, long fromNanos, Tally tally, AcceptListener listener) {
        int status;
        try {
            status = connection.exchange(request.bytes());
        } catch (IOException e) {
            status = Tally.NO_ANSWER;
        }
        tally.record(status, System.nanoTime() - fromNanos);
        if (status == 202) {
            listener.accepted(request.eventId(), fromNanos);
        }
    }

    /** Merged tally, wall-clock duration and largest scheduling delay of one phase. */
    private record Run(Tally tally, double seconds, long schedulerLagNanos) {
    }

    /**
     * Starts one thread per connection, waits until all are connected, starts the clock, runs {@code driver} on the
     * calling thread, then waits for the connection threads and merges their tallies.
     */
    private Run runConnections(int connections, Work work, Driver driver) throws InterruptedException {
        CountDownLatch connected = new CountDownLatch(connections);
        CountDownLatch started = new CountDownLatch(1);
        AtomicLong startNanos = new AtomicLong();
        List<Tally> tallies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Tally tally = new Tally();
            tallies.add(tally);
            Thread thread = new Thread(() -> connectionLoop(work, tally, connected, started, startNanos), "load-" + c);
            threads.add(thread);
            thread.start();
        }
        connected.await();
        long start = System.nanoTime();
        startNanos.set(start);
        started.countDown();
        long schedulerLag = driver.run(start);
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Tally total = new Tally();
        tallies.forEach(total::add);
        return new Run(total, seconds, schedulerLag);
    }

    private void connectionLoop(Work work, Tally tally, CountDownLatch connected, CountDownLatch started, AtomicLong startNanos) {
        try (KeepAliveConnection connection = new KeepAliveConnection(host, port)) {
            try {
                connection.connect();
            } catch (IOException e) {
                // counted when its first request fails
            }
            connected.countDown();
            started.await();
            work.run(connection, tally, startNanos.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
