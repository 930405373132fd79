package io.github.hrwebhookhub.bench;

import java.util.Locale;

import org.HdrHistogram.Histogram;

/**
 * Results of one load phase.
 *
 * @param latencyMicros         latencies in microseconds: from send start (closed model) or from the intended send time (open model)
 * @param maxLagMicros          open model: the largest delay between a request's intended send time and the moment a
 *                              connection started writing it (includes waiting for a free connection); 0 in the closed model
 * @param maxSchedulerLagMicros open model: the largest delay between an intended send time and the scheduler queueing it
 * @param connections           connections (threads) the phase used
 */
record Phase(String name, int sent, int accepted, int duplicates, int rejected, int errors, double seconds, Histogram latencyMicros,
             long maxLagMicros, long maxSchedulerLagMicros, int connections) {

    static Phase of(String name, Tally tally, double seconds, long maxSchedulerLagMicros, int connections) {
        return new Phase(name, tally.sent, tally.accepted, tally.duplicates, tally.rejected, tally.errors, seconds, tally.latencyMicros,
                tally.maxLagMicros, maxSchedulerLagMicros, connections);
    }

    /** Accepted (202) answers per second; for the bare-HTTP anchor, requests per second. */
    double perSecond() {
        return accepted / seconds;
    }

    /** "p50 / p99 / p99.9 / max" of this phase's latencies, in milliseconds. */
    String summaryMs() {
        return summaryMs(latencyMicros);
    }

    /** "p50 / p99 / p99.9 / max" of {@code micros}, in milliseconds. */
    static String summaryMs(Histogram micros) {
        return percentileMs(micros, 50) + " / " + percentileMs(micros, 99) + " / " + percentileMs(micros, 99.9) + " / "
                + millis(micros.getMaxValue());
    }

    /** The value at {@code percentile} (0-100) of {@code micros}, in milliseconds with one decimal. */
    static String percentileMs(Histogram micros, double percentile) {
        return millis(micros.getTotalCount() == 0 ? 0 : micros.getValueAtPercentile(percentile));
    }

    static String millis(long micros) {
        return String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }
}
