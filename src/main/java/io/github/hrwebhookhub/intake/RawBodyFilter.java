package io.github.hrwebhookhub.intake;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.hrwebhookhub.config.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Captures a webhook's body as raw bytes before anything decodes it, enforcing the size limit while reading.
 *
 * <p>The Spring Boot platform-http consumer of Camel 4.17 reads bodies through {@code getReader()} (CAMEL-23320), which
 * would decode the bytes a signature covers. This filter keeps the exact bytes in a request attribute for the
 * verifier, and hands Camel a request whose reader can never fail on invalid UTF-8 (the intake route answers those
 * with 400 itself). A body over the limit gets 413 without being buffered whole.
 */
public class RawBodyFilter extends OncePerRequestFilter {

    /** Request attribute holding the body bytes exactly as received. */
    public static final String RAW_BODY = RawBodyFilter.class.getName() + ".body";
    /** Request attribute holding the Content-Type as sent, before form types are masked (see CachedBodyRequest). */
    public static final String CONTENT_TYPE = RawBodyFilter.class.getName() + ".contentType";

    private final long maxBody;
    private final long readTimeoutNanos;
    private final ObjectMapper json;

    public RawBodyFilter(long maxBody, Duration readTimeout, ObjectMapper json) {
        this.json = json;
        this.maxBody = maxBody;
        this.readTimeoutNanos = readTimeout.toNanos();
    }

    /** The body arrived too slowly. */
    private static final class TooSlow extends IOException {
        TooSlow() {
            super("body not received within the read timeout", null);
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        byte[] body;
        try {
            body = declared > maxBody ? null : readAtMost(request.getInputStream(), maxBody, System.nanoTime() + readTimeoutNanos);
        } catch (TooSlow e) {
            reject(response, Problems.of(408, "request_timeout", "body not received in time"));
            return;
        } catch (IOException e) {
            // the sender went away or sent a broken chunked body
            reject(response, Problems.of(400, "invalid_body", "body could not be read"));
            return;
        }
        if (body == null) {
            reject(response, Problems.of(413, "payload_too_large", "body exceeds " + maxBody + " bytes"));
            return;
        }
        request.setAttribute(RAW_BODY, body);
        request.setAttribute(CONTENT_TYPE, request.getContentType());
        chain.doFilter(new CachedBodyRequest(request, body), response);
    }

    /**
     * Answers with the problem as the intake's errors are documented: {@code application/json} with {@code error} and
     * {@code detail} (and the other RFC 9457 members), and closes the connection, whose body may be unread.
     */
    private void reject(HttpServletResponse response, ProblemDetail problem) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setStatus(problem.getStatus());
        response.setHeader("Connection", "close");
        response.setContentType("application/json");
        response.getOutputStream().write(Problems.json(json, problem));
    }

    /** The body, or null once it grows past the limit. */
    private static byte[] readAtMost(InputStream in, long limit, long deadline) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            if (System.nanoTime() > deadline) {
                throw new TooSlow();
            }
            total += n;
            if (total > limit) {
                return null;
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * The request as Camel sees it: the cached body, and form or multipart content types masked as an opaque
     * type, because Camel's HTTP binding would otherwise parse such a body into parameters before the route runs
     * (failing on a non-form body with a 500, and logging the body in its message). The intake reads the real
     * Content-Type from the {@link #CONTENT_TYPE} attribute.
     */
    private static final class CachedBodyRequest extends HttpServletRequestWrapper {
        private static final String OPAQUE = "application/octet-stream";
        private final byte[] body;
        private final boolean masked;

        CachedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
            String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
            this.masked = type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/");
        }

        @Override
        public String getContentType() {
            return masked ? OPAQUE : super.getContentType();
        }

        @Override
        public String getHeader(String name) {
            return masked && "content-type".equalsIgnoreCase(name) ? OPAQUE : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return masked && "content-type".equalsIgnoreCase(name)
                    ? Collections.enumeration(List.of(OPAQUE)) : super.getHeaders(name);
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            // Lenient decoding: the verifier uses the raw bytes, and the route rejects invalid UTF-8 with 400.
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
        }

        @Override
        public String getCharacterEncoding() {
            return StandardCharsets.UTF_8.name();
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
