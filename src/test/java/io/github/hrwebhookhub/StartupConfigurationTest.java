package io.github.hrwebhookhub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.Map;

import io.github.hrwebhookhub.config.InvalidConfigurationFailureAnalyzer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A hub started with several mistakes in its configuration stops once, before it opens a port or touches the broker,
 * and its report lists every mistake with the key to fix: the constraints and the checks of intake, delivery, store
 * and ops together. No secret, key or password appears in the report.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupConfigurationTest {

    private static final String BAD_DESTINATION_SECRET = "whsec_!!payroll-secret-not-base64!!";
    private static final String BAD_STORAGE_KEY = "c2hvcnQta2V5LTEyMw==";

    @Test
    void aHubWithSeveralMistakesStopsOnceListingEach(@TempDir Path dataDir, CapturedOutput output) {
        Map<String, Object> settings = HubLauncher.settings(dataDir);
        settings.put("hub.sources.partner.scheme", "carrier-pigeon");
        settings.put("hub.sources.gh.event-id", "cookie:delivery");
        settings.put("hub.destinations.payroll.secret", BAD_DESTINATION_SECRET);
        settings.put("hub.destinations.payroll.retry.max-attempts", "0");
        settings.put("hub.destinations.hris.url", "ftp://hris.example.com/in");
        settings.put("hub.destinations.messaging.rate", "-1");
        settings.put("hub.storage.encryption-key", BAD_STORAGE_KEY);
        settings.put("hub.network.trusted-proxies[2]", "not-a-proxy");
        settings.put("hub.ops.users[1].username", "ops");
        settings.put("hub.ops.users[1].password", "second-login-password");
        settings.put("hub.broker.commit-batch-size", "0");

        Throwable failure = catchThrowable(() -> HubLauncher.start(settings).close());

        assertThat(failure).isNotNull().hasRootCauseInstanceOf(BindValidationException.class);
        BindValidationException cause = (BindValidationException) rootCause(failure);
        FailureAnalysis analysis = new InvalidConfigurationFailureAnalyzer().analyze(failure);
        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).startsWith("The hub's configuration has 10 problems:").contains(
                "hub.sources.partner: unknown scheme 'carrier-pigeon'",
                "hub.sources.gh: ",
                "hub.destinations.payroll.secret: ",
                "hub.destinations.payroll.retry.max-attempts: must be greater than or equal to 1",
                "hub.destinations.hris.url: must be http or https",
                "hub.destinations.messaging.rate: must be greater than or equal to 0",
                "hub.storage.encryption-key: must be 32 bytes",
                "hub.network.trusted-proxies[2]: ",
                "hub.ops.users[1].username: 'ops' is already a login",
                "hub.broker.commit-batch-size: must be at least 1");
        assertThat(analysis.getAction()).contains("docs/configuration.md");
        assertThat(cause.getValidationErrors().getAllErrors()).hasSize(10);

        // what the operator sees: Spring Boot's startup failure report, written by this analyzer
        assertThat(output.getAll()).contains("APPLICATION FAILED TO START", "The hub's configuration has 10 problems:",
                "hub.destinations.hris.url: must be http or https");
        assertThat(output.getAll()).doesNotContain(BAD_DESTINATION_SECRET, "payroll-secret-not-base64", BAD_STORAGE_KEY,
                "second-login-password", "Value:");
        assertThat(dataDir.resolve("artemis")).as("stopped before the broker started").doesNotExist();
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
