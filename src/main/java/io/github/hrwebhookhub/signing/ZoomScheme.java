package io.github.hrwebhookhub.signing;

import java.util.List;

import org.springframework.stereotype.Component;

/**
 * Zoom: {@code x-zm-signature: v0=<hex>} over {@code v0:<x-zm-request-timestamp>:<body>}, keyed with the app's
 * secret token as UTF-8. Zoom's payloads carry no event id, so the id is the hash of the body (which includes the
 * millisecond {@code event_ts}, so distinct events differ and retries of one event match).
 */
@Component
public class ZoomScheme extends SlackStyleScheme {

    @Override
    public String name() {
        return "zoom";
    }

    @Override
    protected String signatureHeader() {
        return "x-zm-signature";
    }

    @Override
    protected String timestampHeader() {
        return "x-zm-request-timestamp";
    }

    @Override
    public List<String> eventIdLocations() {
        return List.of("sha256");
    }

    @Override
    public List<String> eventTypeLocations() {
        return List.of("jsonpath:$.event");
    }
}
