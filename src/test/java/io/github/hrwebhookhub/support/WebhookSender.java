package io.github.hrwebhookhub.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** An HR platform posting to the hub over real HTTP. */
public final class WebhookSender {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public WebhookSender(int port) {
        this.baseUrl = "http://127.0.0.1:" + port;
    }

    /** A request under construction, signed with Standard Webhooks unless changed. */
    public final class Post {
        private final String source;
        private byte[] body;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String method = "POST";

        private Post(String source, byte[] body) {
            this.source = source;
            this.body = body;
            headers.put("Content-Type", "application/json");
        }

        public Post header(String name, String value) {
            if (value == null) {
                headers.remove(name);
            } else {
                headers.put(name, value);
            }
            return this;
        }

        public Post signed(String secret, String id, long timestampSeconds) {
            headers.put("webhook-id", id);
            headers.put("webhook-timestamp", Long.toString(timestampSeconds));
            headers.put("webhook-signature", Signing.sign(secret, id, timestampSeconds, body));
            return this;
        }

        public Post signed(String secret, String id) {
            return signed(secret, id, System.currentTimeMillis() / 1000);
        }

        /** Replaces the body after signing: a tampered request. */
        public Post body(byte[] replacement) {
            this.body = replacement;
            return this;
        }

        public Post method(String method) {
            this.method = method;
            return this;
        }

        public HttpResponse<String> send() {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/webhooks/" + source))
                    .timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(request::header);
            try {
                return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public Post post(String source, String body) {
        return new Post(source, body.getBytes(StandardCharsets.UTF_8));
    }

    public Post post(String source, byte[] body) {
        return new Post(source, body);
    }

    /** A hub-format event of the given canonical type, signed for the given source. */
    public HttpResponse<String> sendEvent(String source, String secret, String id, String type) {
        return post(source, event(type, "E-" + UUID.randomUUID())).signed(secret, id).send();
    }

    public static String event(String type, String employeeId) {
        return "{\"type\":\"" + type + "\",\"timestamp\":\"2026-11-27T09:00:00Z\",\"data\":{\"employee_id\":\"" + employeeId
                + "\",\"candidate_id\":\"C-1\",\"first_name\":\"Grace\",\"last_name\":\"Hopper\",\"department\":\"R&D\","
                + "\"salary\":{\"amount\":123456,\"currency\":\"USD\"},\"bank_account\":\"DE89370400440532013000\","
                + "\"national_id\":\"123-45-6789\"}}";
    }

    public String baseUrl() {
        return baseUrl;
    }
}
