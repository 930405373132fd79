package io.github.hrwebhookhub.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A small buffered parser of HTTP/1.1 answers for the load generator: status line, headers up to the empty line, then
 * exactly Content-Length bytes of body, or a chunked body, or (neither given) everything up to the end of the stream.
 * Headers are matched in place, without building strings; the body is skipped, never kept. After each answer {@link #closeRequested()} says whether the connection must be
 * dropped ({@code Connection: close}, HTTP/1.0 without keep-alive, or a body delimited by the end of the stream).
 */
final class ResponseReader {

    private static final byte[] HTTP_1 = ascii("HTTP/1.");
    private static final byte[] CONTENT_LENGTH = ascii("content-length");
    private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding");
    private static final byte[] CONNECTION = ascii("connection");
    private static final byte[] CHUNKED = ascii("chunked");
    private static final byte[] CLOSE = ascii("close");
    private static final byte[] KEEP_ALIVE = ascii("keep-alive");

    private final InputStream in;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;
    private int lineStart;
    private int lineEnd;
    private long contentLength;
    private boolean chunked;
    private boolean close;
    private boolean answerStarted;

    ResponseReader(InputStream in) {
        this.in = in;
    }

    /** Reads one whole answer (skipping interim 1xx answers) and returns its status code. */
    int read() throws IOException {
        answerStarted = position < limit;
        int status;
        do {
            status = statusLine();
            headers();
        } while (status >= 100 && status < 200);
        body(status);
        return status;
    }

    /** Whether any byte of the answer being read (or just read) has arrived. */
    boolean answerStarted() {
        return answerStarted;
    }

    /** Whether the connection must be closed after the answer just read. */
    boolean closeRequested() {
        return close;
    }

    private int statusLine() throws IOException {
        nextLine();
        if (lineEnd - lineStart < 12 || !lineStartsWith(HTTP_1)) {
            throw new IOException("not an HTTP/1.x status line");
        }
        close = buffer[lineStart + HTTP_1.length] == '0';
        int status = 0;
        for (int i = lineStart + 9; i < lineStart + 12; i++) {
            status = status * 10 + digit(buffer[i], 10);
        }
        return status;
    }

    private void headers() throws IOException {
        contentLength = -1;
        chunked = false;
        for (nextLine(); lineEnd > lineStart; nextLine()) {
            header();
        }
    }

    private void header() throws IOException {
        if (nameIs(CONTENT_LENGTH)) {
            contentLength = number(valueStart(CONTENT_LENGTH), lineEnd, 10);
        } else if (nameIs(TRANSFER_ENCODING)) {
            chunked = valueContains(TRANSFER_ENCODING, CHUNKED);
        } else if (nameIs(CONNECTION)) {
            close = valueContains(CONNECTION, CLOSE) || (close && !valueContains(CONNECTION, KEEP_ALIVE));
        }
    }

    private void body(int status) throws IOException {
        if (status == 204 || status == 304) {
            return;
        }
        if (chunked) {
            chunkedBody();
        } else if (contentLength >= 0) {
            skip(contentLength);
        } else {
            close = true;
            skipToEnd();
        }
    }

    private void chunkedBody() throws IOException {
        for (long size = chunkSize(); size > 0; size = chunkSize()) {
            skip(size);
            nextLine();
            if (lineEnd > lineStart) {
                throw new IOException("chunk not followed by CRLF");
            }
        }
        for (nextLine(); lineEnd > lineStart; nextLine()) {
            // trailer fields: ignored
        }
    }

    private long chunkSize() throws IOException {
        nextLine();
        int end = lineStart;
        while (end < lineEnd && buffer[end] != ';' && buffer[end] != ' ' && buffer[end] != '\t') {
            end++;
        }
        return number(lineStart, end, 16);
    }

    /** Finds the next line (CRLF or bare LF); it is then {@code buffer[lineStart, lineEnd)}, valid until the next read. */
    private void nextLine() throws IOException {
        int scanned = position;
        while (true) {
            for (int i = scanned; i < limit; i++) {
                if (buffer[i] == '\n') {
                    lineStart = position;
                    lineEnd = i > position && buffer[i - 1] == '\r' ? i - 1 : i;
                    position = i + 1;
                    return;
                }
            }
            scanned = limit - position;
            compact();
            if (limit == buffer.length) {
                throw new IOException("header line too long");
            }
            fill();
        }
    }

    private boolean lineStartsWith(byte[] prefix) {
        if (lineEnd - lineStart < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buffer[lineStart + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether the current line is the header {@code lowerName} (compared ignoring case). */
    private boolean nameIs(byte[] lowerName) {
        int colon = lineStart + lowerName.length;
        if (colon >= lineEnd || buffer[colon] != ':') {
            return false;
        }
        for (int i = 0; i < lowerName.length; i++) {
            if (lower(buffer[lineStart + i]) != lowerName[i]) {
                return false;
            }
        }
        return true;
    }

    private int valueStart(byte[] name) {
        int start = lineStart + name.length + 1;
        while (start < lineEnd && (buffer[start] == ' ' || buffer[start] == '\t')) {
            start++;
        }
        return start;
    }

    /** Whether the current header's value contains {@code lowerToken}, ignoring case. */
    private boolean valueContains(byte[] name, byte[] lowerToken) {
        for (int from = valueStart(name); from + lowerToken.length <= lineEnd; from++) {
            int matched = 0;
            while (matched < lowerToken.length && lower(buffer[from + matched]) == lowerToken[matched]) {
                matched++;
            }
            if (matched == lowerToken.length) {
                return true;
            }
        }
        return false;
    }

    /** The number written in {@code buffer[start, end)} in {@code radix}, trailing blanks allowed. */
    private long number(int start, int end, int radix) throws IOException {
        int last = end;
        while (last > start && (buffer[last - 1] == ' ' || buffer[last - 1] == '\t')) {
            last--;
        }
        if (last == start || last - start > 15) {
            throw new IOException("bad number in answer");
        }
        long value = 0;
        for (int i = start; i < last; i++) {
            value = value * radix + digit(buffer[i], radix);
        }
        return value;
    }

    private static int digit(byte b, int radix) throws IOException {
        int digit = Character.digit(b, radix);
        if (digit < 0) {
            throw new IOException("bad digit in answer");
        }
        return digit;
    }

    private static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private void skip(long count) throws IOException {
        long left = count;
        while (left > 0) {
            if (position == limit) {
                position = 0;
                limit = 0;
                fill();
            }
            int taken = (int) Math.min(left, limit - position);
            position += taken;
            left -= taken;
        }
    }

    private void skipToEnd() throws IOException {
        position = 0;
        limit = 0;
        while (in.read(buffer) >= 0) {
            // discard
        }
    }

    private void compact() {
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
    }

    private void fill() throws IOException {
        int read = in.read(buffer, limit, buffer.length - limit);
        if (read < 0) {
            throw new EOFException("connection closed by the server");
        }
        limit += read;
        answerStarted = true;
    }
}
