package io.github.hrwebhookhub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.github.hrwebhookhub.HubLauncher;
import io.github.hrwebhookhub.support.HubTestSupport;
import io.github.hrwebhookhub.support.OpsClient;
import io.github.hrwebhookhub.support.WebhookSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** With management.server.port set, actuator and the console leave the webhook port and stay behind the ops login. */
class ManagementPortTest {

    @TempDir
    Path work;

    private ConfigurableApplicationContext hub;

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void actuatorAndConsoleMoveToTheManagementPortBehindTheLogin() {
        Map<String, Object> settings = HubLauncher.settings(work.resolve("data"));
        settings.put("management.server.port", "0");
        hub = HubLauncher.start(settings);
        int port = HubLauncher.port(hub);
        int management = Integer.parseInt(hub.getEnvironment().getProperty("local.management.port"));
        assertThat(management).isNotEqualTo(port);

        assertThat(new WebhookSender(port).sendEvent("demo", HubTestSupport.SOURCE_SECRET, "msg_" + UUID.randomUUID(),
                "task.completed").statusCode()).isEqualTo(202);
        OpsClient opsOnWebhookPort = new OpsClient(port, HubTestSupport.OPS_USER, HubTestSupport.OPS_PASSWORD);
        assertThat(opsOnWebhookPort.call("GET", "/actuator/prometheus").statusCode()).isIn(403, 404);
        assertThat(opsOnWebhookPort.call("GET", "/actuator/jolokia/version").statusCode()).isIn(403, 404);

        OpsClient anonymous = new OpsClient(management, null, null);
        OpsClient ops = new OpsClient(management, HubTestSupport.OPS_USER, HubTestSupport.OPS_PASSWORD);
        assertThat(anonymous.call("GET", "/actuator/health").statusCode()).isEqualTo(200);
        assertThat(anonymous.call("GET", "/actuator/prometheus").statusCode()).isEqualTo(401);
        assertThat(anonymous.call("GET", "/actuator/jolokia/version").statusCode()).isIn(302, 401);
        assertThat(ops.call("GET", "/actuator/prometheus").statusCode()).isEqualTo(200);
        assertThat(ops.call("GET", "/actuator/jolokia/version").statusCode()).isEqualTo(200);
    }
}
