package io.github.hrwebhookhub.metrics;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.hrwebhookhub.config.HubProperties;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * How many messages wait on each of the hub's queues. The embedded broker is asked directly; an external broker
 * (production) through its management address, with the broker's own request/reply protocol, refreshed on a schedule
 * so that a scrape never waits for the broker. NaN while the broker cannot say.
 */
@Component
public class QueueDepths {

    private static final Logger LOG = LoggerFactory.getLogger(QueueDepths.class);

    private final ObjectProvider<EmbeddedActiveMQ> embedded;
    private final ObjectProvider<ConnectionFactory> connections;
    private final String managementAddress;
    private final long replyTimeoutMillis;
    private final Map<String, Double> external = new ConcurrentHashMap<>();
    private volatile boolean failing;

    @Autowired
    public QueueDepths(ObjectProvider<EmbeddedActiveMQ> embedded, ObjectProvider<ConnectionFactory> connections, HubProperties hub) {
        this(embedded, connections, hub.broker().managementAddress(), hub.broker().callTimeout());
    }

    public QueueDepths(ObjectProvider<EmbeddedActiveMQ> embedded, ObjectProvider<ConnectionFactory> connections,
                       String managementAddress, Duration replyTimeout) {
        this.embedded = embedded;
        this.connections = connections;
        this.managementAddress = managementAddress;
        this.replyTimeoutMillis = replyTimeout.toMillis();
    }

    public double depth(String queueName) {
        EmbeddedActiveMQ broker = embedded.getIfAvailable();
        if (broker == null) {
            return external.getOrDefault(queueName, Double.NaN);
        }
        if (broker.getActiveMQServer() == null || !broker.getActiveMQServer().isActive()) {
            return Double.NaN;
        }
        Queue queue = broker.getActiveMQServer().locateQueue(SimpleString.of(queueName));
        return queue == null ? Double.NaN : queue.getMessageCount();
    }

    /** With an external broker, asks it for the message count of each queue; nothing to do for the embedded one. */
    public void refresh(Collection<String> queueNames) {
        if (embedded.getIfAvailable() != null) {
            return;
        }
        ConnectionFactory factory = connections.getIfAvailable();
        if (factory == null) {
            return;
        }
        try (Connection connection = factory.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            connection.start();
            // the connection pool deletes this temporary queue when the connection goes back to it
            TemporaryQueue replies = session.createTemporaryQueue();
            try (MessageProducer requests = session.createProducer(session.createQueue(managementAddress));
                 MessageConsumer answers = session.createConsumer(replies)) {
                requests.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
                for (String queueName : queueNames) {
                    external.put(queueName, ask(session, requests, answers, replies, queueName));
                }
            }
            if (failing) {
                LOG.info("queue depths available again from the broker's management address");
                failing = false;
            }
        } catch (JMSException | RuntimeException e) {
            queueNames.forEach(name -> external.put(name, Double.NaN));
            if (!failing) {
                LOG.warn("could not read queue depths from the broker's management address {} ({}); reported as NaN until it answers",
                        managementAddress, e.getClass().getSimpleName());
                failing = true;
            }
        }
    }

    private double ask(Session session, MessageProducer requests, MessageConsumer answers, TemporaryQueue replies, String queueName)
            throws JMSException {
        Message request = session.createMessage();
        JMSManagementHelper.putAttribute(request, ResourceNames.QUEUE + queueName, "messageCount");
        request.setJMSReplyTo(replies);
        requests.send(request);
        Message reply = answers.receive(replyTimeoutMillis);
        if (reply == null) {
            // a late answer would be taken for the next queue's: give up this round, its replies go with the queue
            throw new JMSException("no answer from the management address within " + replyTimeoutMillis + " ms");
        }
        if (!JMSManagementHelper.hasOperationSucceeded(reply)) {
            return Double.NaN;
        }
        try {
            Object count = JMSManagementHelper.getResult(reply);
            return count instanceof Number number ? number.doubleValue() : Double.NaN;
        } catch (Exception unreadable) {
            return Double.NaN;
        }
    }
}
