package io.github.hrwebhookhub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;

/**
 * The benchmark's report: target/bench/report.json for machines and report.md for people, from one set of figures.
 * Latencies are shown in milliseconds as p50 / p99 / p99.9 / max.
 */
final class Report {

    /**
     * Everything the report shows.
     *
     * @param endToEndMicros          fixed phase: intended send time to first receipt, per (event, destination)
     * @param hubBefore               hub {RSS KB, CPU ticks} before the fixed phase
     * @param hubAfter                hub {RSS KB, CPU ticks} after the max-rate phase
     * @param deliveriesPerSecond     deliveries reaching the stubs per second during max rate and drain
     * @param fullyDeliveredPerSecond events (with at least one destination) whose every destination got them, completed
     *                                per second during max rate and drain
     * @param deadLetters             messages in the hub's dead-letter queues after the drain, -1 if unknown
     * @param heapUsedKb              hub heap in use after a full GC, -1 if unknown
     */
    record Figures(MachineFacts machine, Phase anchor, Phase fixed, Phase max, Histogram endToEndMicros, long[] hubBefore,
                   long[] hubAfter, long lost, long duplicatesLeaked, long forgedDelivered, double deliveriesPerSecond,
                   double fullyDeliveredPerSecond, long deadLetters, long heapUsedKb, String hubHeap) {

        boolean valid() {
            return lost == 0 && duplicatesLeaked == 0 && forgedDelivered == 0;
        }

        double cpuSeconds() {
            return (hubAfter[1] - hubBefore[1]) / 100.0;
        }

        long eventsPerCpuSecond() {
            double cpu = cpuSeconds();
            return cpu == 0 ? 0 : Math.round((fixed.accepted() + max.accepted()) / cpu);
        }

        double ratioAcceptedToBareHttp() {
            return Math.round(1000 * max.perSecond() / anchor.perSecond()) / 1000.0;
        }

        String heapUsedMb() {
            return heapUsedKb < 0 ? "unknown" : Long.toString(Math.round(heapUsedKb / 1024.0));
        }

        String deadLetterCount() {
            return deadLetters < 0 ? "unknown" : Long.toString(deadLetters);
        }
    }

    private Report() {
    }

    /** Writes report.json and report.md into {@code out} and returns the Markdown. */
    static String write(Path out, Figures figures) throws IOException {
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.resolve("report.json").toFile(), json(figures));
        String markdown = markdown(figures);
        Files.writeString(out.resolve("report.md"), markdown);
        return markdown;
    }

    private static Map<String, Object> json(Figures f) {
        Phase fixed = f.fixed();
        return ordered(
                "valid", f.valid(),
                "machine", ordered("cores", f.machine().cores(), "memoryMb", f.machine().memoryMb(),
                        "fsyncsPerSecond", f.machine().fsyncsPerSecond(), "os", System.getProperty("os.name"),
                        "java", System.getProperty("java.version")),
                "bareHttpRequestsPerSecond", Math.round(f.anchor().perSecond()),
                "bareHttpLatencyMs", latency(f.anchor().latencyMicros()),
                "maxAcceptedPerSecond", Math.round(f.max().perSecond()),
                "ratioAcceptedToBareHttp", f.ratioAcceptedToBareHttp(),
                "deliveriesPerSecondDuringMax", Math.round(f.deliveriesPerSecond()),
                "fullyDeliveredEventsPerSecondDuringMax", Math.round(f.fullyDeliveredPerSecond()),
                "maxAcceptLatencyMs", latency(f.max().latencyMicros()),
                "fixedRate", ordered("name", fixed.name(), "connections", fixed.connections(),
                        "acceptedPerSecond", Math.round(fixed.perSecond()),
                        "acceptLatencyMs", latency(fixed.latencyMicros()),
                        "endToEndMs", latency(f.endToEndMicros()),
                        "generatorMaxLagMs", Phase.millis(fixed.maxLagMicros()),
                        "schedulerMaxLagMs", Phase.millis(fixed.maxSchedulerLagMicros())),
                "ledger", ordered("lost", f.lost(), "duplicatesLeaked", f.duplicatesLeaked(), "forgedDelivered", f.forgedDelivered(),
                        "deadLetters", f.deadLetters(), "errors", fixed.errors() + f.max().errors(),
                        "duplicatesAnswered", fixed.duplicates() + f.max().duplicates(),
                        "forgedRejected", fixed.rejected() + f.max().rejected()),
                "hub", ordered("rssMb", f.hubAfter()[0] / 1024, "heapUsedAfterFullGcMb", f.heapUsedKb() < 0 ? -1 : Math.round(f.heapUsedKb() / 1024.0),
                        "cpuSecondsUnderLoad", f.cpuSeconds(), "eventsPerCpuSecond", f.eventsPerCpuSecond(), "heap", f.hubHeap()));
    }

    private static String markdown(Figures f) {
        Phase anchor = f.anchor();
        Phase fixed = f.fixed();
        Phase max = f.max();
        List<String> rows = List.of(
                row("bare HTTP anchor (JDK HttpServer, same generator, " + anchor.connections() + " connections)",
                        Math.round(anchor.perSecond()) + " req/s"),
                row("accepted at max rate (" + max.connections() + " connections)", Math.round(max.perSecond()) + " events/s"),
                row("accepted/s / bare-HTTP req/s", Double.toString(f.ratioAcceptedToBareHttp())),
                row("deliveries/s during max rate and drain", Long.toString(Math.round(f.deliveriesPerSecond()))),
                row("events fully delivered/s during max rate and drain (every destination reached)",
                        Long.toString(Math.round(f.fullyDeliveredPerSecond()))),
                row("accept latency at max rate p50 / p99 / p99.9 / max", max.summaryMs() + " ms"),
                row(fixed.name() + ": accept p50 / p99 / p99.9 / max (from intended send time, " + fixed.connections() + " connections)",
                        fixed.summaryMs() + " ms"),
                row(fixed.name() + ": end-to-end p50 / p99 / p99.9 / max", Phase.summaryMs(f.endToEndMicros()) + " ms"),
                row(fixed.name() + ": generator lag max (send start - intended) / scheduler lag max",
                        Phase.millis(fixed.maxLagMicros()) + " / " + Phase.millis(fixed.maxSchedulerLagMicros()) + " ms"),
                row("lost / duplicates leaked / forged delivered", f.lost() + " / " + f.duplicatesLeaked() + " / " + f.forgedDelivered()),
                row("dead letters after drain", f.deadLetterCount()),
                row("errors (fixed + max: no answer or unexpected status)", Integer.toString(fixed.errors() + max.errors())),
                row("hub RSS after load", f.hubAfter()[0] / 1024 + " MB (heap " + f.hubHeap() + ")"),
                row("hub heap used after full GC", f.heapUsedMb() + " MB"),
                row("hub CPU seconds under load / events per CPU-second", f.cpuSeconds() + " / " + f.eventsPerCpuSecond()),
                row("machine", f.machine().cores() + " cores, " + f.machine().memoryMb() + " MB RAM, "
                        + f.machine().fsyncsPerSecond() + " fsyncs/s (4 KB), load generator on the same machine"));
        return "# HR Webhook Hub benchmark\n\n"
                + (f.valid() ? "Ledger balanced: the run is valid.\n\n" : "**VOID RUN: the ledger does not balance.**\n\n")
                + "| figure | value |\n|---|---|\n"
                + String.join("", rows);
    }

    private static String row(String figure, String value) {
        return "| " + figure + " | " + value + " |\n";
    }

    private static Map<String, Object> latency(Histogram micros) {
        return ordered("p50", Phase.percentileMs(micros, 50), "p99", Phase.percentileMs(micros, 99), "p999", Phase.percentileMs(micros, 99.9),
                "max", Phase.millis(micros.getMaxValue()));
    }

    /** A map that keeps the order of its {@code key, value, key, value, ...} arguments. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
