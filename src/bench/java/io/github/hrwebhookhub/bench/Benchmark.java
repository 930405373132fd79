package io.github.hrwebhookhub.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.hrwebhookhub.intake.CanonicalEvents;
import io.github.hrwebhookhub.support.Signing;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.HdrHistogram.Histogram;

/**
 * The hub's benchmark: starts the built jar as its own JVM on a fresh data directory with its destinations pointed
 * at fast stub receivers in this JVM, drives pre-signed, pre-serialised events at it over plain keep-alive sockets
 * (see {@link LoadGenerator}: open model at a fixed rate, timed from each request's intended send time; closed model at
 * max rate), and voids the run (exit code 3) unless the delivery ledger balances. Then starts a second hub with its
 * broker consumers (routing, delivery) left stopped, to measure the intake alone: its CPU per accepted event.
 * The database is the embedded H2 file database, or with {@code -Dbench.database=postgresql} an embedded PostgreSQL
 * server (the one the tests use).
 * Run: {@code mvn -Pbench verify} (see docs/performance.md). Writes target/bench/report.md and report.json; with
 * {@code -Dbench.profile=true} also CPU profiles of the two max-rate phases ({@link PhaseProfiler}).
 */
public final class Benchmark {

    static {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final String HOST = "127.0.0.1";
    private static final String INTAKE_PATH = "/webhooks/bench";
    private static final String HUB_HEAP_MIN = "-Xms512m";
    private static final String HUB_HEAP = "-Xmx512m";
    private static final String OPS_USER = "ops";
    private static final String OPS_PASSWORD = "bench";
    private static final int EXIT_VOID_RUN = 3;
    /** Unreported load on the anchor first, so that it is measured with compiled code like the hub after its warm-up. */
    private static final int ANCHOR_WARM_UP_SECONDS = 5;
    /** Camel's pattern for the routes not to start in the intake-only hub: every route consuming from the broker. */
    private static final String BROKER_CONSUMERS = "jms:*";
    /** Their route ids, for Camel's health checks. */
    private static final String STOPPED_ROUTES = "routing,delivery-*";
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("benchmark source secret 0123456789".getBytes());
    private static final String DESTINATION_SECRET = "whsec_" + Base64.getEncoder().encodeToString("benchmark destination secret".getBytes());
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

    private static final List<String> DESTINATIONS = List.of("payroll", "hris", "messaging");
    /** Threads of the stub receiving the hub's deliveries. */
    private static final ExecutorService STUB_EXECUTOR = Executors.newFixedThreadPool(8, daemon("stub"));
    private static final byte[] STUB_ANSWER = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);

    /** One pre-signed request. */
    record Event(String eventId, String type, byte[] body, String id, long ts, String signature, boolean forged, boolean duplicate) {
    }

    /** (event id | destination) -> deliveries the stubs received, and the time of the first one. */
    private final Map<String, AtomicInteger> delivered = new ConcurrentHashMap<>();
    private final Map<String, Long> firstDeliveredAt = new ConcurrentHashMap<>();
    /** Event id -> the time its first 202 answer counts from (intended send time, or send start in the closed model). */
    private final Map<String, Long> acceptedAt = new ConcurrentHashMap<>();
    /** Only for the health check and the ops API; the load itself goes through {@link LoadGenerator}. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(2, daemon("ops-client"))).connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        boolean valid = new Benchmark().run(Integer.getInteger("bench.connections", 64), Integer.getInteger("bench.seconds", 20),
                Integer.getInteger("bench.rate", 500), System.getProperty("bench.database", "h2"));
        System.exit(valid ? 0 : EXIT_VOID_RUN);
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * A stub receiver: {@code POST /<destination>} records the delivery's webhook-id for that destination and answers
     * 200; {@code POST /} is the bare-HTTP anchor and answers 202 with a small JSON body, like an intake would.
     * With a null {@code executor} the handler runs on the server's dispatcher thread: on a small machine that is the
     * fastest setting for the anchor (measured: more handler threads only add hand-offs), so the anchor gets its own
     * server like that, while the hub's deliveries go to a server with a thread pool.
     */
    private HttpServer stub(ExecutorService executor) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(HOST, 0), 1024);
        server.createContext("/", this::answer);
        server.setExecutor(executor);
        server.start();
        return server;
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
        }
        String path = exchange.getRequestURI().getPath();
        String id = path.length() > 1 ? exchange.getRequestHeaders().getFirst("webhook-id") : null;
        if (id != null) {
            recordDelivery(id, path.substring(1));
        } else {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(id != null ? 200 : 202, STUB_ANSWER.length);
        exchange.getResponseBody().write(STUB_ANSWER);
        exchange.close();
    }

    private void recordDelivery(String webhookId, String destination) {
        String key = webhookId + "|" + destination;
        delivered.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        firstDeliveredAt.putIfAbsent(key, System.nanoTime());
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
            // a canonical record that passes the schema guard: candidate types need their candidate id
            String body = "{\"type\":\"" + type + "\",\"timestamp\":\"2026-11-27T09:00:00Z\",\"data\":{\"candidate_id\":\"C-"
                    + random.nextInt(100000) + "\",\"employee_id\":\"E-" + random.nextInt(100000) + "\",\"first_name\":\"Ada\",\"last_name\":\"Lovelace\",\"work_email\":\"ada@example.com\","
                    + "\"department\":\"Engineering\",\"title\":\"Analyst\",\"start_date\":\"2026-12-01\",\"manager_id\":\"E-1\","
                    + "\"location\":\"Berlin\",\"salary\":{\"amount\":98000,\"currency\":\"EUR\",\"frequency\":\"annual\"},"
                    + "\"bank_account\":{\"iban\":\"DE89370400440532013000\",\"bic\":\"COBADEFFXXX\"},\"national_id\":\"123-45-6789\","
                    + "\"address\":{\"street\":\"Unter den Linden 1\",\"city\":\"Berlin\",\"postal_code\":\"10117\",\"country\":\"DE\"},"
                    + "\"notes\":\"" + "x".repeat(300) + "\"}}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            boolean forged = random.nextDouble() < 0.01;
            String signature = forged ? Signing.sign("whsec_" + Base64.getEncoder().encodeToString("not the secret".getBytes()), id, now, bytes)
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

    /** Serialises every event as a POST to {@code path} on {@code HOST:port}, before any timing starts. */
    private static List<PreparedRequest> prepare(List<Event> events, int port, String path) {
        List<PreparedRequest> requests = new ArrayList<>(events.size());
        for (Event event : events) {
            requests.add(PreparedRequest.of(event, HOST, port, path));
        }
        return requests;
    }

    /** Runs all phases and writes the report; answers whether the ledger balanced. */
    boolean run(int connections, int seconds, int rate, String database) throws Exception {
        Path out = Files.createDirectories(Path.of("target", "bench"));
        MachineFacts machine = MachineFacts.measure(out);
        HttpServer anchorStub = stub(null);
        HttpServer stubs = stub(STUB_EXECUTOR);
        int stubPort = stubs.getAddress().getPort();
        boolean postgresql = "postgresql".equalsIgnoreCase(database);
        EmbeddedPostgres postgres = postgresql ? EmbeddedPostgres.start() : null;
        List<String> databaseSettings = postgres == null ? List.of()
                : List.of("--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"), "--spring.datasource.username=postgres",
                "--spring.datasource.password=");
        String engine = System.getProperty("bench.intakeEngine", "servlet");
        boolean vertxIntake = "vertx".equalsIgnoreCase(engine);
        String databaseName = (postgresql ? "PostgreSQL (embedded server)" : "H2 (file)") + "; "
                + (vertxIntake ? "vertx (own port)" : "servlet (Spring MVC on Tomcat)");
        if (Boolean.getBoolean("bench.intakeOnly")) {
            // a quick A/B of the intake's cost (engines, settings): only the intake-only phase, no ledger, no report
            try {
                Report.IntakeOnly intake = intakeOnly(out, stubPort, databaseSettings, vertxIntake, connections, seconds);
                System.out.printf("intake alone, %s: %d events/s, %.1f ms CPU per event (kernel %.0f %%), %d events per CPU-second%n",
                        databaseName, Math.round(intake.phase().perSecond()), intake.cpuMillisPerEvent(),
                        intake.cpuSeconds() == 0 ? 0 : 100 * intake.systemCpuSeconds() / intake.cpuSeconds(), intake.eventsPerCpuSecond());
                return true;
            } finally {
                stubs.stop(0);
                anchorStub.stop(0);
                if (postgres != null) {
                    postgres.close();
                }
            }
        }
        try (VertxAnchor vertxAnchor = VertxAnchor.start(HOST, freePort())) {
            Report.Figures figures;
            int hubPort = freePort();
            int intakePort = vertxIntake ? freePort() : hubPort;
            Process hub = startHub(out.resolve("hub.log"), System.getProperty("bench.hubJvmArgs", ""), stubPort, hubPort,
                    withIntake(databaseSettings, vertxIntake, intakePort));
            Runtime.getRuntime().addShutdownHook(new Thread(hub::destroyForcibly));
            try {
                waitHealthy(hubPort);
                figures = phases(machine, new HubInspector(hub.pid(), hubPort, OPS_USER, OPS_PASSWORD, http),
                        anchorStub.getAddress().getPort(), vertxAnchor.port(), intakePort, connections, seconds, rate, databaseName);
            } finally {
                stop(hub);
            }
            // written now as well, so that the end-to-end figures survive a failure of the intake-only run
            Report.write(out, figures);
            figures = figures.withIntakeOnly(intakeOnly(out, stubPort, databaseSettings, vertxIntake, connections, seconds));
            System.out.println(Report.write(out, figures));
            return figures.valid();
        } finally {
            stubs.stop(0);
            anchorStub.stop(0);
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    /** The hub's settings plus, for the Vert.x engine, the intake's own port. */
    private static List<String> withIntake(List<String> settings, boolean vertxIntake, int intakePort) {
        List<String> all = new ArrayList<>(settings);
        if (vertxIntake) {
            all.add("--hub.intake.engine=vertx");
            all.add("--hub.intake.port=" + intakePort);
        }
        return all;
    }

    private static void stop(Process hub) throws InterruptedException {
        hub.destroy();
        if (!hub.waitFor(30, TimeUnit.SECONDS)) {
            hub.destroyForcibly();
        }
    }

    /**
     * The intake alone: a second hub on a fresh data directory with its broker consumers not started, so that its CPU
     * is the intake's (HTTP, guard, signature, canonical mapping, dedup claim, durable enqueue) plus the broker
     * storing the messages. Warm-up, then max rate; CPU per accepted event from the hub's CPU ticks over the phase.
     */
    private Report.IntakeOnly intakeOnly(Path out, int stubPort, List<String> databaseSettings, boolean vertxIntake, int connections,
                                         int seconds) throws Exception {
        int opsPort = freePort();
        int port = vertxIntake ? freePort() : opsPort;
        List<String> settings = withIntake(databaseSettings, vertxIntake, port);
        settings.add("--camel.main.auto-startup-exclude-pattern=" + BROKER_CONSUMERS);
        // the routes left stopped on purpose would otherwise keep the hub's readiness down
        settings.add("--camel.health.exclude-pattern=" + STOPPED_ROUTES);
        Process hub = startHub(out.resolve("hub-intake-only.log"), System.getProperty("bench.intakeHubJvmArgs", ""), stubPort, opsPort, settings);
        try {
            waitHealthy(opsPort);
            HubInspector inspector = new HubInspector(hub.pid(), opsPort, OPS_USER, OPS_PASSWORD, http);
            Random random = new Random(7);
            LoadGenerator toHub = new LoadGenerator(HOST, port);
            toHub.closed("intake-only warm-up", prepare(events(60_000, random), port, INTAKE_PATH), false, connections,
                    Integer.getInteger("bench.intakeWarmupSeconds", 20), LoadGenerator.AcceptListener.NONE);
            List<PreparedRequest> requests = prepare(events(100_000, random), port, INTAKE_PATH);
            settle();
            PhaseProfiler profiler = new PhaseProfiler(out);
            profiler.start(hub.pid());
            long[] before = inspector.procStats();
            Phase phase = toHub.closed("intake only, max rate, " + connections + " connections", requests, false, connections,
                    Math.min(seconds, 10), LoadGenerator.AcceptListener.NONE);
            long[] after = inspector.procStats();
            profiler.stop("intake-only");
            return new Report.IntakeOnly(phase, (after[1] - before[1]) / 100.0, (after[2] - before[2]) / 100.0,
                    (after[3] - before[3]) / 100.0);
        } finally {
            stop(hub);
        }
    }

    /** Anchor, warm-up, fixed rate, max rate and drain; then the ledger and the hub's figures. */
    private Report.Figures phases(MachineFacts machine, HubInspector inspector, int anchorPort, int vertxAnchorPort, int hubPort,
                                  int connections, int seconds, int rate, String database) throws Exception {
        Random random = new Random(42);
        LoadGenerator toHub = new LoadGenerator(HOST, hubPort);
        LoadGenerator.AcceptListener ledger = (eventId, fromNanos) -> acceptedAt.putIfAbsent(eventId, fromNanos);

        Phase anchor = anchor("JDK HttpServer", new LoadGenerator(HOST, anchorPort), anchorPort, random, connections);
        Phase vertxAnchor = anchor("Vert.x " + VertxAnchor.version(), new LoadGenerator(HOST, vertxAnchorPort),
                vertxAnchorPort, random, connections);
        // warm-up at max rate, long enough for the hub's code to be compiled, then let its deliveries finish
        toHub.closed("warm-up", prepare(events(100_000, random), hubPort, INTAKE_PATH), false, connections,
                Integer.getInteger("bench.warmupSeconds", 30), ledger);
        awaitDeliveries(TimeUnit.SECONDS.toNanos(120));
        long[] before = inspector.procStats();
        Set<String> fixedIds = new HashSet<>();
        Phase fixed = fixedRate(toHub, hubPort, random, rate, seconds, connections * 4, ledger, fixedIds);
        awaitDeliveries(TimeUnit.SECONDS.toNanos(60));
        List<PreparedRequest> maxRequests = prepare(events(200_000, random), hubPort, INTAKE_PATH);
        settle();
        long deliveriesBeforeMax = deliveries();
        PhaseProfiler profiler = new PhaseProfiler(Path.of("target", "bench"));
        profiler.start(inspector.pid());
        long maxStart = System.nanoTime();
        Phase max = toHub.closed("max rate, " + connections + " connections", maxRequests, false, connections, seconds, ledger);
        long[] after = inspector.procStats();
        profiler.stop("max-rate");

        // drain: wait until every accepted event has reached all its destinations (or give up after 2 minutes)
        long missing = awaitDeliveries(TimeUnit.SECONDS.toNanos(120));
        long drainEnd = System.nanoTime();
        long[] drained = inspector.procStats();
        double window = (drainEnd - maxStart) / 1e9;
        double deliveriesPerSecond = (deliveries() - deliveriesBeforeMax) / window;
        double fullyDeliveredPerSecond = fullyDeliveredBetween(maxStart, drainEnd) / window;
        long duplicatesLeaked = delivered.values().stream().filter(n -> n.get() > 1).count();
        long forgedDelivered = delivered.keySet().stream().filter(key -> FORGED.containsKey(key.substring(0, key.indexOf('|')))).count();
        long deadLetters = inspector.deadLetters(DESTINATIONS);
        long heapUsedKb = inspector.heapUsedAfterFullGcKb();
        return new Report.Figures(machine, database, anchor, vertxAnchor, fixed, max, e2e(fixedIds), before, after, drained, missing, duplicatesLeaked,
                forgedDelivered, deliveriesPerSecond, fullyDeliveredPerSecond, deadLetters, heapUsedKb, HUB_HEAP_MIN + " " + HUB_HEAP, null);
    }

    /**
     * A bare-HTTP anchor: the same generator, closed model, against a server ({@code engine}) that only reads the body
     * and answers 202; after an unreported warm-up so that it is measured with compiled code, like the hub after its
     * own warm-up.
     */
    private static Phase anchor(String engine, LoadGenerator toAnchor, int anchorPort, Random random, int connections)
            throws InterruptedException {
        List<PreparedRequest> requests = prepare(events(20_000, random), anchorPort, "/");
        toAnchor.closed("bare HTTP anchor warm-up", requests, true, connections, ANCHOR_WARM_UP_SECONDS, LoadGenerator.AcceptListener.NONE);
        settle();
        return toAnchor.closed(engine, requests, true, connections, 10, LoadGenerator.AcceptListener.NONE);
    }

    /** The open-model phase at {@code rate}; adds the ids of its events to {@code eventIds}. */
    private static Phase fixedRate(LoadGenerator toHub, int hubPort, Random random, int rate, int seconds, int connections,
                                   LoadGenerator.AcceptListener ledger, Set<String> eventIds) throws InterruptedException {
        List<Event> events = events(rate * seconds, random);
        events.forEach(e -> eventIds.add(e.eventId()));
        List<PreparedRequest> requests = prepare(events, hubPort, INTAKE_PATH);
        settle();
        return toHub.open("fixed " + rate + " events/s", requests, rate, seconds, connections, ledger);
    }

    /**
     * Collects this JVM's garbage before a timed phase, so that the requests just prepared are out of the young
     * generation and a collection during the phase has little to copy (its pause would count as generator lag).
     */
    private static void settle() {
        System.gc();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Starts the built jar as its own JVM on a fresh data directory, its destinations pointed at the stubs. */
    private static Process startHub(Path log, String jvmArgs, int stubPort, int hubPort, List<String> settings) throws IOException {
        Path dataDir = Files.createTempDirectory("hub-bench-");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HUB_HEAP_MIN, HUB_HEAP));
        for (String extra : jvmArgs.split(" ")) {
            if (!extra.isBlank()) {
                command.add(extra);
            }
        }
        command.addAll(List.of("-jar", "target/hr-webhook-hub.jar", "--server.port=" + hubPort, "--hub.data-dir=" + dataDir,
                "--hub.ops.password=" + OPS_PASSWORD, "--hub.sources.bench.secrets[0]=" + SECRET, "--logging.level.root=WARN",
                "--logging.level.io.github.hrwebhookhub=WARN", "--hub.sandbox.enabled=false"));
        command.addAll(settings);
        for (String destination : DESTINATIONS) {
            command.add("--hub.destinations." + destination + ".url=http://" + HOST + ":" + stubPort + "/" + destination);
            command.add("--hub.destinations." + destination + ".secret=" + DESTINATION_SECRET);
        }
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Waits until every accepted event has reached all its destinations or {@code timeoutNanos} passed; returns what is missing. */
    private long awaitDeliveries(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        long missing = missingDeliveries();
        while (missing > 0 && System.nanoTime() < deadline) {
            Thread.sleep(250);
            missing = missingDeliveries();
        }
        return missing;
    }

    private long deliveries() {
        return delivered.values().stream().mapToLong(AtomicInteger::get).sum();
    }

    /** The destinations an event routes to (a forged event's too, should one ever be accepted). */
    private static List<String> routes(String eventId) {
        String type = TYPES.containsKey(eventId) ? TYPES.get(eventId) : FORGED.getOrDefault(eventId, "benefits.enrolled");
        return ROUTES.get(type);
    }

    /** (event, destination) pairs that an accepted event routes to and that have not arrived yet. */
    private long missingDeliveries() {
        long missing = 0;
        for (String eventId : acceptedAt.keySet()) {
            for (String destination : routes(eventId)) {
                if (!delivered.containsKey(eventId + "|" + destination)) {
                    missing++;
                }
            }
        }
        return missing;
    }

    /** Accepted events with at least one destination whose last destination got them between {@code from} and {@code to}. */
    private long fullyDeliveredBetween(long fromNanos, long toNanos) {
        long count = 0;
        for (String eventId : acceptedAt.keySet()) {
            long completedAt = completedAt(eventId);
            if (completedAt >= fromNanos && completedAt <= toNanos) {
                count++;
            }
        }
        return count;
    }

    /** When the last of an event's destinations first got it; {@code Long.MIN_VALUE} if one has not, or it has none. */
    private long completedAt(String eventId) {
        List<String> destinations = routes(eventId);
        long last = Long.MIN_VALUE;
        for (String destination : destinations) {
            Long at = firstDeliveredAt.get(eventId + "|" + destination);
            if (at == null) {
                return Long.MIN_VALUE;
            }
            last = Math.max(last, at);
        }
        return last;
    }

    /** End-to-end latencies (micros) from the time an acceptance counts from to first receipt, for the events of one phase. */
    private Histogram e2e(Set<String> eventIds) {
        Histogram latencies = new Histogram(3);
        for (String eventId : eventIds) {
            Long sent = acceptedAt.get(eventId);
            if (sent == null) {
                continue;
            }
            for (String destination : routes(eventId)) {
                Long at = firstDeliveredAt.get(eventId + "|" + destination);
                if (at != null) {
                    latencies.recordValue(Math.max(0, (at - sent) / 1000));
                }
            }
        }
        return latencies;
    }

    private void waitHealthy(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + port + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException starting) {
                // not yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("hub did not start; see its log under target/bench/");
    }
}
