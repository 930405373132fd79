package io.github.hrwebhookhub.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.github.hrwebhookhub.HubLauncher;
import io.github.hrwebhookhub.support.HubTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With an external broker several instances share the work: what each would otherwise generate for itself (the
 * storage key, the ops password) must be configured, or the instance refuses to start and says what to set.
 */
class SharedSettingsTest {

    @TempDir
    Path work;

    private Map<String, Object> externalBroker() {
        Map<String, Object> settings = new HashMap<>(HubTestSupport.hubSettings());
        settings.put("hub.data-dir", work.resolve("data").toString());
        settings.put("server.port", "0");
        // nothing listens there: the checks must come before any connection attempt
        settings.put("spring.artemis.broker-url", "tcp://127.0.0.1:1");
        settings.put("hub.storage.encryption-key", java.util.Base64.getEncoder().encodeToString(new byte[32]));
        return settings;
    }

    @Test
    void externalBrokerWithoutAStorageKeyRefusesToStart() {
        Map<String, Object> settings = externalBroker();
        settings.remove("hub.storage.encryption-key");

        Throwable failure = catchThrowable(() -> HubLauncher.start(settings).close());

        assertThat(rootMessage(failure)).contains("hub.storage.encryption-key: must be set (env HUB_STORAGE_ENCRYPTIONKEY)");
        assertThat(work.resolve("data").resolve("keys")).as("no per-instance key generated").doesNotExist();
    }

    @Test
    void externalBrokerWithoutAnOpsPasswordRefusesToStart() {
        Map<String, Object> settings = externalBroker();
        settings.remove("hub.ops.password");

        Throwable failure = catchThrowable(() -> HubLauncher.start(settings).close());

        assertThat(rootMessage(failure)).contains("hub.ops.password: must be set (env HUB_OPS_PASSWORD)");
    }

    private static String rootMessage(Throwable failure) {
        assertThat(failure).as("the hub must not start").isNotNull();
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
