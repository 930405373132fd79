package io.github.hrwebhookhub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The delivery HTTP client against a plain socket server that counts connections and requests: kept-alive
 * connections are reused, a POST that got no answer is never sent again by the client (the broker retries it),
 * redirects are answered as they are, timeouts are told apart from connection failures, and the request carries
 * exactly the headers and body it was given.
 */
class DestinationClientTest {

    /** One HTTP/1.1 request as the server read it. */
    record Request(String requestLine, Map<String, String> headers, byte[] body) {
    }

    /** A keep-alive HTTP/1.1 server on a socket; {@code answer} gives the raw response for a request, or null to hang up. */
    static final class SocketServer implements AutoCloseable {
        final ServerSocket socket;
        final AtomicInteger connections = new AtomicInteger();
        final List<Request> requests = new CopyOnWriteArrayList<>();

        SocketServer(Function<Request, String> answer) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket connection = socket.accept();
                        connections.incrementAndGet();
                        Thread handler = new Thread(() -> serve(connection, answer));
                        handler.setDaemon(true);
                        handler.start();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void serve(Socket connection, Function<Request, String> answer) {
            try (connection) {
                InputStream in = new BufferedInputStream(connection.getInputStream());
                OutputStream out = connection.getOutputStream();
                while (true) {
                    Request request = read(in);
                    if (request == null) {
                        return;
                    }
                    requests.add(request);
                    String response = answer.apply(request);
                    if (response == null) {
                        return;
                    }
                    out.write(response.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException gone) {
                // the client closed the connection
            }
        }

        private static Request read(InputStream in) throws IOException {
            String requestLine = line(in);
            if (requestLine == null || requestLine.isEmpty()) {
                return null;
            }
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
            }
            byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
            return new Request(requestLine, headers, body);
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.US_ASCII);
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/hook");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    private final DestinationClient client = new DestinationClient();

    @AfterEach
    void closeClient() {
        client.close();
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void sendsExactlyTheGivenHeadersAndBodyAsJson() throws Exception {
        try (SocketServer server = new SocketServer(request -> OK)) {
            DestinationClient.Answer answer = client.post(server.url(), Map.of("webhook-id", "evt_1", "webhook-timestamp", "1700000000"),
                    json("{\"salary\":1}"), Duration.ofSeconds(5));

            assertThat(answer).isEqualTo(new DestinationClient.Answer(200, null));
            Request request = server.requests.get(0);
            assertThat(request.requestLine()).isEqualTo("POST /hook HTTP/1.1");
            assertThat(request.headers()).containsEntry("content-type", "application/json")
                    .containsEntry("user-agent", "hr-webhook-hub")
                    .containsEntry("webhook-id", "evt_1")
                    .containsEntry("webhook-timestamp", "1700000000")
                    .doesNotContainKey("accept-encoding")
                    .doesNotContainKey("cookie");
            assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo("{\"salary\":1}");
        }
    }

    @Test
    void keptAliveConnectionIsReusedForTheNextDeliveries() throws Exception {
        try (SocketServer server = new SocketServer(request -> OK)) {
            for (int i = 0; i < 20; i++) {
                assertThat(client.post(server.url(), Map.of(), json("{}"), Duration.ofSeconds(5)).status()).isEqualTo(200);
            }
            assertThat(server.requests).hasSize(20);
            assertThat(server.connections.get()).isEqualTo(1);
        }
    }

    @Test
    void errorAnswerWithABodyStillLeavesTheConnectionReusable() throws Exception {
        String busy = "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 120\r\nContent-Length: 11\r\n\r\nslow down!!";
        try (SocketServer server = new SocketServer(request -> asksForBusy(request) ? busy : OK)) {
            assertThat(client.post(server.url(), Map.of("x-busy", "1"), json("{}"), Duration.ofSeconds(5)))
                    .isEqualTo(new DestinationClient.Answer(429, "120"));
            assertThat(client.post(server.url(), Map.of(), json("{}"), Duration.ofSeconds(5)).status()).isEqualTo(200);
            assertThat(server.connections.get()).isEqualTo(1);
        }
    }

    private static boolean asksForBusy(Request request) {
        return request.headers().containsKey("x-busy");
    }

    @Test
    void postThatGotNoAnswerIsNotSentAgainByTheClient() throws Exception {
        try (SocketServer server = new SocketServer(request -> null)) {
            assertThatThrownBy(() -> client.post(server.url(), Map.of(), json("{}"), Duration.ofSeconds(5)))
                    .isInstanceOf(IOException.class)
                    .isNotInstanceOf(DestinationClient.TimedOut.class);
            assertThat(server.requests).hasSize(1);
        }
    }

    @Test
    void redirectIsAnsweredAsItIsNotFollowed() throws Exception {
        String moved = "HTTP/1.1 302 Found\r\nLocation: /elsewhere\r\nContent-Length: 0\r\n\r\n";
        try (SocketServer server = new SocketServer(request -> moved)) {
            assertThat(client.post(server.url(), Map.of(), json("{}"), Duration.ofSeconds(5)).status()).isEqualTo(302);
            assertThat(server.requests).hasSize(1);
        }
    }

    @Test
    void silentDestinationTimesOutAfterTheDestinationsTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> client.post(URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/"), Map.of(), json("{}"),
                    Duration.ofMillis(300))).isInstanceOf(DestinationClient.TimedOut.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        }
    }

    @Test
    void refusedConnectionIsAConnectionFailureNotATimeout() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        assertThatThrownBy(() -> client.post(URI.create("http://127.0.0.1:" + port + "/"), Map.of(), json("{}"), Duration.ofSeconds(2)))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(DestinationClient.TimedOut.class);
    }
}
