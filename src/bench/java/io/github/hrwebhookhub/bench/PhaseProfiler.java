package io.github.hrwebhookhub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * With {@code -Dbench.profile=true}: async-profiler (the {@code ap-loader} jar on the benchmark's class path, bench
 * profile only) attached to the hub for exactly one timed phase, CPU samples per thread ({@code -Dbench.profileEvent}
 * picks another event, e.g. {@code alloc}). Leaves under target/bench/
 * a flame graph ({@code profile-<phase>.html}), the collapsed stacks ({@code .collapsed}) and a table of the CPU by
 * thread group ({@code .md}). Without the property, or when attaching fails, it does nothing and the run goes on.
 */
final class PhaseProfiler {

    /** Thread groups of the table, first match wins: name -> substring of the thread name. */
    private static final Map<String, List<String>> GROUPS = new LinkedHashMap<>();

    static {
        GROUPS.put("JIT compiler", List.of("CompilerThre"));
        GROUPS.put("GC", List.of("GC Thread", "G1 ", "GC#"));
        GROUPS.put("intake (Vert.x event loops and workers)", List.of("vert.x-"));
        GROUPS.put("intake and ops (Tomcat)", List.of("http-nio", "task-"));
        GROUPS.put("routing consumers (hr.events)", List.of("JmsConsumer[hr.events]"));
        GROUPS.put("delivery consumers", List.of("JmsConsumer[hr.deliver"));
        GROUPS.put("database writers", List.of("group-commit", "ledger-claims", "H2", "MVStore"));
        GROUPS.put("broker (Artemis)", List.of("ActiveMQ", "activemq", "InVM", "Thread-"));
    }

    private final boolean enabled = Boolean.getBoolean("bench.profile");
    /** What is sampled: {@code cpu} (default, every 5 ms of CPU), or e.g. {@code alloc} (allocated bytes), {@code lock}. */
    private final String event = System.getProperty("bench.profileEvent", "cpu");
    private final Path out;
    private long pid;

    PhaseProfiler(Path out) {
        this.out = out;
    }

    /** Starts sampling the process {@code hubPid}. */
    void start(long hubPid) {
        if (!enabled) {
            return;
        }
        this.pid = hubPid;
        boolean cpu = event.equals("cpu");
        if (!(cpu ? asprof("start", "-e", "cpu", "-i", "5ms", "-t") : asprof("start", "-e", event, "-t"))) {
            pid = 0;
        }
    }

    /** Stops sampling and writes the files for {@code phase}. */
    void stop(String phase) {
        if (pid == 0) {
            return;
        }
        String name = "profile-" + phase + (event.equals("cpu") ? "" : "-" + event);
        Path html = out.resolve(name + ".html");
        Path collapsed = out.resolve(name + ".collapsed");
        asprof("dump", "-o", "flamegraph", "-f", html.toAbsolutePath().toString());
        asprof("stop", "-o", "collapsed", "-f", collapsed.toAbsolutePath().toString());
        pid = 0;
        try {
            Files.writeString(out.resolve(name + ".md"), table(phase + " (" + event + ")", collapsed));
        } catch (IOException | RuntimeException e) {
            System.out.println("profile of " + phase + ": no table (" + e + ")");
        }
    }

    private boolean asprof(String... action) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "one.profiler.AsyncProfilerLoader", "profiler"));
        command.addAll(List.of(action));
        command.add(Long.toString(pid));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.resolve("profiler.log").toFile()).start();
            if (process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0) {
                return true;
            }
            process.destroyForcibly();
        } catch (IOException e) {
            // reported below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.println("profiler " + action[0] + " failed; see target/bench/profiler.log");
        return false;
    }

    /** CPU share by thread group, then the 30 hottest frames by own time. */
    static String table(String phase, Path collapsed) throws IOException {
        Map<String, Long> byGroup = new LinkedHashMap<>();
        GROUPS.keySet().forEach(group -> byGroup.put(group, 0L));
        byGroup.put("other", 0L);
        Map<String, Long> self = new TreeMap<>();
        long total = 0;
        for (String line : Files.readAllLines(collapsed)) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            long samples = Long.parseLong(line.substring(space + 1).trim());
            String[] frames = line.substring(0, space).split(";");
            total += samples;
            byGroup.merge(group(frames[0]), samples, Long::sum);
            self.merge(frames[frames.length - 1], samples, Long::sum);
        }
        StringBuilder table = new StringBuilder("# Profile: " + phase + "\n\n" + total + " samples\n\n| thread group | share |\n|---|---|\n");
        for (Map.Entry<String, Long> group : byGroup.entrySet()) {
            table.append(String.format("| %s | %.1f %% |%n", group.getKey(), percent(group.getValue(), total)));
        }
        table.append("\n| hottest frames (own time) | share |\n|---|---|\n");
        long all = total;
        self.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(30)
                .forEach(frame -> table.append(String.format("| `%s` | %.2f %% |%n", frame.getKey(), percent(frame.getValue(), all))));
        return table.toString();
    }

    private static String group(String thread) {
        for (Map.Entry<String, List<String>> group : GROUPS.entrySet()) {
            for (String part : group.getValue()) {
                if (thread.contains(part)) {
                    return group.getKey();
                }
            }
        }
        return "other";
    }

    private static double percent(long part, long total) {
        return total == 0 ? 0 : 100.0 * part / total;
    }
}
