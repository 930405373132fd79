package io.github.hrwebhookhub.config;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import org.springframework.jms.support.destination.CachingDestinationResolver;
import org.springframework.jms.support.destination.DynamicDestinationResolver;
import org.springframework.stereotype.Component;

/**
 * Resolves queue names to JMS destinations once and reuses them. Resolving a name anew for every message (what the
 * JMS component does by default) makes the broker client ask the broker about the queue on every send: a blocking
 * round trip per message on the intake, routing and delivery paths.
 */
@Component("knownQueues")
public class KnownQueues implements CachingDestinationResolver {

    private final DynamicDestinationResolver dynamic = new DynamicDestinationResolver();
    private final Map<String, Destination> resolved = new ConcurrentHashMap<>();

    @Override
    public Destination resolveDestinationName(Session session, String destinationName, boolean pubSubDomain) throws JMSException {
        String key = (pubSubDomain ? "topic:" : "queue:") + destinationName;
        Destination destination = resolved.get(key);
        if (destination == null) {
            destination = dynamic.resolveDestinationName(session, destinationName, pubSubDomain);
            resolved.putIfAbsent(key, destination);
        }
        return destination;
    }

    @Override
    public void removeFromCache(String destinationName) {
        resolved.remove("queue:" + destinationName);
        resolved.remove("topic:" + destinationName);
    }

    @Override
    public void clearCache() {
        resolved.clear();
    }
}
