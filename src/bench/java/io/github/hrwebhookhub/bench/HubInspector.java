package io.github.hrwebhookhub.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Looks at the running hub from outside: process RSS and CPU ticks from /proc, heap in use after a full GC (via the
 * JDK's {@code jcmd}), and dead letters per destination (via the hub's ops API). Every probe answers -1 (or zeros)
 * rather than failing the benchmark when it cannot tell.
 */
final class HubInspector {

    /** "used 41234K" in GC.heap_info; the heap's generations are listed before the Metaspace line. */
    private static final Pattern USED = Pattern.compile("used (\\d+)([KMG])");

    private final long pid;
    private final int port;
    private final String opsAuthorization;
    private final HttpClient http;

    HubInspector(long pid, int port, String opsUser, String opsPassword, HttpClient http) {
        this.pid = pid;
        this.port = port;
        this.opsAuthorization = "Basic " + Base64.getEncoder().encodeToString((opsUser + ":" + opsPassword).getBytes(StandardCharsets.UTF_8));
        this.http = http;
    }

    long pid() {
        return pid;
    }

    /**
     * {RSS in KB, user + system CPU in clock ticks, system CPU in clock ticks} of the hub process, and the CPU ticks of
     * the PostgreSQL server's processes on this machine (0 with H2, which runs inside the hub).
     */
    long[] procStats() {
        try {
            long rssKb = 0;
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rssKb = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            String[] stat = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
            long ticks = Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
            return new long[] {rssKb, ticks, Long.parseLong(stat[12]), databaseServerTicks(), compilerTicks()};
        } catch (Exception e) {
            return new long[] {0, 0, 0, 0, 0};
        }
    }

    /** User + system CPU ticks of the hub's JIT compiler threads (C1, C2) that are alive now. */
    private long compilerTicks() {
        long ticks = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"), "[0-9]*")) {
            for (Path thread : threads) {
                try {
                    String stat = Files.readString(thread.resolve("stat"));
                    if (stat.contains("CompilerThre")) {
                        String[] fields = stat.split("\\) ")[1].split(" ");
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    }
                } catch (Exception gone) {
                    // the thread ended meanwhile
                }
            }
        } catch (Exception e) {
            return 0;
        }
        return ticks;
    }

    /**
     * User + system CPU ticks of every live {@code postgres} process, plus what their parents collected from backends
     * that already exited.
     */
    private static long databaseServerTicks() {
        long ticks = 0;
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                try {
                    String stat = Files.readString(process.resolve("stat"));
                    if (stat.contains("(postgres)")) {
                        String[] fields = stat.split("\\) ")[1].split(" ");
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                                + Long.parseLong(fields[14]);
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended while being read
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks;
    }

    /** Runs a full GC in the hub, then returns the heap in use in KB, or -1. */
    long heapUsedAfterFullGcKb() {
        try {
            jcmd("GC.run");
            return heapUsedKb(jcmd("GC.heap_info"));
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Sums the "used" figures of the heap's lines (one for G1 and ZGC, one per generation for Serial and Parallel). */
    static long heapUsedKb(String heapInfo) {
        long usedKb = 0;
        boolean found = false;
        for (String line : heapInfo.split("\n")) {
            if (line.trim().startsWith("Metaspace")) {
                break;
            }
            Matcher used = USED.matcher(line);
            if (used.find()) {
                usedKb += Long.parseLong(used.group(1)) * switch (used.group(2)) {
                    case "G" -> 1024 * 1024;
                    case "M" -> 1024;
                    default -> 1;
                };
                found = true;
            }
        }
        return found ? usedKb : -1;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command)).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("jcmd " + command + " failed");
        }
        return new String(output, StandardCharsets.UTF_8);
    }

    /** Messages in the dead-letter queues of {@code destinations}, summed, per the ops API; -1 if it cannot tell. */
    long deadLetters(List<String> destinations) {
        long total = 0;
        for (String destination : destinations) {
            long count = deadLetters(destination);
            if (count < 0) {
                return -1;
            }
            total += count;
        }
        return total;
    }

    private long deadLetters(String destination) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ops/dlq/" + destination + "?size=1"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", opsAuthorization).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return -1;
            }
            JsonNode total = new ObjectMapper().readTree(response.body()).path("total");
            return total.isNumber() ? total.asLong() : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
