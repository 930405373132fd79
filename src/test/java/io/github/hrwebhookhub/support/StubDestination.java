package io.github.hrwebhookhub.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A downstream system (payroll, HRIS, messaging) as a real HTTP server on a random loopback port. Records every
 * request and answers with a programmable sequence of statuses, then with a default status.
 */
public final class StubDestination implements AutoCloseable {

    static {
        // Without it the JDK server stalls on Nagle/delayed-ACK interplay.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** One request as received. */
    public record Request(Map<String, List<String>> headers, byte[] body, int answeredWith, long atMillis) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        public String bodyText() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final String name;
    private final ConcurrentLinkedDeque<Request> requests = new ConcurrentLinkedDeque<>();
    private final ConcurrentLinkedDeque<Integer> scripted = new ConcurrentLinkedDeque<>();
    private final Map<String, ConcurrentLinkedDeque<Integer>> scriptedPerEvent = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger defaultStatus = new AtomicInteger(200);
    private volatile String retryAfter;
    private volatile long delayMillis;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    public StubDestination(String name) {
        this.name = name;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            answer(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            inFlight.decrementAndGet();
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String webhookId = exchange.getRequestHeaders().getFirst("webhook-id");
        ConcurrentLinkedDeque<Integer> forEvent = webhookId == null ? null : scriptedPerEvent.get(webhookId);
        Integer next = forEvent != null ? forEvent.pollFirst() : null;
        if (next == null) {
            next = scripted.pollFirst();
        }
        int status = next != null ? next : defaultStatus.get();
        requests.add(new Request(Map.copyOf(exchange.getRequestHeaders()), body, status, System.currentTimeMillis()));
        if (retryAfter != null && status != 200) {
            exchange.getResponseHeaders().add("Retry-After", retryAfter);
        }
        // no longer "in flight" once the answer leaves: the sender may start its next request right away
        inFlight.decrementAndGet();
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
    }

    public String name() {
        return name;
    }

    /** Answers the next requests with these statuses, in order, before falling back to the default. */
    public StubDestination thenAnswer(Integer... statuses) {
        scripted.addAll(List.of(statuses));
        return this;
    }

    /** Answers this event's next requests with these statuses, in order, whatever else arrives meanwhile. */
    public StubDestination thenAnswerFor(String eventId, Integer... statuses) {
        scriptedPerEvent.computeIfAbsent(eventId, id -> new ConcurrentLinkedDeque<>()).addAll(List.of(statuses));
        return this;
    }

    public StubDestination alwaysAnswer(int status) {
        defaultStatus.set(status);
        return this;
    }

    /** Answers only after this long: a slow destination. */
    public StubDestination delay(java.time.Duration delay) {
        this.delayMillis = delay.toMillis();
        return this;
    }

    /** The most requests this stub was serving at the same time. */
    public int maxConcurrent() {
        return maxInFlight.get();
    }

    public StubDestination retryAfter(String value) {
        this.retryAfter = value;
        return this;
    }

    public void reset() {
        requests.clear();
        scripted.clear();
        scriptedPerEvent.clear();
        defaultStatus.set(200);
        retryAfter = null;
        delayMillis = 0;
        maxInFlight.set(0);
    }

    /** Every request that carried this webhook-id. */
    public List<Request> requestsFor(String eventId) {
        List<Request> matching = new ArrayList<>();
        for (Request request : requests) {
            if (eventId.equals(request.header("webhook-id"))) {
                matching.add(request);
            }
        }
        return matching;
    }

    /** Requests for this event that the stub answered with 2xx: what the destination actually applied. */
    public long deliveredCount(String eventId) {
        return requestsFor(eventId).stream().filter(r -> r.answeredWith() >= 200 && r.answeredWith() < 300).count();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
