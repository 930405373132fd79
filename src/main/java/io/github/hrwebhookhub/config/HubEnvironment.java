package io.github.hrwebhookhub.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Derives settings from the few a user sets: {@code hub.data-dir} becomes an absolute path for the embedded broker
 * and database, and setting {@code spring.artemis.broker-url} alone switches from the embedded broker to that one. With an
 * external broker ({@code spring.artemis.mode=native}) no embedded broker starts.
 */
public class HubEnvironment implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> derived = new HashMap<>();
        String dataDir = environment.getProperty("hub.data-dir", "data");
        derived.put("hub.data-path", Path.of(dataDir).toAbsolutePath().normalize().toString());
        boolean nativeMode = "native".equalsIgnoreCase(environment.getProperty("spring.artemis.mode"));
        if (environment.containsProperty("spring.artemis.broker-url") && !environment.containsProperty("spring.artemis.mode")) {
            derived.put("spring.artemis.mode", "native");
            nativeMode = true;
        }
        if (nativeMode) {
            // Spring Boot would still start an (unused) embedded broker beside the external one: its empty queues
            // would then show in the console and the metrics instead of the real ones
            derived.put("spring.artemis.embedded.enabled", "false");
        }
        environment.getPropertySources().addLast(new MapPropertySource("hub-derived", derived));
    }
}
