package io.github.hrwebhookhub;

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

    public static int port(ConfigurableApplicationContext hub) {
        return Integer.parseInt(hub.getEnvironment().getProperty("local.server.port"));
    }
}
