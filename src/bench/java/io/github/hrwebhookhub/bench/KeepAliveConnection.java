package io.github.hrwebhookhub.bench;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * One HTTP/1.1 keep-alive connection of the load generator over a plain socket (TCP_NODELAY): each pre-serialised
 * request goes out in a single write, the answer is read by a {@link ResponseReader}. After an error or an answer that
 * asks for the connection to be closed, the socket is dropped and the next request opens a new one.
 */
final class KeepAliveConnection implements Closeable {

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int READ_TIMEOUT_MILLIS = 30_000;

    private final InetSocketAddress address;
    private Socket socket;
    private OutputStream out;
    private ResponseReader reader;
    /** Whether the last failed attempt had received part of an answer (then it is not sent again). */
    private boolean answerStarted;

    KeepAliveConnection(String host, int port) {
        this.address = new InetSocketAddress(host, port);
    }

    /** Opens the socket now (if not open yet), so that connecting does not count in the first request's latency. */
    void connect() throws IOException {
        if (socket != null) {
            return;
        }
        Socket fresh = new Socket();
        try {
            fresh.setTcpNoDelay(true);
            fresh.setSoTimeout(READ_TIMEOUT_MILLIS);
            fresh.connect(address, CONNECT_TIMEOUT_MILLIS);
            out = fresh.getOutputStream();
            reader = new ResponseReader(fresh.getInputStream());
            socket = fresh;
        } catch (IOException e) {
            fresh.close();
            throw e;
        }
    }

    /**
     * Sends one request and returns the answer's status code; on a failure the connection is closed and the error
     * thrown. A server may close a keep-alive connection while it is idle; when a reused connection fails before any
     * byte of the answer arrived (and not by timing out), the request is sent once more on a fresh connection, as HTTP
     * clients commonly do.
     */
    int exchange(byte[] request) throws IOException {
        boolean reused = socket != null;
        try {
            return attempt(request);
        } catch (IOException e) {
            if (!reused || answerStarted || e instanceof SocketTimeoutException) {
                throw e;
            }
            return attempt(request);
        }
    }

    private int attempt(byte[] request) throws IOException {
        answerStarted = false;
        connect();
        try {
            out.write(request);
            int status = reader.read();
            if (reader.closeRequested()) {
                close();
            }
            return status;
        } catch (IOException | RuntimeException e) {
            answerStarted = reader.answerStarted();
            close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
        socket = null;
        out = null;
        reader = null;
    }
}
