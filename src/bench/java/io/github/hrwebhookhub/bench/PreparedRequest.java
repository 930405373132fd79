package io.github.hrwebhookhub.bench;

import java.nio.charset.StandardCharsets;

/**
 * One webhook request serialised once, before any timing starts: request line, Host, Content-Type, the three Standard
 * Webhooks headers, Content-Length and the body, in one array that the generator writes with a single write.
 *
 * @param eventId the hub's id of the event, for the ledger
 * @param bytes   the whole HTTP/1.1 request
 */
record PreparedRequest(String eventId, byte[] bytes) {

    /** Serialises {@code event} as a POST to {@code path} on {@code host:port}. */
    static PreparedRequest of(Benchmark.Event event, String host, int port, String path) {
        String head = "POST " + path + " HTTP/1.1\r\n"
                + "Host: " + host + ":" + port + "\r\n"
                + "Content-Type: application/json\r\n"
                + "webhook-id: " + event.id() + "\r\n"
                + "webhook-timestamp: " + event.ts() + "\r\n"
                + "webhook-signature: " + event.signature() + "\r\n"
                + "Content-Length: " + event.body().length + "\r\n"
                + "\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[headBytes.length + event.body().length];
        System.arraycopy(headBytes, 0, bytes, 0, headBytes.length);
        System.arraycopy(event.body(), 0, bytes, headBytes.length, event.body().length);
        return new PreparedRequest(event.eventId(), bytes);
    }
}
