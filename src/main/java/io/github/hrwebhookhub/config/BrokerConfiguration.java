package io.github.hrwebhookhub.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.camel.component.jms.ConsumerType;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.component.jms.JmsConfiguration;
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

    /** The scheme of {@link #transactedConsumers}: {@code jms-tx:queue:hr.events}. */
    public static final String TRANSACTED_JMS = "jms-tx";

    /**
     * The JMS component the routing and delivery routes consume with ({@code from: jms-tx:queue:...}), so that its
     * transaction settings are written once here instead of in each route file. Receiving a message and every send
     * the route makes with it commit or roll back together: the consumer's session is locally transacted and exposed
     * to the route's sends ({@code jms:} endpoints on the same connection factory), which join it. The consumer stays
     * open between messages (CACHE_CONSUMER), and under load one transaction covers several messages
     * ({@link BatchedCommits}: up to {@code hub.broker.commit-batch-size}, or {@code hub.broker.commit-batch-max-wait});
     * a crash makes the broker deliver them again, never loses them. Sends elsewhere (the intake's {@code jms:}
     * endpoint) are not affected. Each consumer still says {@code transacted: true} on its endpoint: set on the
     * component alone, a consumer whose route was suspended (open circuit) lost the messages it rejected while
     * stopping (DestinationGuardsTest shows it).
     */
    @Bean(TRANSACTED_JMS)
    JmsComponent transactedConsumers(CamelContext camel, BatchedCommits batchedCommits) {
        // the jms component's settings (connection factory, destination resolver, ...) plus the transaction's
        JmsConfiguration configuration = camel.getComponent("jms", JmsComponent.class).getConfiguration().copy();
        configuration.setTransacted(true);
        configuration.setLazyCreateTransactionManager(false);
        configuration.setExposeListenerSession(true);
        configuration.setCacheLevelName("CACHE_CONSUMER");
        configuration.setConsumerType(ConsumerType.Custom);
        configuration.setMessageListenerContainerFactory(batchedCommits);
        return new JmsComponent(configuration);
    }

    @Bean
    ArtemisConfigurationCustomizer hubQueues(HubProperties hub) {
        Duration journalSyncInterval = hub.broker().journalSyncInterval();
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
            for (String destination : hub.destinations().keySet()) {
                config.addAddressSetting(Queues.deliver(destination), safetyNet(Queues.deadLetter(destination)));
            }
        };
    }

    static List<QueueConfiguration> queues(HubProperties hub) {
        List<String> names = new ArrayList<>(List.of(Queues.EVENTS, Queues.UNROUTED, Queues.ROUTING_DLQ, Queues.QUARANTINE));
        for (String destination : hub.destinations().keySet()) {
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
