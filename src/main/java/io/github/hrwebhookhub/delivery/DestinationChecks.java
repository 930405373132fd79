package io.github.hrwebhookhub.delivery;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.github.hrwebhookhub.config.ConfigurationCheck;
import io.github.hrwebhookhub.config.HubProperties;
import io.github.hrwebhookhub.config.Placeholders;
import io.github.hrwebhookhub.signing.StandardWebhooksScheme;
import org.springframework.stereotype.Component;

/**
 * Delivery's part of the startup configuration check: each destination's name, URL and signing secret (the secret
 * is never shown). Bounds of timeouts, retries, rates and the circuit breaker are constraints on
 * {@link HubProperties.Destination}.
 */
@Component
class DestinationChecks implements ConfigurationCheck {

    private static final StandardWebhooksScheme SIGNING = new StandardWebhooksScheme();

    @Override
    public List<String> problems(HubProperties hub) {
        return of(hub);
    }

    /** What is wrong with the configured destinations, one line per problem. */
    static List<String> of(HubProperties hub) {
        List<String> problems = new ArrayList<>();
        hub.destinations().forEach((name, settings) -> {
            String prefix = "hub.destinations." + name;
            if (!name.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
                problems.add(prefix + ": a destination name must be lower-case letters, digits, '-' or '_'");
            }
            String url = settings.url();
            if (url != null && Placeholders.unresolved(url)) {
                problems.add(prefix + ".url: is the unresolved placeholder " + url.trim()
                        + ": set that environment variable (or property) before starting");
            } else if (url != null && !url.isBlank()) {
                try {
                    URI uri = URI.create(url.trim());
                    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                        problems.add(prefix + ".url: must be http or https");
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(prefix + ".url: is not a URL");
                }
            }
            String secret = settings.secret();
            if (secret == null || secret.isBlank()) {
                problems.add(prefix + ".secret: none set: deliveries are always signed (secret: whsec_...)");
            } else if (Placeholders.unresolved(secret)) {
                problems.add(prefix + ".secret: is the unresolved placeholder " + secret.trim()
                        + ": set that environment variable (or property) before starting");
            } else {
                try {
                    SIGNING.key(secret.trim());
                } catch (IllegalArgumentException e) {
                    problems.add(prefix + ".secret: " + e.getMessage());
                }
            }
        });
        return problems;
    }
}
