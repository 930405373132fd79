package io.github.hrwebhookhub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import io.github.hrwebhookhub.config.Queues;
import io.github.hrwebhookhub.support.HubTestSupport;
import io.github.hrwebhookhub.support.Signing;
import io.github.hrwebhookhub.support.WebhookSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and broken requests, each named: what was sent and what must come back. Every one gets its documented
 * 4xx (or, for a replay, 200 duplicate), nothing is enqueued or stored, no 5xx or stack trace reaches the sender,
 * and the hub keeps serving good traffic after each.
 */
class HostileRequestsTest extends HubTestSupport {

    /** What came back, from the HTTP client or a raw socket. */
    record Answer(int status, String body, String headers) {
    }

    /** One hostile request: sends itself against the hub and says which statuses are right. */
    record Case(String name, Function<HostileRequestsTest, Answer> send, int... expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private long eventsBefore;
    private long ledgerBefore;

    @BeforeEach
    void countBefore() {
        eventsBefore = messagesAdded(Queues.EVENTS);
        ledgerBefore = ledgerRows();
    }

    // ---- helpers to build requests

    private static String id() {
        return "msg_" + UUID.randomUUID();
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private static String event() {
        return WebhookSender.event("employee.created", "E-" + UUID.randomUUID());
    }

    private Answer http(WebhookSender.Post post) {
        HttpResponse<String> response = post.send();
        return new Answer(response.statusCode(), response.body(), response.headers().map().toString());
    }

    /** Signs {@code body} correctly for the demo source and sends it. */
    private Answer signed(String source, byte[] body) {
        return http(sender.post(source, body).signed(SOURCE_SECRET, id()));
    }

    private Answer signed(byte[] body) {
        return signed("demo", body);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private Answer withHeaders(String body, String... headerPairs) {
        WebhookSender.Post post = sender.post("demo", body).signed(SOURCE_SECRET, id());
        for (int i = 0; i < headerPairs.length; i += 2) {
            post.header(headerPairs[i], headerPairs[i + 1]);
        }
        return http(post);
    }

    private Answer signedWithTimestamp(String timestamp) {
        String id = id();
        byte[] body = utf8(event());
        return http(sender.post("demo", body).signed(SOURCE_SECRET, id).header("webhook-timestamp", timestamp));
    }

    private Answer signedAt(long timestamp) {
        return http(sender.post("demo", event()).signed(SOURCE_SECRET, id(), timestamp));
    }

    private Answer signature(String value) {
        return http(sender.post("demo", event()).signed(SOURCE_SECRET, id()).header("webhook-signature", value));
    }

    /** Speaks HTTP/1.1 over a plain socket, for requests a well-behaved client refuses to send. */
    private Answer raw(String head, byte[] body) {
        try (Socket socket = new Socket("127.0.0.1", intakePort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return readAnswer(socket.getInputStream());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Answer readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        try {
            while ((n = in.read(buffer)) != -1) {
                bytes.write(buffer, 0, n);
                String text = bytes.toString(StandardCharsets.ISO_8859_1);
                int end = text.indexOf("\r\n\r\n");
                if (end > 0 && complete(text, end)) {
                    break;
                }
            }
        } catch (java.net.SocketException closed) {
            // the server may close right after answering
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            return new Answer(0, "", "");
        }
        int status = Integer.parseInt(text.substring(9, 12));
        int end = text.indexOf("\r\n\r\n");
        return new Answer(status, end < 0 ? "" : text.substring(end + 4), end < 0 ? text : text.substring(0, end));
    }

    private static boolean complete(String text, int headerEnd) {
        String headers = text.substring(0, headerEnd).toLowerCase();
        int at = headers.indexOf("content-length:");
        if (at >= 0) {
            int length = Integer.parseInt(headers.substring(at + 15, headers.indexOf('\r', at) < 0 ? headers.length()
                    : headers.indexOf('\r', at)).trim());
            return text.length() - headerEnd - 4 >= length;
        }
        return text.endsWith("0\r\n\r\n") || headers.contains("connection: close") && text.length() > headerEnd + 4;
    }

    private String rawPost(String path, String extraHeaders, byte[] body) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + extraHeaders
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
    }

    private Answer rawSigned(String path, String extraHeaders, String body) {
        String id = id();
        long ts = now();
        byte[] bytes = utf8(body);
        String signing = "webhook-id: " + id + "\r\nwebhook-timestamp: " + ts + "\r\nwebhook-signature: "
                + Signing.sign(SOURCE_SECRET, id, ts, bytes) + "\r\n";
        return raw(rawPost(path, signing + extraHeaders, bytes), bytes);
    }

    private static String nested(int depth) {
        return "{\"type\":\"employee.created\",\"data\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
    }

    // ---- the cases

    static Stream<Arguments> cases() {
        List<Case> cases = new ArrayList<>();
        // bodies
        cases.add(new Case("empty body", t -> t.signed(new byte[0]), 400));
        cases.add(new Case("whitespace-only body", t -> t.signed(utf8("   \n\t ")), 400));
        cases.add(new Case("truncated JSON", t -> t.signed(utf8("{\"type\":\"employee.created\",\"data\":{\"employee_id\":")), 400));
        cases.add(new Case("JSON array instead of object", t -> t.signed(utf8("[{\"type\":\"employee.created\"}]")), 400));
        cases.add(new Case("JSON string instead of object", t -> t.signed(utf8("\"employee.created\"")), 400));
        cases.add(new Case("JSON null", t -> t.signed(utf8("null")), 400));
        cases.add(new Case("two JSON documents", t -> t.signed(utf8("{\"type\":\"a\"}{\"type\":\"b\"}")), 400));
        cases.add(new Case("trailing garbage after JSON", t -> t.signed(utf8("{\"type\":\"employee.created\"} trailing")), 400));
        cases.add(new Case("nesting 100 deep", t -> t.signed(utf8(nested(100))), 400));
        cases.add(new Case("nesting 100000 deep", t -> t.signed(utf8(nested(100_000))), 400));
        cases.add(new Case("huge string without a type", t -> t.signed(utf8("{\"data\":\"" + "x".repeat(900_000) + "\"}")), 400));
        cases.add(new Case("huge number", t -> t.signed(utf8("{\"type\":\"employee.created\",\"n\":" + "9".repeat(5000) + "}")), 400));
        cases.add(new Case("body one byte over the limit", t -> t.signed(new byte[1024 * 1024 + 1]), 413));
        cases.add(new Case("8 MB body", t -> t.signed(new byte[8 * 1024 * 1024]), 413));
        cases.add(new Case("chunked body over the limit", t -> t.raw("POST /webhooks/demo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n", chunked(2 * 1024 * 1024)), 413));
        cases.add(new Case("Content-Length claims 1 GB", t -> t.raw("POST /webhooks/demo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 1073741824\r\nConnection: close\r\n\r\n", utf8("{}")), 413));
        cases.add(new Case("invalid UTF-8, validly signed", t -> t.signed(new byte[] {'{', '"', 't', '"', ':', '"', (byte) 0xff, '"', '}'}), 400));
        cases.add(new Case("overlong UTF-8 encoding", t -> t.signed(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xc0, (byte) 0xaf, '"', '}'}), 400));
        cases.add(new Case("UTF-16 body with BOM", t -> t.signed("{\"type\":\"employee.created\"}".getBytes(StandardCharsets.UTF_16)), 400));
        cases.add(new Case("NUL bytes in JSON", t -> t.signed(utf8("{\"type\":\"employee.created\u0000\",\u0000}")), 400));
        cases.add(new Case("body without event type", t -> t.signed(utf8("{\"data\":{\"employee_id\":\"E-1\"}}")), 400));
        cases.add(new Case("event type of 300 characters", t -> t.signed(utf8("{\"type\":\"" + "t".repeat(300) + "\"}")), 400));
        cases.add(new Case("event id of 600 characters", t -> t.http(t.sender.post("demo", event())
                .signed(SOURCE_SECRET, "m".repeat(600))), 400));
        cases.add(new Case("GitHub event without delivery id", t -> t.http(t.sender.post("gh", "{\"a\":1}")
                .header("X-GitHub-Event", "push").header("X-Hub-Signature-256", "sha256=" + "0".repeat(64))), 401));
        // content types
        cases.add(new Case("no content type", t -> t.withHeaders(event(), "Content-Type", null), 415));
        cases.add(new Case("text/plain", t -> t.withHeaders(event(), "Content-Type", "text/plain"), 415));
        cases.add(new Case("application/xml", t -> t.withHeaders(event(), "Content-Type", "application/xml"), 415));
        cases.add(new Case("form-urlencoded", t -> t.withHeaders(event(), "Content-Type", "application/x-www-form-urlencoded"), 415));
        cases.add(new Case("multipart/form-data", t -> t.withHeaders(event(), "Content-Type", "multipart/form-data; boundary=x"), 415));
        cases.add(new Case("application/jsonx", t -> t.withHeaders(event(), "Content-Type", "application/jsonx"), 415));
        // headers
        cases.add(new Case("signature header sent twice", t -> t.rawSigned("/webhooks/demo", "webhook-signature: v1,AAAA\r\n", event()), 401));
        cases.add(new Case("webhook-id sent twice", t -> t.rawSigned("/webhooks/demo", "webhook-id: other\r\n", event()), 401));
        cases.add(new Case("oversized header", t -> t.withHeaders(event(), "X-Padding", "p".repeat(64 * 1024)), 400, 431));
        cases.add(new Case("header injection in a header value", t -> t.raw("POST /webhooks/demo HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nwebhook-id: a\rSet-Cookie: x=y\r\nContent-Length: 2\r\nConnection: close\r\n\r\n",
                utf8("{}")), 400, 401));
        cases.add(new Case("header without a colon", t -> t.raw("POST /webhooks/demo HTTP/1.1\r\nHost: x\r\nthis is not a header\r\n"
                + "Content-Length: 2\r\nConnection: close\r\n\r\n", utf8("{}")), 400));
        cases.add(new Case("malformed request line", t -> t.raw("POST /webhooks/demo HTTP/9.9 extra\r\nHost: x\r\n\r\n", null), 400, 505));
        // paths
        cases.add(new Case("path traversal to actuator", t -> t.rawSigned("/webhooks/../actuator/prometheus", "", event()), 400, 401, 403, 404));
        cases.add(new Case("encoded path traversal", t -> t.rawSigned("/webhooks/..%2F..%2Factuator", "", event()), 400, 404));
        cases.add(new Case("encoded NUL in source", t -> t.rawSigned("/webhooks/demo%00", "", event()), 400, 404));
        cases.add(new Case("source of 5000 characters", t -> t.signed("s".repeat(5000), utf8(event())), 400, 404, 414));
        cases.add(new Case("upper-case source name", t -> t.signed("DEMO", utf8(event())), 404));
        cases.add(new Case("unknown source", t -> t.signed("nobody", utf8(event())), 404));
        cases.add(new Case("no source at all", t -> t.rawSigned("/webhooks/", "", event()), 404, 405));
        cases.add(new Case("extra path segment", t -> t.rawSigned("/webhooks/demo/extra", "", event()), 404));
        cases.add(new Case("unicode source", t -> t.rawSigned("/webhooks/d%C3%A9mo", "", event()), 404));
        // timestamps
        cases.add(new Case("timestamp in the far past", t -> t.signedAt(0), 401));
        cases.add(new Case("timestamp in the far future", t -> t.signedAt(32503680000L), 401));
        cases.add(new Case("negative timestamp", t -> t.signedAt(-1700000000L), 401));
        cases.add(new Case("non-numeric timestamp", t -> t.signedWithTimestamp("yesterday"), 401));
        cases.add(new Case("overflowing timestamp", t -> t.signedWithTimestamp("99999999999999999999999"), 401));
        cases.add(new Case("fractional timestamp", t -> t.signedWithTimestamp(now() + ".5"), 401));
        cases.add(new Case("empty timestamp", t -> t.signedWithTimestamp(""), 401));
        // signatures
        cases.add(new Case("signature with wrong version prefix", t -> t.signature("v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="), 401));
        cases.add(new Case("signature without version", t -> t.signature("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="), 401));
        cases.add(new Case("signature of wrong length", t -> t.signature("v1,AAAAAAAAAAAAAAAAAAAAAA=="), 401));
        cases.add(new Case("signature that is not base64", t -> t.signature("v1,!!!%%%***"), 401));
        cases.add(new Case("empty signature", t -> t.signature(""), 401));
        cases.add(new Case("twenty signatures, none valid", t -> t.signature(String.join(" ",
                java.util.Collections.nCopies(20, "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="))), 401));
        cases.add(new Case("a thousand signatures", t -> t.signature(String.join(" ", java.util.Collections.nCopies(1000, "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="))), 400, 401, 431));
        cases.add(new Case("signature in hex, not base64", t -> t.signature("v1," + "ab".repeat(32)), 401));
        cases.add(new Case("signature by another secret", t -> t.http(t.sender.post("demo", event())
                .signed("whsec_" + java.util.Base64.getEncoder().encodeToString(utf8("not the secret at all!")), id())), 401));
        cases.add(new Case("signature of another event id", t -> {
            String body = event();
            WebhookSender.Post post = t.sender.post("demo", body).signed(SOURCE_SECRET, "msg_original");
            return t.http(post.header("webhook-id", "msg_swapped"));
        }, 401));
        cases.add(new Case("signature of another body", t -> t.http(t.sender.post("demo", event()).signed(SOURCE_SECRET, id())
                .body(utf8(event()))), 401));
        cases.add(new Case("re-serialised JSON", t -> {
            String body = "{ \"type\": \"employee.created\", \"data\": {} }";
            return t.http(t.sender.post("demo", body).signed(SOURCE_SECRET, id()).body(utf8(body.replace(" ", ""))));
        }, 401));
        cases.add(new Case("replay of a captured request, ten minutes old", t -> t.signedAt(now() - 600), 401));
        cases.add(new Case("no signature headers at all", t -> t.http(t.sender.post("demo", event())), 401));
        // network edges
        cases.add(new Case("client outside allow-from", t -> t.signed("restricted", utf8(event())), 403));
        cases.add(new Case("spoofed X-Forwarded-For behind the proxy", t -> t.http(t.sender.post("restricted", event())
                .signed(SOURCE_SECRET, id()).header("X-Forwarded-For", "10.1.2.3, 198.51.100.7")), 403));
        cases.add(new Case("garbage X-Forwarded-For", t -> t.http(t.sender.post("restricted", event())
                .signed(SOURCE_SECRET, id()).header("X-Forwarded-For", "10.1.2.3; DROP TABLE")), 403));
        cases.add(new Case("host name in X-Forwarded-For", t -> t.http(t.sender.post("restricted", event())
                .signed(SOURCE_SECRET, id()).header("X-Forwarded-For", "internal.example")), 403));
        // methods
        cases.add(new Case("GET", t -> t.http(t.sender.post("demo", event()).signed(SOURCE_SECRET, id()).method("GET")), 405));
        cases.add(new Case("PUT", t -> t.http(t.sender.post("demo", event()).signed(SOURCE_SECRET, id()).method("PUT")), 405));
        cases.add(new Case("DELETE", t -> t.http(t.sender.post("demo", event()).signed(SOURCE_SECRET, id()).method("DELETE")), 405));
        cases.add(new Case("PATCH", t -> t.http(t.sender.post("demo", event()).signed(SOURCE_SECRET, id()).method("PATCH")), 405));
        cases.add(new Case("TRACE", t -> t.raw("TRACE /webhooks/demo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", null), 400, 403, 405));
        // a sender that stalls mid-body
        cases.add(new Case("body sent too slowly", HostileRequestsTest::slowBody, 408));
        return cases.stream().map(Arguments::of);
    }

    private static byte[] chunked(int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'a');
        for (int sent = 0; sent < size; sent += chunk.length) {
            out.writeBytes(utf8(Integer.toHexString(chunk.length) + "\r\n"));
            out.writeBytes(chunk);
            out.writeBytes(utf8("\r\n"));
        }
        out.writeBytes(utf8("0\r\n\r\n"));
        return out.toByteArray();
    }

    private static Answer slowBody(HostileRequestsTest t) {
        byte[] body = utf8(event());
        try (Socket socket = new Socket("127.0.0.1", t.intakePort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(t.rawPost("/webhooks/demo", "", body).getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, 0, 10);
            out.flush();
            for (int i = 0; i < 5; i++) {
                Thread.sleep(600); // a byte now and then, each read within the socket timeout
                out.write(body[10 + i]);
                out.flush();
            }
            out.write(body, 15, body.length - 15);
            out.flush();
            return readAnswer(socket.getInputStream());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hostileRequestGetsItsDocumented4xxAndLeavesNothingBehind(Case hostile) {
        Answer answer = hostile.send().apply(this);

        assertThat(Arrays.stream(hostile.expected()).boxed().toList()).as("%s answered %d: %s", hostile, answer.status(), answer.body())
                .contains(answer.status());
        assertThat(answer.body()).as("no stack trace").doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("at org.");
        assertThat(answer.headers().toLowerCase()).doesNotContain("x-padding").doesNotContain("set-cookie: x=y");
        assertThat(messagesAdded(Queues.EVENTS)).as("nothing enqueued").isEqualTo(eventsBefore);
        assertThat(ledgerRows()).as("nothing claimed").isEqualTo(ledgerBefore);
    }

    @AfterEach
    void goodTrafficStillServed() {
        assertThat(sender.sendEvent("demo", SOURCE_SECRET, id(), "task.completed").statusCode()).isEqualTo(202);
    }
}
