package io.github.hrwebhookhub.delivery;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.github.hrwebhookhub.config.HubProperties;
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
        // the configuration validator has reported these before this bean is made; this guards other callers
        List<String> problems = new ArrayList<>(DestinationChecks.of(hub));
        StandardWebhooksScheme signing = new StandardWebhooksScheme();
        hub.destinations().forEach((name, settings) -> {
            Optional<PayloadMapping> mapping = mappings.find(settings.mapping());
            if (mapping.isEmpty()) {
                // the mapping files are read after the configuration is bound, so this one is checked here
                problems.add("hub.destinations." + name + ".mapping: unknown mapping '" + settings.mapping() + "'; known: "
                        + String.join(", ", mappings.names()));
            } else if (problems.isEmpty()) {
                byName.put(name, new Destination(name, settings, signing.key(settings.secret().trim()), mapping.get()));
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
        String url = destination.settings().url();
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
