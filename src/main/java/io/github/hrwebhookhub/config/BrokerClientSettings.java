package io.github.hrwebhookhub.config;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Bounds how long a broker call may block. Artemis waits 30 s by default for the broker to confirm a durable send; a
 * broker that went away mid-call would hold the sender's request that long. With this bound the intake answers
 * 503 quickly instead (and the sender retries).
 */
@Component
public class BrokerClientSettings implements BeanPostProcessor {

    private final long callTimeoutMillis;

    /**
     * A bean post-processor is created before configuration properties are bound to beans, so it binds its one
     * setting of {@code hub.broker} itself (same key, same default as {@link HubProperties.Broker}).
     */
    public BrokerClientSettings(Environment environment) {
        HubProperties.Broker broker = Binder.get(environment).bindOrCreate("hub.broker", HubProperties.Broker.class);
        this.callTimeoutMillis = broker.callTimeout().toMillis();
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Object factory = bean instanceof JmsPoolConnectionFactory pool ? pool.getConnectionFactory() : bean;
        if (factory instanceof ActiveMQConnectionFactory artemis) {
            artemis.setCallTimeout(callTimeoutMillis);
            artemis.setCallFailoverTimeout(callTimeoutMillis);
        }
        return bean;
    }
}
