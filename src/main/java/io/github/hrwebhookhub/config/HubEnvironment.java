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
 * and database, and setting {@code spring.artemis.broker-url} alone switches from the embedded broker to that one.
 */
public class HubEnvironment implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> derived = new HashMap<>();
        String dataDir = environment.getProperty("hub.data-dir", "data");
        derived.put("hub.data-path", Path.of(dataDir).toAbsolutePath().normalize().toString());
        if (environment.containsProperty("spring.artemis.broker-url") && !environment.containsProperty("spring.artemis.mode")) {
            derived.put("spring.artemis.mode", "native");
            derived.put("spring.artemis.embedded.enabled", "false");
        }
        environment.getPropertySources().addLast(new MapPropertySource("hub-derived", derived));
    }
}
