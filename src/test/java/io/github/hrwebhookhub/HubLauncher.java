package io.github.hrwebhookhub;

import io.github.hrwebhookhub.support.HubTestSupport;

import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts a hub in this JVM with settings given as command-line arguments, so they override application.yaml. */
public final class HubLauncher {

    private HubLauncher() {
    }

    public static ConfigurableApplicationContext start(Map<String, ?> properties) {
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(HubApplication.class).run(args);
    }

    /** The shared test settings (sources, stub destinations, fast retries) for a hub on a random port with its own data. */
    public static Map<String, Object> settings(java.nio.file.Path dataDir) {
        Map<String, Object> settings = new java.util.HashMap<>(HubTestSupport.hubSettings());
        settings.put("hub.data-dir", dataDir.toString());
        settings.put("server.port", "0");
        return settings;
    }

    public static int port(ConfigurableApplicationContext hub) {
        return Integer.parseInt(hub.getEnvironment().getProperty("local.server.port"));
    }
}
