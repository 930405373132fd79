package io.github.hrwebhookhub.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Queues and their broker-side behaviour, declared in one place for the embedded broker. Delivery retries are
 * scheduled by the delivery route itself (so each retry carries its reason and survives restarts); the broker's own
 * redelivery below is only the safety net for a consumer that fails unexpectedly.
 */
@Configuration(proxyBeanMethods = false)
public class BrokerConfiguration {

    /** Remembered message ids per address; covers re-sends after a crash between enqueue and the ledger update. */
    static final int DUPLICATE_ID_CACHE = 200_000;

    @Bean
    ArtemisConfigurationCustomizer hubQueues(HubProperties hub) {
        Duration journalSyncInterval = hub.getBroker().getJournalSyncInterval();
        return config -> {
            // Durable sends and commits wait for a journal sync; the journal gathers what arrives within this interval
            // into one sync. Artemis' default (3.3 ms) suits slow disks; a disk that syncs in about a millisecond
            // serves more waiting senders per second with a shorter interval.
            config.setJournalBufferTimeout_NIO((int) journalSyncInterval.toNanos());
            config.setIDCacheSize(DUPLICATE_ID_CACHE);
            // queues and their message counts in Hawtio's JMX tree, where ops can browse and move dead letters
            config.setJMXManagementEnabled(true);
            config.setPersistIDCache(true);
            for (QueueConfiguration queue : queues(hub)) {
                config.addQueueConfiguration(queue);
            }
            config.addAddressSetting(Queues.EVENTS, safetyNet(Queues.ROUTING_DLQ));
            for (String destination : hub.getDestinations().keySet()) {
                config.addAddressSetting(Queues.deliver(destination), safetyNet(Queues.deadLetter(destination)));
            }
        };
    }

    static List<QueueConfiguration> queues(HubProperties hub) {
        List<String> names = new ArrayList<>(List.of(Queues.EVENTS, Queues.UNROUTED, Queues.ROUTING_DLQ, Queues.QUARANTINE));
        for (String destination : hub.getDestinations().keySet()) {
            names.add(Queues.deliver(destination));
            names.add(Queues.deadLetter(destination));
        }
        return names.stream()
                .map(name -> QueueConfiguration.of(name).setAddress(name).setRoutingType(RoutingType.ANYCAST).setDurable(true))
                .toList();
    }

    static AddressSettings safetyNet(String deadLetterQueue) {
        return new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(deadLetterQueue))
                .setMaxDeliveryAttempts(10)
                .setRedeliveryDelay(1_000)
                .setRedeliveryMultiplier(2)
                .setMaxRedeliveryDelay(60_000);
    }
}
