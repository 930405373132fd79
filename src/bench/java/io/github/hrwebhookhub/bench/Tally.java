package io.github.hrwebhookhub.bench;

import org.HdrHistogram.Histogram;

/**
 * The counts and latency histogram of one generator thread (no sharing while a phase runs); the threads' tallies are
 * merged when the phase ends. Answers: 202 accepted, 200 duplicate, 401 rejected, anything else (or no answer) an error.
 */
final class Tally {

    /** Status used for a request that got no answer (connection error, timeout, malformed answer). */
    static final int NO_ANSWER = -1;

    final Histogram latencyMicros = new Histogram(3);
    int sent;
    int accepted;
    int duplicates;
    int rejected;
    int errors;
    long maxLagMicros;

    /** Counts one answered (or failed) request and records its latency. */
    void record(int status, long latencyNanos) {
        sent++;
        latencyMicros.recordValue(Math.max(0, latencyNanos / 1000));
        switch (status) {
            case 202 -> accepted++;
            case 200 -> duplicates++;
            case 401 -> rejected++;
            default -> errors++;
        }
    }

    /** Notes how late a request went out compared with its intended send time. */
    void lag(long lagNanos) {
        maxLagMicros = Math.max(maxLagMicros, lagNanos / 1000);
    }

    void add(Tally other) {
        latencyMicros.add(other.latencyMicros);
        sent += other.sent;
        accepted += other.accepted;
        duplicates += other.duplicates;
        rejected += other.rejected;
        errors += other.errors;
        maxLagMicros = Math.max(maxLagMicros, other.maxLagMicros);
    }
}
