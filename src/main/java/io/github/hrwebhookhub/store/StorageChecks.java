package io.github.hrwebhookhub.store;

import java.util.List;

import io.github.hrwebhookhub.config.ConfigurationCheck;
import io.github.hrwebhookhub.config.HubProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The store's part of the startup configuration check: the storage keys decode to 32 bytes, and a hub on an external
 * broker (several instances) has one set. No key is ever shown.
 */
@Component
class StorageChecks implements ConfigurationCheck {

    private final boolean externalBroker;

    StorageChecks(@Value("${spring.artemis.mode:embedded}") String brokerMode) {
        this.externalBroker = "native".equalsIgnoreCase(brokerMode);
    }

    @Override
    public List<String> problems(HubProperties hub) {
        return PayloadCipher.problems(hub.storage(), externalBroker);
    }
}
