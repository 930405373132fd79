package io.github.hrwebhookhub.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The load generator's answer parser: keep-alive framing by Content-Length, chunked bodies, and when to reconnect. */
class ResponseReaderTest {

    private static ResponseReader reader(String answers) {
        return new ResponseReader(new ByteArrayInputStream(answers.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** Hands out at most one byte per read, so every line and body crosses buffer refills. */
    private static ResponseReader trickling(String answers) {
        ByteArrayInputStream bytes = new ByteArrayInputStream(answers.getBytes(StandardCharsets.ISO_8859_1));
        return new ResponseReader(new InputStream() {
            @Override
            public int read() {
                return bytes.read();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                return bytes.read(buffer, offset, Math.min(1, length));
            }
        });
    }

    @Test
    void readsKeepAliveAnswersFramedByContentLength() throws IOException {
        ResponseReader reader = reader("HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{\"status\":\"ok\"}"
                + "HTTP/1.1 401 Unauthorized\r\ncontent-length: 2\r\n\r\n{}");
        assertThat(reader.read()).isEqualTo(202);
        assertThat(reader.closeRequested()).isFalse();
        assertThat(reader.read()).isEqualTo(401);
        assertThat(reader.closeRequested()).isFalse();
    }

    @Test
    void readsChunkedBodiesWithExtensionsAndTrailers() throws IOException {
        ResponseReader reader = trickling("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nTrailer: x\r\n\r\n"
                + "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n");
        assertThat(reader.read()).isEqualTo(200);
        assertThat(reader.read()).isEqualTo(202);
    }

    @Test
    void skipsInterimAnswers() throws IOException {
        ResponseReader reader = reader("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 202 Accepted\r\nContent-Length: 2\r\n\r\n{}");
        assertThat(reader.read()).isEqualTo(202);
    }

    @Test
    void asksToReconnectWhenTheServerClosesOrSpeaksHttp10() throws IOException {
        ResponseReader close = reader("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        assertThat(close.read()).isEqualTo(503);
        assertThat(close.closeRequested()).isTrue();

        ResponseReader http10 = reader("HTTP/1.0 202 Accepted\r\nContent-Length: 0\r\n\r\n");
        assertThat(http10.read()).isEqualTo(202);
        assertThat(http10.closeRequested()).isTrue();

        ResponseReader http10KeepAlive = reader("HTTP/1.0 202 Accepted\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n");
        assertThat(http10KeepAlive.read()).isEqualTo(202);
        assertThat(http10KeepAlive.closeRequested()).isFalse();

        ResponseReader untilEnd = reader("HTTP/1.1 200 OK\r\n\r\nbody up to the end of the stream");
        assertThat(untilEnd.read()).isEqualTo(200);
        assertThat(untilEnd.closeRequested()).isTrue();
    }

    @Test
    void failsOnATruncatedAnswer() {
        assertThatThrownBy(() -> reader("HTTP/1.1 202 Accepted\r\nContent-Length: 15\r\n\r\n{\"sta").read()).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> reader("garbage\r\n\r\n").read()).isInstanceOf(IOException.class);
    }
}
