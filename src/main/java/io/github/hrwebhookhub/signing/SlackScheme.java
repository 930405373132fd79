package io.github.hrwebhookhub.signing;

import java.util.List;

import org.springframework.stereotype.Component;

/**
 * Slack: {@code X-Slack-Signature: v0=<hex>} over {@code v0:<X-Slack-Request-Timestamp>:<body>}, keyed with the app's
 * signing secret as UTF-8. Event ids and types are read from Events API callbacks; the url_verification handshake is
 * not handled here.
 */
@Component
public class SlackScheme extends SlackStyleScheme {

    @Override
    public String name() {
        return "slack";
    }

    @Override
    protected String signatureHeader() {
        return "X-Slack-Signature";
    }

    @Override
    protected String timestampHeader() {
        return "X-Slack-Request-Timestamp";
    }

    @Override
    public List<String> eventIdLocations() {
        return List.of("jsonpath:$.event_id", "sha256");
    }

    @Override
    public List<String> eventTypeLocations() {
        return List.of("jsonpath:$.event.type", "jsonpath:$.type");
    }
}
