package io.github.hrwebhookhub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
     * @param database                the database the hub ran on
     * @param anchor                  bare-HTTP anchor on the JDK HttpServer
     * @param vertxAnchor             bare-HTTP anchor on Vert.x, the engine of camel-platform-http-vertx
     * @param endToEndMicros          fixed phase: intended send time to first receipt, per (event, destination)
     * @param hubBefore               hub {RSS KB, CPU ticks, system CPU ticks} before the fixed phase
     * @param hubAfter                hub {RSS KB, CPU ticks, system CPU ticks} after the max-rate phase
     * @param hubDrained              the same once the drain after the max-rate phase ended (every event delivered)
     * @param deliveriesPerSecond     deliveries reaching the stubs per second during max rate and drain
     * @param fullyDeliveredPerSecond events (with at least one destination) whose every destination got them, completed
     *                                per second during max rate and drain
     * @param deadLetters             messages in the hub's dead-letter queues after the drain, -1 if unknown
     * @param heapUsedKb              hub heap in use after a full GC, -1 if unknown
     * @param intakeOnly              the second hub's run with routing and delivery stopped; null until it ran
     */
    record Figures(MachineFacts machine, String database, Phase anchor, Phase vertxAnchor, Phase fixed, Phase max,
                   Histogram endToEndMicros, long[] hubBefore, long[] hubAfter, long[] hubDrained, long lost, long duplicatesLeaked, long forgedDelivered,
                   double deliveriesPerSecond, double fullyDeliveredPerSecond, long deadLetters, long heapUsedKb, String hubHeap,
                   IntakeOnly intakeOnly) {

        Figures withIntakeOnly(IntakeOnly measured) {
            return new Figures(machine, database, anchor, vertxAnchor, fixed, max, endToEndMicros, hubBefore, hubAfter, hubDrained, lost,
                    duplicatesLeaked, forgedDelivered, deliveriesPerSecond, fullyDeliveredPerSecond, deadLetters, heapUsedKb, hubHeap,
                    measured);
        }

        boolean valid() {
            return lost == 0 && duplicatesLeaked == 0 && forgedDelivered == 0;
        }

        double cpuSeconds() {
            return (hubAfter[1] - hubBefore[1]) / 100.0;
        }

        /**
         * The hub's CPU from the fixed phase until the drain after max rate ended: all the work of the events accepted
         * in both phases, including the deliveries a backlog left for the drain (which {@link #cpuSeconds()} misses,
         * flattering a hub that falls behind).
         */
        double cpuSecondsUntilDrained() {
            return (hubDrained[1] - hubBefore[1]) / 100.0;
        }

        long eventsPerCpuSecondUntilDrained() {
            double cpu = cpuSecondsUntilDrained();
            return cpu <= 0 ? 0 : Math.round((fixed.accepted() + max.accepted()) / cpu);
        }

        /** CPU of the PostgreSQL server's processes over the same time (0 with H2, whose CPU is the hub's). */
        double databaseServerCpuSeconds() {
            return (hubAfter[3] - hubBefore[3]) / 100.0;
        }

        /** Events per CPU-second of the hub and its database server together. */
        long eventsPerCpuSecondWithDatabase() {
            double cpu = cpuSeconds() + databaseServerCpuSeconds();
            return cpu == 0 ? 0 : Math.round((fixed.accepted() + max.accepted()) / cpu);
        }

        /**
         * The JIT compiler threads' part of {@link #cpuSeconds()}: code still being optimised after the warm-up, a
         * cost a long-running hub no longer pays (at least this much: compiler threads that ended are not counted).
         */
        double compilerCpuSeconds() {
            return hubAfter.length < 5 ? 0 : Math.max(0, hubAfter[4] - hubBefore[4]) / 100.0;
        }

        /** Events per CPU-second without the JIT compiler threads: closer to a long-running hub's. */
        long eventsPerCpuSecondWithoutCompiler() {
            double cpu = cpuSeconds() - compilerCpuSeconds();
            return cpu <= 0 ? 0 : Math.round((fixed.accepted() + max.accepted()) / cpu);
        }

        /** The kernel's part of {@link #cpuSeconds()}: socket I/O, thread wake-ups, fsyncs. */
        double systemCpuSeconds() {
            return (hubAfter[2] - hubBefore[2]) / 100.0;
        }

        long eventsPerCpuSecond() {
            double cpu = cpuSeconds();
            return cpu == 0 ? 0 : Math.round((fixed.accepted() + max.accepted()) / cpu);
        }

        double ratioAcceptedToBareHttp() {
            return ratio(max.perSecond(), anchor.perSecond());
        }

        double ratioAcceptedToVertx() {
            return ratio(max.perSecond(), vertxAnchor.perSecond());
        }

        String heapUsedMb() {
            return heapUsedKb < 0 ? "unknown" : Long.toString(Math.round(heapUsedKb / 1024.0));
        }

        String deadLetterCount() {
            return deadLetters < 0 ? "unknown" : Long.toString(deadLetters);
        }
    }

    /**
     * The intake alone, on a hub whose broker consumers were not started.
     *
     * @param cpuSeconds       the hub's user + system CPU over the phase
     * @param systemCpuSeconds the kernel's part of it
     * @param databaseCpuSeconds the PostgreSQL server's CPU over the phase (0 with H2)
     */
    record IntakeOnly(Phase phase, double cpuSeconds, double systemCpuSeconds, double databaseCpuSeconds) {

        double databaseMillisPerEvent() {
            return phase.accepted() == 0 ? 0 : Math.round(10_000 * databaseCpuSeconds / phase.accepted()) / 10.0;
        }

        double cpuMillisPerEvent() {
            return phase.accepted() == 0 ? 0 : Math.round(10_000 * cpuSeconds / phase.accepted()) / 10.0;
        }

        long eventsPerCpuSecond() {
            return cpuSeconds == 0 ? 0 : Math.round(phase.accepted() / cpuSeconds);
        }
    }

    private Report() {
    }

    private static double ratio(double part, double whole) {
        return whole == 0 ? 0 : Math.round(1000 * part / whole) / 1000.0;
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
                "database", f.database(),
                "bareHttpRequestsPerSecond", Math.round(f.anchor().perSecond()),
                "bareHttpLatencyMs", latency(f.anchor().latencyMicros()),
                "vertxBareHttpRequestsPerSecond", Math.round(f.vertxAnchor().perSecond()),
                "vertxBareHttpLatencyMs", latency(f.vertxAnchor().latencyMicros()),
                "maxAcceptedPerSecond", Math.round(f.max().perSecond()),
                "ratioAcceptedToBareHttp", f.ratioAcceptedToBareHttp(),
                "ratioAcceptedToVertxBareHttp", f.ratioAcceptedToVertx(),
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
                        "cpuSecondsUnderLoad", f.cpuSeconds(), "systemCpuSecondsUnderLoad", f.systemCpuSeconds(),
                        "eventsPerCpuSecond", f.eventsPerCpuSecond(), "cpuSecondsUntilDrained", f.cpuSecondsUntilDrained(),
                        "eventsPerCpuSecondUntilDrained", f.eventsPerCpuSecondUntilDrained(), "compilerCpuSeconds", f.compilerCpuSeconds(),
                        "eventsPerCpuSecondWithoutCompiler", f.eventsPerCpuSecondWithoutCompiler(), "databaseServerCpuSeconds", f.databaseServerCpuSeconds(),
                        "eventsPerCpuSecondWithDatabaseServer", f.eventsPerCpuSecondWithDatabase(), "heap", f.hubHeap()),
                "intakeOnly", f.intakeOnly() == null ? null : ordered("acceptedPerSecond", Math.round(f.intakeOnly().phase().perSecond()),
                        "acceptLatencyMs", latency(f.intakeOnly().phase().latencyMicros()), "cpuSeconds", f.intakeOnly().cpuSeconds(),
                        "systemCpuSeconds", f.intakeOnly().systemCpuSeconds(),
                        "databaseServerCpuSeconds", f.intakeOnly().databaseCpuSeconds(),
                        "cpuMsPerEvent", f.intakeOnly().cpuMillisPerEvent(), "eventsPerCpuSecond", f.intakeOnly().eventsPerCpuSecond(),
                        "errors", f.intakeOnly().phase().errors()));
    }

    private static String markdown(Figures f) {
        Phase anchor = f.anchor();
        Phase vertx = f.vertxAnchor();
        Phase fixed = f.fixed();
        Phase max = f.max();
        IntakeOnly intake = f.intakeOnly();
        List<String> rows = new ArrayList<>(List.of(
                row("database; webhook intake engine", f.database()),
                row("bare HTTP anchor (JDK HttpServer, same generator, " + anchor.connections() + " connections)",
                        Math.round(anchor.perSecond()) + " req/s"),
                row("bare HTTP anchor (" + vertx.name() + ", one event loop per core, same generator, " + vertx.connections() + " connections)",
                        Math.round(vertx.perSecond()) + " req/s"),
                row("accepted at max rate (" + max.connections() + " connections)", Math.round(max.perSecond()) + " events/s"),
                row("accepted/s / bare-HTTP req/s (JDK / Vert.x)", f.ratioAcceptedToBareHttp() + " / " + f.ratioAcceptedToVertx()),
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
                row("hub CPU seconds under load (fixed + max rate; of which kernel) / events per CPU-second end to end",
                        f.cpuSeconds() + " (" + f.systemCpuSeconds() + ") / " + f.eventsPerCpuSecond()),
                row("hub CPU seconds from the fixed phase until every event is delivered (drain included) / events per CPU-second",
                        f.cpuSecondsUntilDrained() + " / " + f.eventsPerCpuSecondUntilDrained()),
                row("of the hub's CPU under load, JIT compiler threads / events per CPU-second without them",
                        f.compilerCpuSeconds() + " s / " + f.eventsPerCpuSecondWithoutCompiler())));
        if (f.databaseServerCpuSeconds() > 0) {
            rows.add(row("database server CPU seconds (its own processes) / events per CPU-second, hub + database server",
                    f.databaseServerCpuSeconds() + " / " + f.eventsPerCpuSecondWithDatabase()));
        }
        if (intake != null) {
            rows.add(row("intake alone (routing and delivery stopped): accepted at max rate (" + intake.phase().connections() + " connections)",
                    Math.round(intake.phase().perSecond()) + " events/s, accept p50 / p99 " + Phase.percentileMs(intake.phase().latencyMicros(), 50)
                            + " / " + Phase.percentileMs(intake.phase().latencyMicros(), 99) + " ms, errors " + intake.phase().errors()));
            rows.add(row("intake alone: CPU per accepted event / events per CPU-second",
                    intake.cpuMillisPerEvent() + " ms (kernel " + Math.round(100 * intake.systemCpuSeconds() / Math.max(intake.cpuSeconds(), 0.01))
                            + " %) / " + intake.eventsPerCpuSecond()
                            + (intake.databaseCpuSeconds() > 0 ? "; database server " + intake.databaseMillisPerEvent() + " ms more" : "")));
        }
        rows.add(row("machine", f.machine().cores() + " cores, " + f.machine().memoryMb() + " MB RAM, "
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
