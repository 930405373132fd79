package io.github.hrwebhookhub.intake;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import java.time.Duration;

import io.github.hrwebhookhub.config.HubProperties;
import io.github.hrwebhookhub.config.Placeholders;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.hrwebhookhub.signing.GenericHmacScheme;
import io.github.hrwebhookhub.signing.SignatureScheme;
import io.github.hrwebhookhub.signing.SignatureSchemes;
import org.springframework.stereotype.Component;

/**
 * The configured senders, checked once at startup: a source with no secret, an unusable secret or an unknown scheme
 * stops the hub with a message naming the source and the problem (never the secret).
 */
@Component
public class Sources {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    /** A source ready for requests: its scheme, decoded keys and where its event id and type live. */
    public record Source(String name, HubProperties.Source settings, SignatureScheme scheme, List<byte[]> keys,
                         List<String> idLocations, List<String> typeLocations, Map<String, String> typeMap,
                         List<Cidr> allowFrom, RateLimiter rateLimit) {

        /** The canonical type for a vendor type: the source's type-map, then the scheme's, else unchanged. */
        public String canonicalType(String vendorType) {
            return typeMap.getOrDefault(vendorType, vendorType);
        }
    }

    private final Map<String, Source> byName = new TreeMap<>();

    public Sources(HubProperties hub, SignatureSchemes schemes) {
        List<String> problems = configure(hub, schemes, byName);
        if (!problems.isEmpty()) {
            // the configuration validator reports these before this bean is made; this guards other callers
            throw new IllegalStateException("Invalid source configuration:\n  " + String.join("\n  ", problems));
        }
    }

    /** What is wrong with the configured sources, one line per source (part of the startup configuration check). */
    static List<String> problems(HubProperties hub, SignatureSchemes schemes) {
        return configure(hub, schemes, new TreeMap<>());
    }

    private static List<String> configure(HubProperties hub, SignatureSchemes schemes, Map<String, Source> into) {
        List<String> problems = new ArrayList<>();
        hub.sources().forEach((name, settings) -> {
            try {
                into.put(name, configure(name, settings, schemes));
            } catch (IllegalArgumentException e) {
                problems.add("hub.sources." + name + ": " + e.getMessage());
            }
        });
        return problems;
    }

    private static Source configure(String name, HubProperties.Source settings, SignatureSchemes schemes) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a source name must be lower-case letters, digits, '-' or '_'");
        }
        SignatureScheme scheme = schemes.find(settings.scheme()).orElseThrow(() -> new IllegalArgumentException(
                "unknown scheme '" + settings.scheme() + "'; known schemes: " + String.join(", ", schemes.names())));
        List<byte[]> keys = new ArrayList<>();
        if (scheme.name().equals("none")) {
            if (!settings.allowUnsigned()) {
                throw new IllegalArgumentException("scheme 'none' accepts unsigned requests; set allow-unsigned: true to mean it");
            }
        } else {
            List<String> secrets = new ArrayList<>(settings.secrets().stream().filter(s -> s != null && !s.isBlank()).toList());
            if (settings.secretsFile() != null) {
                try {
                    Files.readAllLines(settings.secretsFile()).stream().map(String::trim)
                            .filter(line -> !line.isEmpty() && !line.startsWith("#")).forEach(secrets::add);
                } catch (IOException e) {
                    throw new IllegalArgumentException("secrets-file " + settings.secretsFile() + " cannot be read ("
                            + e.getClass().getSimpleName() + ")");
                }
            }
            if (secrets.isEmpty()) {
                throw new IllegalArgumentException("no secret configured (secrets: [...] or secrets-file)");
            }
            for (int i = 0; i < secrets.size(); i++) {
                if (Placeholders.unresolved(secrets.get(i))) {
                    // an environment variable that was never set: the text "${...}" itself must never become a key
                    throw new IllegalArgumentException("secret #" + (i + 1) + " is the unresolved placeholder "
                            + secrets.get(i).trim() + ": set that environment variable (or property) before starting");
                }
                try {
                    keys.add(scheme.key(secrets.get(i).trim()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("secret #" + (i + 1) + ": " + e.getMessage());
                }
            }
        }
        if (scheme.name().equals("hmac")) {
            GenericHmacScheme.check(settings.hmac());
        }
        if (settings.tolerance() == null || settings.tolerance().isNegative()) {
            throw new IllegalArgumentException("tolerance must be a positive duration such as 5m");
        }
        List<String> ids = settings.eventId() == null || settings.eventId().isBlank()
                ? scheme.eventIdLocations() : List.of(settings.eventId().trim());
        List<String> types = settings.eventType() == null || settings.eventType().isBlank()
                ? scheme.eventTypeLocations() : List.of(settings.eventType().trim());
        ids.forEach(location -> EventFields.check(location, true));
        types.forEach(location -> EventFields.check(location, false));
        Map<String, String> typeMap = new HashMap<>(scheme.typeMap());
        typeMap.putAll(settings.typeMap());
        List<Cidr> allowFrom = settings.allowFrom().stream().filter(c -> c != null && !c.isBlank()).map(Cidr::parse).toList();
        if (settings.rateLimit() < 0) {
            throw new IllegalArgumentException("rate-limit must be 0 (unlimited) or events per second");
        }
        RateLimiter rateLimit = settings.rateLimit() == 0 ? null : RateLimiter.of("source-" + name, RateLimiterConfig.custom()
                .limitForPeriod((int) Math.max(1, Math.round(settings.rateLimit())))
                .limitRefreshPeriod(settings.rateLimit() >= 1 ? Duration.ofSeconds(1)
                        : Duration.ofMillis((long) (1000 / settings.rateLimit())))
                .timeoutDuration(Duration.ZERO)
                .build());
        return new Source(name, settings, scheme, List.copyOf(keys), ids, types, Map.copyOf(typeMap), allowFrom, rateLimit);
    }

    public Optional<Source> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byName.get(name));
    }
}
