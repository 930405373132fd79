package io.github.hrwebhookhub.intake;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
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

    private final long maxBody;

    public RawBodyFilter(long maxBody) {
        this.maxBody = maxBody;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        byte[] body = declared > maxBody ? null : readAtMost(request.getInputStream(), maxBody);
        if (body == null) {
            response.setStatus(413);
            response.setHeader("Connection", "close");
            response.setContentType("application/json");
            response.getOutputStream().write(
                    ("{\"error\":\"payload_too_large\",\"detail\":\"body exceeds " + maxBody + " bytes\"}")
                            .getBytes(StandardCharsets.UTF_8));
            return;
        }
        request.setAttribute(RAW_BODY, body);
        chain.doFilter(new CachedBodyRequest(request, body), response);
    }

    /** The body, or null once it grows past the limit. */
    private static byte[] readAtMost(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            total += n;
            if (total > limit) {
                return null;
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static final class CachedBodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
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
