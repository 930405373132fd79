package io.github.hrwebhookhub.delivery;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Map;

import javax.net.ssl.SSLContext;

import jakarta.annotation.PreDestroy;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.stereotype.Component;

/**
 * POSTs deliveries to destinations, blocking on the delivery consumer's own thread: no selector thread, no executor
 * hand-off and no future per request, which the profile showed costing more CPU than the request itself. Connections
 * to each destination are pooled and kept alive. A failed request is never retried here (a webhook POST is not
 * idempotent for every receiver): the broker retries it, counted and with backoff. TLS uses the JVM's default trust
 * (including {@code javax.net.ssl.trustStore}) with host name verification; redirects are not followed.
 */
@Component
public class DestinationClient {

    private static final Timeout CONNECT_TIMEOUT = Timeout.ofSeconds(5);
    /** Exactly {@code application/json}, as before: no charset parameter (JSON is UTF-8 by definition). */
    private static final ContentType JSON = ContentType.create("application/json", (Charset) null);

    /** What the destination answered: its status and Retry-After header (null when absent). */
    public record Answer(int status, String retryAfter) {
    }

    /** The destination did not answer in time (connect or response). */
    public static class TimedOut extends IOException {
        TimedOut(Throwable cause) {
            super(cause.getClass().getSimpleName(), cause);
        }
    }

    private final PoolingHttpClientConnectionManager connections;
    private final CloseableHttpClient http;

    public DestinationClient() {
        try {
            connections = PoolingHttpClientConnectionManagerBuilder.create()
                    .setTlsSocketStrategy(new DefaultClientTlsStrategy(SSLContext.getDefault()))
                    .setMaxConnPerRoute(256)
                    .setMaxConnTotal(1024)
                    .setDefaultConnectionConfig(ConnectionConfig.custom()
                            .setConnectTimeout(CONNECT_TIMEOUT)
                            // a kept-alive connection idle this long is checked before it is used again
                            .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                            .setTimeToLive(TimeValue.ofMinutes(5))
                            .build())
                    .build();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context", e);
        }
        http = HttpClients.custom()
                .setConnectionManager(connections)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .setUserAgent("hr-webhook-hub")
                .build();
    }

    /**
     * POSTs the JSON body with the given headers and waits for the answer, at most {@code timeout} for the response
     * once connected. The response body is read and discarded so that the connection can be reused.
     *
     * @throws TimedOut when connecting or the response took too long
     * @throws IOException when the connection failed
     */
    public Answer post(URI url, Map<String, String> headers, byte[] body, Duration timeout) throws IOException {
        HttpPost post = new HttpPost(url);
        post.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(timeout)).build());
        headers.forEach(post::setHeader);
        post.setEntity(new ByteArrayEntity(body, JSON));
        try {
            return http.execute(post, response -> {
                EntityUtils.consume(response.getEntity());
                Header retryAfter = response.getFirstHeader("Retry-After");
                return new Answer(response.getCode(), retryAfter == null ? null : retryAfter.getValue());
            });
        } catch (InterruptedIOException e) {
            // connect and response timeouts; an interrupt of this thread also lands here and fails the attempt alike
            throw new TimedOut(e);
        }
    }

    @PreDestroy
    public void close() {
        http.close(CloseMode.GRACEFUL);
    }
}
