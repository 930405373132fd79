package io.github.hrwebhookhub.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.github.hrwebhookhub.intake.CanonicalEvents;
import io.github.hrwebhookhub.support.Signing;

/**
 * The hub's benchmark: starts the built jar as its own JVM on a fresh data directory with its destinations pointed
 * at fast stub receivers in this JVM, drives pre-signed events at it (open model at fixed rates, timed from each
 * request's intended send time; closed model at max rate), and voids the run unless the delivery ledger balances.
 * Run: {@code mvn -Pbench verify} (see README). Writes target/bench/report.md and report.json.
 */
public final class Benchmark {

    static {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final String SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString("benchmark source secret 0123456789".getBytes());
    private static final String DESTINATION_SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString("benchmark destination secret".getBytes());
    /** The default routing table's mix: type -> destinations. */
    private static final Map<String, List<String>> ROUTES = new LinkedHashMap<>();

    static {
        ROUTES.put("employee.created", List.of("payroll", "hris", "messaging"));
        ROUTES.put("employee.status_changed", List.of("payroll", "hris"));
        ROUTES.put("compensation.changed", List.of("payroll", "hris"));
        ROUTES.put("employee.department_transferred", List.of("hris", "messaging"));
        ROUTES.put("candidate.applied", List.of("messaging"));
        ROUTES.put("benefits.enrolled", List.of());
    }

    /** One pre-signed request. */
    record Event(String eventId, String type, byte[] body, String id, long ts, String signature, boolean forged, boolean duplicate) {
    }

    private final Map<String, AtomicInteger> delivered = new ConcurrentHashMap<>();
    private final Map<String, Long> firstDeliveredAt = new ConcurrentHashMap<>();
    private final Map<String, Long> acceptedAt = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(4)).connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        new Benchmark().run(Integer.getInteger("bench.connections", 64), Integer.getInteger("bench.seconds", 20),
                Integer.getInteger("bench.rate", 500));
    }

    private HttpServer stub(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String path = exchange.getRequestURI().getPath();
            String id = path.length() > 1 ? exchange.getRequestHeaders().getFirst("webhook-id") : null;
            if (id != null) {
                String key = id + "|" + path.substring(1);
                delivered.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                firstDeliveredAt.putIfAbsent(key, System.nanoTime());
            } else {
                // the bare-HTTP anchor: answer like an intake would
                exchange.getResponseHeaders().add("Content-Type", "application/json");
            }
            byte[] answer = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(id != null ? 200 : 202, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        return server;
    }

    /** Event id -> type of every genuine event generated, and of every forged one. */
    private static final Map<String, String> TYPES = new ConcurrentHashMap<>();
    private static final Map<String, String> FORGED = new ConcurrentHashMap<>();

    private static List<Event> events(int count, Random random) {
        List<String> types = new ArrayList<>(ROUTES.keySet());
        double[] weights = {0.25, 0.2, 0.2, 0.2, 0.1, 0.05};
        List<Event> events = new ArrayList<>(count);
        long now = System.currentTimeMillis() / 1000;
        while (events.size() < count) {
            double pick = random.nextDouble();
            int t = 0;
            for (double acc = weights[0]; pick > acc && t < types.size() - 1; acc += weights[++t]) {
                // find the type for this draw
            }
            String type = types.get(t);
            String id = "msg_" + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
            String body = "{\"type\":\"" + type + "\",\"timestamp\":\"2026-11-27T09:00:00Z\",\"data\":{\"employee_id\":\"E-"
                    + random.nextInt(100000) + "\",\"first_name\":\"Ada\",\"last_name\":\"Lovelace\",\"work_email\":\"ada@example.com\","
                    + "\"department\":\"Engineering\",\"title\":\"Analyst\",\"start_date\":\"2026-12-01\",\"manager_id\":\"E-1\","
                    + "\"location\":\"Berlin\",\"salary\":{\"amount\":98000,\"currency\":\"EUR\",\"frequency\":\"annual\"},"
                    + "\"bank_account\":{\"iban\":\"DE89370400440532013000\",\"bic\":\"COBADEFFXXX\"},\"national_id\":\"123-45-6789\","
                    + "\"address\":{\"street\":\"Unter den Linden 1\",\"city\":\"Berlin\",\"postal_code\":\"10117\",\"country\":\"DE\"},"
                    + "\"notes\":\"" + "x".repeat(300) + "\"}}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            boolean forged = random.nextDouble() < 0.01;
            String signature = forged ? Signing.sign("whsec_" + java.util.Base64.getEncoder().encodeToString("not the secret".getBytes()), id, now, bytes)
                    : Signing.sign(SECRET, id, now, bytes);
            Event event = new Event(CanonicalEvents.eventId("bench", id), type, bytes, id, now, signature, forged, false);
            events.add(event);
            (forged ? FORGED : TYPES).put(event.eventId(), type);
            if (!forged && random.nextDouble() < 0.10) {
                // a duplicate: half sent right after the original (racing it), half later in the run
                Event copy = new Event(event.eventId(), type, bytes, id, now, signature, false, true);
                if (random.nextBoolean()) {
                    events.add(copy);
                } else {
                    events.add(random.nextInt(events.size()), copy);
                }
            }
        }
        return events.subList(0, count);
    }

    private HttpRequest request(String url, Event event) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("webhook-id", event.id())
                .header("webhook-timestamp", Long.toString(event.ts())).header("webhook-signature", event.signature())
                .POST(HttpRequest.BodyPublishers.ofByteArray(event.body())).build();
    }

    /** Results of one load phase. */
    record Phase(String name, int sent, int accepted, int duplicates, int rejected, int errors, double seconds, long[] latenciesMicros,
                 long maxLagMicros) {
        double perSecond() {
            return accepted / seconds;
        }

        long percentile(double p) {
            if (latenciesMicros.length == 0) {
                return 0;
            }
            long[] sorted = latenciesMicros.clone();
            Arrays.sort(sorted);
            return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)];
        }
    }

    /** Closed model: C workers, each sending its next event as soon as the previous one is answered. */
    private Phase closed(String name, String url, List<Event> events, int connections, int seconds, boolean record) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long[] latencies = new long[events.size()];
        AtomicInteger recorded = new AtomicInteger();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long start = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Thread worker = new Thread(() -> {
                int i;
                while (System.nanoTime() < deadline && (i = next.getAndIncrement()) < events.size()) {
                    Event event = events.get(i);
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<Void> response = http.send(request(url, event), HttpResponse.BodyHandlers.discarding());
                        long took = (System.nanoTime() - sent) / 1000;
                        latencies[recorded.getAndIncrement()] = took;
                        count(response.statusCode(), accepted, duplicates, rejected, errors);
                        if (record && response.statusCode() == 202) {
                            acceptedAt.putIfAbsent(event.eventId(), sent);
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double took = (System.nanoTime() - start) / 1e9;
        return new Phase(name, next.get() > events.size() ? events.size() : Math.min(next.get(), events.size()), accepted.get(),
                duplicates.get(), rejected.get(), errors.get(), took, Arrays.copyOf(latencies, recorded.get()), 0);
    }

    /** Open model at a fixed rate: each request's latency counts from its intended send time (no coordinated omission). */
    private Phase fixedRate(String name, String url, List<Event> events, int rate, int seconds) throws Exception {
        int total = Math.min(events.size(), rate * seconds);
        Semaphore inFlight = new Semaphore(512);
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long[] latencies = new long[total];
        AtomicInteger recorded = new AtomicInteger();
        AtomicLong maxLag = new AtomicLong();
        long start = System.nanoTime();
        long intervalNanos = 1_000_000_000L / rate;
        for (int i = 0; i < total; i++) {
            long intended = start + i * intervalNanos;
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            maxLag.accumulateAndGet((System.nanoTime() - intended) / 1000, Math::max);
            inFlight.acquire();
            Event event = events.get(i);
            http.sendAsync(request(url, event), HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                long took = (System.nanoTime() - intended) / 1000;
                latencies[recorded.getAndIncrement()] = took;
                if (failure != null) {
                    errors.incrementAndGet();
                } else {
                    count(response.statusCode(), accepted, duplicates, rejected, errors);
                    if (response.statusCode() == 202) {
                        acceptedAt.putIfAbsent(event.eventId(), intended);
                    }
                }
                inFlight.release();
            });
        }
        inFlight.acquire(512);
        inFlight.release(512);
        double took = (System.nanoTime() - start) / 1e9;
        return new Phase(name, total, accepted.get(), duplicates.get(), rejected.get(), errors.get(), took,
                Arrays.copyOf(latencies, recorded.get()), maxLag.get());
    }

    private static void count(int status, AtomicInteger accepted, AtomicInteger duplicates, AtomicInteger rejected, AtomicInteger errors) {
        if (status == 202) {
            accepted.incrementAndGet();
        } else if (status == 200) {
            duplicates.incrementAndGet();
        } else if (status == 401) {
            rejected.incrementAndGet();
        } else {
            errors.incrementAndGet();
        }
    }

    private static long[] procStats(long pid) {
        try {
            long rssKb = 0;
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rssKb = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            String[] stat = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
            long ticks = Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
            return new long[] {rssKb, ticks};
        } catch (Exception e) {
            return new long[] {0, 0};
        }
    }

    void run(int connections, int seconds, int rate) throws Exception {
        Path out = Files.createDirectories(Path.of("target", "bench"));
        Path dataDir = Files.createTempDirectory("hub-bench-");
        HttpServer stubs = stub(0);
        int stubPort = stubs.getAddress().getPort();
        int hubPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            hubPort = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms512m", "-Xmx512m"));
        for (String extra : System.getProperty("bench.hubJvmArgs", "").split(" ")) {
            if (!extra.isBlank()) {
                command.add(extra);
            }
        }
        command.addAll(List.of("-jar", "target/hr-webhook-hub.jar", "--server.port=" + hubPort, "--hub.data-dir=" + dataDir,
                "--hub.ops.password=bench", "--hub.sources.bench.secrets[0]=" + SECRET, "--logging.level.root=WARN",
                "--logging.level.io.github.hrwebhookhub=WARN", "--hub.sandbox.enabled=false"));
        for (String destination : List.of("payroll", "hris", "messaging")) {
            command.add("--hub.destinations." + destination + ".url=http://127.0.0.1:" + stubPort + "/" + destination);
            command.add("--hub.destinations." + destination + ".secret=" + DESTINATION_SECRET);
        }
        Process hub = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.resolve("hub.log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(hub::destroyForcibly));
        try {
            String url = "http://127.0.0.1:" + hubPort + "/webhooks/bench";
            waitHealthy(hubPort);
            Random random = new Random(42);

            Phase anchor = closed("bare HTTP anchor (JDK HttpServer answering 202)", "http://127.0.0.1:" + stubPort + "/",
                    events(200_000, random), connections, 10, false);
            closed("warm-up", url, events(20_000, random), connections, 10, true);
            long[] before = procStats(hub.pid());
            List<Event> fixedEvents = events(rate * seconds, random);
            java.util.Set<String> fixedIds = new java.util.HashSet<>();
            fixedEvents.forEach(e -> fixedIds.add(e.eventId()));
            Phase fixed = fixedRate("fixed " + rate + " events/s", url, fixedEvents, rate, seconds);
            while (missingDeliveries() > 0 && System.nanoTime() - fixedEndWait() < TimeUnit.SECONDS.toNanos(60)) {
                Thread.sleep(250);
            }
            deliveriesBeforeMax = delivered.values().stream().mapToLong(AtomicInteger::get).sum();
            maxStart = System.nanoTime();
            Phase max = closed("max rate, " + connections + " connections", url, events(200_000, random), connections, seconds, true);
            long[] after = procStats(hub.pid());

            // drain: wait until every accepted event has reached all its destinations (or give up after 2 minutes)
            long drainStart = System.nanoTime();
            long missing = missingDeliveries();
            while (missing > 0 && System.nanoTime() - drainStart < TimeUnit.SECONDS.toNanos(120)) {
                Thread.sleep(250);
                missing = missingDeliveries();
            }
            long drainEnd = System.nanoTime();
            long deliveriesDuringMax = delivered.values().stream().mapToLong(AtomicInteger::get).sum() - deliveriesBeforeMax;
            double deliveriesPerSecond = deliveriesDuringMax / ((drainEnd - maxStart) / 1e9);
            long duplicatesLeaked = delivered.values().stream().filter(n -> n.get() > 1).count();
            long forgedDelivered = delivered.keySet().stream().filter(key -> FORGED.containsKey(key.substring(0, key.indexOf('|')))).count();
            write(out, anchor, fixed, max, before, after, missing, duplicatesLeaked, forgedDelivered, deliveriesPerSecond,
                    e2e(fixedIds), connections, hub.pid());
        } finally {
            hub.destroy();
            hub.waitFor(30, TimeUnit.SECONDS);
            stubs.stop(0);
        }
    }

    private long deliveriesBeforeMax;
    private long maxStart;
    private long fixedWaitStart;

    private long fixedEndWait() {
        if (fixedWaitStart == 0) {
            fixedWaitStart = System.nanoTime();
        }
        return fixedWaitStart;
    }

    /** (event, destination) pairs that an accepted event routes to and that have not arrived yet. */
    private long missingDeliveries() {
        long missing = 0;
        for (String eventId : acceptedAt.keySet()) {
            for (String destination : ROUTES.get(TYPES.get(eventId))) {
                if (!delivered.containsKey(eventId + "|" + destination)) {
                    missing++;
                }
            }
        }
        return missing;
    }

    /** End-to-end latencies (micros) from intended send time to first receipt, for the events of one phase. */
    private long[] e2e(java.util.Set<String> eventIds) {
        List<Long> latencies = new ArrayList<>();
        for (String eventId : eventIds) {
            Long sent = acceptedAt.get(eventId);
            if (sent == null) {
                continue;
            }
            for (String destination : ROUTES.get(TYPES.getOrDefault(eventId, "benefits.enrolled"))) {
                Long at = firstDeliveredAt.get(eventId + "|" + destination);
                if (at != null) {
                    latencies.add((at - sent) / 1000);
                }
            }
        }
        return latencies.stream().mapToLong(Long::longValue).toArray();
    }

    private void waitHealthy(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException starting) {
                // not yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("hub did not start; see target/bench/hub.log");
    }

    private static String ms(long micros) {
        return String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }

    private void write(Path out, Phase anchor, Phase fixed, Phase max, long[] before, long[] after, long missing, long leaked,
                       long forgedDelivered, double deliveriesPerSecond, long[] e2eMicros, int connections, long pid) throws IOException {
        Phase e2e = new Phase("e2e", 0, 0, 0, 0, 0, 1, e2eMicros, 0);
        double cpuSeconds = (after[1] - before[1]) / 100.0;
        long acceptedInWindow = fixed.accepted() + max.accepted();
        boolean valid = missing == 0 && leaked == 0 && forgedDelivered == 0;
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("valid", valid);
        report.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(), "os", System.getProperty("os.name"),
                "java", System.getProperty("java.version")));
        report.put("bareHttpRequestsPerSecond", Math.round(anchor.perSecond()));
        report.put("maxAcceptedPerSecond", Math.round(max.perSecond()));
        report.put("ratioAcceptedToBareHttp", Math.round(1000 * max.perSecond() / anchor.perSecond()) / 1000.0);
        report.put("deliveriesPerSecondDuringMax", Math.round(deliveriesPerSecond));
        report.put("maxAcceptLatencyMs", Map.of("p50", ms(max.percentile(50)), "p99", ms(max.percentile(99)), "p999", ms(max.percentile(99.9))));
        report.put("fixedRate", Map.of("name", fixed.name(), "acceptedPerSecond", Math.round(fixed.perSecond()),
                "acceptLatencyMs", Map.of("p50", ms(fixed.percentile(50)), "p99", ms(fixed.percentile(99)), "p999", ms(fixed.percentile(99.9))),
                "endToEndMs", Map.of("p50", ms(e2e.percentile(50)), "p99", ms(e2e.percentile(99)), "p999", ms(e2e.percentile(99.9))),
                "generatorMaxLagMs", ms(fixed.maxLagMicros())));
        report.put("ledger", Map.of("lost", missing, "duplicatesLeaked", leaked, "forgedDelivered", forgedDelivered,
                "errors", fixed.errors() + max.errors(), "duplicatesAnswered", fixed.duplicates() + max.duplicates(),
                "forgedRejected", fixed.rejected() + max.rejected()));
        report.put("hub", Map.of("rssMb", after[0] / 1024, "cpuSecondsUnderLoad", cpuSeconds,
                "eventsPerCpuSecond", cpuSeconds == 0 ? 0 : Math.round(acceptedInWindow / cpuSeconds), "heap", "-Xms512m -Xmx512m"));
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.resolve("report.json").toFile(), report);

        String md = "# HR Webhook Hub benchmark\n\n"
                + (valid ? "Ledger balanced: the run is valid.\n\n" : "**VOID RUN: the ledger does not balance.**\n\n")
                + "| figure | value |\n|---|---|\n"
                + "| bare HTTP anchor (JDK HttpServer, same generator, " + connections + " connections) | " + Math.round(anchor.perSecond()) + " req/s |\n"
                + "| accepted at max rate (" + connections + " connections) | " + Math.round(max.perSecond()) + " events/s |\n"
                + "| accepted/s / bare-HTTP req/s | " + report.get("ratioAcceptedToBareHttp") + " |\n"
                + "| deliveries/s during max rate and drain | " + Math.round(deliveriesPerSecond) + " |\n"
                + "| accept latency at max rate p50 / p99 / p99.9 | " + ms(max.percentile(50)) + " / " + ms(max.percentile(99)) + " / " + ms(max.percentile(99.9)) + " ms |\n"
                + "| " + fixed.name() + ": accept p50 / p99 / p99.9 (from intended send time) | " + ms(fixed.percentile(50)) + " / " + ms(fixed.percentile(99)) + " / " + ms(fixed.percentile(99.9)) + " ms |\n"
                + "| " + fixed.name() + ": end-to-end p50 / p99 / p99.9 | " + ms(e2e.percentile(50)) + " / " + ms(e2e.percentile(99)) + " / " + ms(e2e.percentile(99.9)) + " ms |\n"
                + "| generator lag (max) | " + ms(fixed.maxLagMicros()) + " ms |\n"
                + "| lost / duplicates leaked / forged delivered | " + missing + " / " + leaked + " / " + forgedDelivered + " |\n"
                + "| hub RSS after load | " + after[0] / 1024 + " MB (heap -Xmx512m) |\n"
                + "| hub CPU seconds under load / events per CPU-second | " + cpuSeconds + " / " + report.get("hub").toString().replaceAll(".*eventsPerCpuSecond=(\\d+).*", "$1") + " |\n"
                + "| machine | " + Runtime.getRuntime().availableProcessors() + " cores, load generator on the same machine |\n";
        Files.writeString(out.resolve("report.md"), md);
        System.out.println(md);
        if (!valid) {
            System.exit(3);
        }
    }
}
