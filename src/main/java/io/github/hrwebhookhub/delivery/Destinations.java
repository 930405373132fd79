package io.github.hrwebhookhub.delivery;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.github.hrwebhookhub.config.HubProperties;
import io.github.hrwebhookhub.config.Placeholders;
import io.github.hrwebhookhub.config.Queues;
import io.github.hrwebhookhub.signing.StandardWebhooksScheme;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The configured destinations ({@code hub.destinations.*}), checked at startup. A destination without a URL points at
 * the hub's own sandbox receiver, {@code /sandbox/<name>}.
 */
@Component("destinations")
public class Destinations {

    /** A destination ready for deliveries. */
    public record Destination(String name, HubProperties.Destination settings, byte[] signingKey, PayloadMapping mapping) {
    }

    private final Map<String, Destination> byName = new TreeMap<>();
    private volatile int localPort = 8080;

    public Destinations(HubProperties hub, PayloadMappings mappings) {
        List<String> problems = new ArrayList<>();
        StandardWebhooksScheme signing = new StandardWebhooksScheme();
        hub.getDestinations().forEach((name, settings) -> {
            try {
                if (!name.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
                    throw new IllegalArgumentException("a destination name must be lower-case letters, digits, '-' or '_'");
                }
                if (settings.getUrl() != null && Placeholders.unresolved(settings.getUrl())) {
                    throw new IllegalArgumentException("url is the unresolved placeholder " + settings.getUrl().trim()
                            + ": set that environment variable (or property) before starting");
                }
                if (settings.getUrl() != null && !settings.getUrl().isBlank()) {
                    URI url = URI.create(settings.getUrl().trim());
                    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
                        throw new IllegalArgumentException("url must be http or https");
                    }
                }
                if (settings.getSecret() == null || settings.getSecret().isBlank()) {
                    throw new IllegalArgumentException("no secret: deliveries are always signed (secret: whsec_...)");
                }
                if (Placeholders.unresolved(settings.getSecret())) {
                    throw new IllegalArgumentException("secret is the unresolved placeholder " + settings.getSecret().trim()
                            + ": set that environment variable (or property) before starting");
                }
                byte[] key;
                try {
                    key = signing.key(settings.getSecret().trim());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("secret: " + e.getMessage());
                }
                PayloadMapping mapping = mappings.find(settings.getMapping()).orElseThrow(() -> new IllegalArgumentException(
                        "unknown mapping '" + settings.getMapping() + "'; known: " + String.join(", ", mappings.names())));
                HubProperties.Retry retry = settings.getRetry();
                if (retry.getMaxAttempts() < 1 || retry.getMultiplier() < 1 || retry.getInitial().isNegative()
                        || retry.getMaxDelay().compareTo(retry.getInitial()) < 0) {
                    throw new IllegalArgumentException("retry needs max-attempts >= 1, multiplier >= 1 and max-delay >= initial");
                }
                if (retry.getJitter() < 0 || retry.getJitter() >= 1) {
                    throw new IllegalArgumentException("retry.jitter must be a fraction from 0 (none) to below 1");
                }
                if (retry.getSchedule().stream().anyMatch(d -> d == null || d.isNegative())) {
                    throw new IllegalArgumentException("retry.schedule entries must be durations such as 5s, 5m, 2h");
                }
                if (settings.getTimeout().isNegative() || settings.getTimeout().isZero()) {
                    throw new IllegalArgumentException("timeout must be positive");
                }
                byName.put(name, new Destination(name, settings, key, mapping));
            } catch (IllegalArgumentException e) {
                problems.add("hub.destinations." + name + ": " + e.getMessage());
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid destination configuration:\n  " + String.join("\n  ", problems));
        }
    }

    @EventListener
    void onWebServer(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() == null) {
            localPort = event.getWebServer().getPort();
        }
    }

    public Optional<Destination> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Destination get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(
                "destination '" + name + "' is routed to but not configured under hub.destinations"));
    }

    public URI url(Destination destination) {
        String url = destination.settings().getUrl();
        return url == null || url.isBlank()
                ? URI.create("http://127.0.0.1:" + localPort + "/sandbox/" + destination.name())
                : URI.create(url.trim());
    }

    public Set<String> names() {
        return byName.keySet();
    }

    /**
     * For the router's recipient list: the delivery queue endpoint of each destination named in a comma-separated
     * list. An unknown name fails the routing transaction, so the event stays on the broker instead of being lost.
     */
    public List<String> queueEndpoints(String destinationNames) {
        List<String> endpoints = new ArrayList<>();
        for (String name : destinationNames.split(",")) {
            String trimmed = name.trim();
            if (!trimmed.isEmpty()) {
                get(trimmed);
                endpoints.add("jms:queue:" + Queues.deliver(trimmed));
            }
        }
        return endpoints;
    }
}
