package io.github.hrwebhookhub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.hrwebhookhub.HubLauncher;
import io.github.hrwebhookhub.support.HubTestSupport;
import io.github.hrwebhookhub.support.OpsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** No default password: without one configured, a strong one is generated, printed once, and it works. */
@ExtendWith(OutputCaptureExtension.class)
class GeneratedPasswordTest {

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
    void withoutAConfiguredPasswordAStrongOneIsGeneratedAndPrintedOnce(CapturedOutput output) {
        Map<String, Object> settings = new HashMap<>(HubTestSupport.hubSettings());
        settings.remove("hub.ops.password");
        settings.put("hub.data-dir", work.resolve("data").toString());
        settings.put("server.port", "0");
        hub = HubLauncher.start(settings);

        Matcher printed = Pattern.compile("Generated ops password for user 'ops': (\\S+)").matcher(output.getAll());
        assertThat(printed.find()).isTrue();
        String password = printed.group(1);
        assertThat(password).hasSizeGreaterThanOrEqualTo(32);
        assertThat(printed.find()).as("printed once").isFalse();

        int port = HubLauncher.port(hub);
        assertThat(new OpsClient(port, "ops", password).call("GET", "/ops/events").statusCode()).isEqualTo(200);
        for (String guess : new String[] {"ops", "admin", "password", "changeit", ""}) {
            assertThat(new OpsClient(port, "ops", guess).call("GET", "/ops/events").statusCode()).isEqualTo(401);
        }
    }
}
