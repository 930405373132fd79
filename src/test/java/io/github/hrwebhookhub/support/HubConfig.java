package io.github.hrwebhookhub.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.hrwebhookhub.config.HubProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;

/**
 * Builds the hub's configuration records for unit tests the way the hub does: bound from properties, with the
 * records' defaults for everything not given. Keys are relative to {@code hub.} and written as in application.yaml
 * ({@code "dedup.claim-wait", "2s"}); a {@link List} value becomes an indexed list.
 */
public final class HubConfig {

    private HubConfig() {
    }

    /** The configuration an empty application.yaml gives. */
    public static HubProperties defaults() {
        return of();
    }

    /** The configuration with these settings: key, value, key, value, ... */
    public static HubProperties of(Object... keysAndValues) {
        return bind("hub", HubProperties.class, keysAndValues);
    }

    /** One source's settings: key, value, ... relative to {@code hub.sources.<name>.} */
    public static HubProperties.Source source(Object... keysAndValues) {
        return bind("source", HubProperties.Source.class, keysAndValues);
    }

    /** One destination's settings: key, value, ... relative to {@code hub.destinations.<name>.} */
    public static HubProperties.Destination destination(Object... keysAndValues) {
        return bind("destination", HubProperties.Destination.class, keysAndValues);
    }

    /** The generic hmac scheme's settings: key, value, ... relative to {@code hub.sources.<name>.hmac.} */
    public static HubProperties.Hmac hmac(Object... keysAndValues) {
        return bind("hmac", HubProperties.Hmac.class, keysAndValues);
    }

    private static <T> T bind(String prefix, Class<T> type, Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values come in pairs");
        }
        Map<String, Object> flat = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            put(flat, prefix + "." + keysAndValues[i], keysAndValues[i + 1]);
        }
        Binder binder = new Binder(List.of(new MapConfigurationPropertySource(flat)), null,
                ApplicationConversionService.getSharedInstance());
        return binder.bindOrCreate(prefix, type);
    }

    private static void put(Map<String, Object> flat, String key, Object value) {
        if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                flat.put(key, "");
            }
            for (int i = 0; i < list.size(); i++) {
                put(flat, key + "[" + i + "]", list.get(i));
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> put(flat, key + "." + k, v));
        } else {
            flat.put(key, value == null ? "" : String.valueOf(value));
        }
    }
}
